"""One build at a time per warehouse database (techhub_dwh.build_lock, macros/operations/build_lock.sql).

- Two builds started at once: exactly one runs; the other stops at once with exit code 75 and
  one line naming the running build (its program, user, host and process).
- While a build holds the lock, `techhub-dwh build` stops before Dagster is loaded, a plain
  `dbt run` stops in its first on-run-start hook before building anything, and the Dagster dbt
  asset fails its step before starting dbt, each naming the running build.
- What a holding build starts inherits its lock (no deadlock with itself); a crashed holder
  releases it.

Cheap on purpose: dbt runs one staging view of the session's test database.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import psycopg2
import pytest

from techhub_dwh import build_lock, db
from techhub_dwh.dbt import dbt_env, dbt_executable
from techhub_dwh.paths import project_root

MODEL = "stg_techhub__core_city"
CLI = str(Path(sys.executable).with_name("techhub-dwh"))


def _line(database: str, holder: str) -> re.Pattern[str]:
    """The one line a refused build prints."""
    return re.compile(rf"techhub-dwh: another build is running on database {re.escape(database)}: {holder} "
                      r"\(backend pid \d+, user \S+, from \S+( \S+)*, since [0-9-]+ [0-9:]+ \S+\); "
                      r"nothing was done, try again when it has finished")


def _env(conn: db.ConnectionSettings) -> dict[str, str]:
    """A separate build's environment: nothing inherited from a holder in this process."""
    env = dbt_env(conn)
    env.pop(build_lock.HOLDER_ENV, None)
    env.pop("PGOPTIONS", None)
    return env


@contextlib.contextmanager
def _foreign_holder(conn: db.ConnectionSettings, name: str) -> Iterator[int]:
    """The lock held by a session that is no parent of anything here (as another build's)."""
    connection = psycopg2.connect(conn.dsn(), application_name=name)
    connection.autocommit = True
    try:
        with connection.cursor() as cur:
            cur.execute("select pg_try_advisory_lock(%s, %s), pg_backend_pid()",
                        (build_lock.LOCK_CLASS, build_lock.LOCK_ID))
            taken, pid = cur.fetchone()
            assert taken, "the lock is already held: is another build running on the test database?"
            yield pid
    finally:
        connection.close()


def test_two_builds_at_once_one_runs_the_other_stops_naming_it(generated_source, warehouse) -> None:
    started = time.monotonic()
    env = _env(warehouse)
    command = [CLI, "dbt", "run", "--select", MODEL]
    first, second = (subprocess.Popen(command, cwd=project_root(), env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2))
    ended: dict[int, float] = {}
    while len(ended) < 2 and time.monotonic() - started < 300:
        for process in (first, second):
            if process.pid not in ended and process.poll() is not None:
                ended[process.pid] = time.monotonic() - started
        time.sleep(0.05)
    outputs = {process.pid: process.communicate() for process in (first, second)}

    codes = sorted(process.returncode for process in (first, second))
    assert codes == [0, build_lock.EXIT_BUILD_RUNNING], {code: outputs[pid][1][-2000:] for pid, code in
                                                         ((p.pid, p.returncode) for p in (first, second))}
    [winner] = [process for process in (first, second) if process.returncode == 0]
    [loser] = [process for process in (first, second) if process is not winner]
    out, err = outputs[loser.pid]
    assert out == "" and len(err.splitlines()) == 1, (out, err)
    holder = re.escape(build_lock.build_name("dbt run", winner.pid))
    assert _line(warehouse.database, holder).fullmatch(err.strip()), err
    assert ended[loser.pid] < ended[winner.pid] and ended[loser.pid] < 10, ended

    # The winner held the lock for its whole run, and its dbt accepted it as its parent's.
    winner_out = outputs[winner.pid][0]
    assert "Build lock: held by the build that started this run" in winner_out, winner_out[-3000:]
    assert f"OK created sql view model staging.{MODEL}" in winner_out
    assert "already exists" not in winner_out


def test_while_a_build_runs_cli_dbt_and_dagster_stop_naming_it(generated_source, warehouse) -> None:
    holder = "a running build (test)"
    expected = _line(warehouse.database, re.escape(holder))
    with _foreign_holder(warehouse, holder):
        # The command line: one line, exit 75, before Dagster is loaded.
        started = time.monotonic()
        cli = subprocess.run([CLI, "build"], cwd=project_root(), env=_env(warehouse), text=True,
                             capture_output=True, timeout=120)
        assert cli.returncode == build_lock.EXIT_BUILD_RUNNING, cli.stdout + cli.stderr
        assert cli.stdout == "" and expected.fullmatch(cli.stderr.strip()), cli.stderr
        assert time.monotonic() - started < 15

        # Plain dbt: stopped by its first on-run-start hook; nothing built.
        plain = subprocess.run([dbt_executable(), "run", "--select", MODEL], cwd=project_root(),
                               env=_env(warehouse), text=True, capture_output=True, timeout=300)
        assert plain.returncode != 0
        assert [line.strip() for line in plain.stdout.splitlines() if expected.fullmatch(line.strip())], \
            plain.stdout[-3000:]
        assert "START sql view model" not in plain.stdout and "on-run-start.1" not in plain.stdout

        # The Dagster dbt asset (as in a run the daemon launched): the step fails before dbt starts.
        from techhub_orchestration.definitions import defs

        job = dg.define_asset_job("build_lock_probe", selection=dg.AssetSelection.assets(
            dg.AssetKey(["staging", MODEL])))
        with dg.instance_for_test() as instance:
            result = dg.Definitions.merge(defs, dg.Definitions(jobs=[job])).resolve_job_def(job.name) \
                .execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        [failure] = [event for event in result.all_events if event.event_type == dg.DagsterEventType.STEP_FAILURE]
        message = failure.event_specific_data.error.message
        assert expected.search(message) and "dbt `" not in message, message  # its own check, not dbt's hook
        assert not any(event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION for event in result.all_events)


def test_what_a_build_starts_inherits_its_lock_and_a_crash_releases_it(warehouse) -> None:
    with build_lock.hold(warehouse, "outer") as outer:
        assert not outer.inherited and os.environ[build_lock.HOLDER_ENV] == str(outer.backend_pid)
        assert f"-c {build_lock.HOLDER_SETTING}={outer.backend_pid}" in os.environ["PGOPTIONS"]
        with build_lock.hold(warehouse, "inner") as inner:  # the Dagster asset under `techhub-dwh build`
            assert inner.inherited and inner.backend_pid == outer.backend_pid
    assert build_lock.HOLDER_ENV not in os.environ

    # A holder killed outright: the server sees its connection close and frees the lock.
    code = textwrap.dedent("""
        import time
        from techhub_dwh import build_lock, db
        with build_lock.hold(db.settings(), "doomed"):
            print("held", flush=True)
            time.sleep(600)
    """)
    doomed = subprocess.Popen([sys.executable, "-c", code], env=_env(warehouse), text=True, stdout=subprocess.PIPE)
    try:
        assert doomed.stdout is not None and doomed.stdout.readline().strip() == "held"
        with pytest.raises(build_lock.BuildLockHeld, match="techhub-dwh doomed by"), \
                build_lock.hold(warehouse, "too early"):
            pass
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
    deadline = time.monotonic() + 10
    while True:
        try:
            with build_lock.hold(warehouse, "after the crash") as lock:
                assert not lock.inherited
            break
        except build_lock.BuildLockHeld:
            assert time.monotonic() < deadline, "the lock outlived its crashed holder"
            time.sleep(0.2)
