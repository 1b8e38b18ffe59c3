"""Faults mid-run: a killed build connection, a statement timeout, a restarted server.

What must hold:
- a BI reader (techhub_bi, its own connection) sees every marts and kpi table, complete, at every
  moment of an interrupted build: dbt builds a table as `<name>__dbt_tmp` and swaps it in by two
  renames inside the model's transaction, so a reader sees the old table or the new one, never a
  missing or half-filled one;
- every fault gives a non-zero exit and a message naming the cause, and a plain rerun succeeds and
  converges to the same marts (checksums of every marts and kpi table);
- a rebuild on the same source gives identical marts (every rerun below; test_chaos.py and
  test_three_nights.py compare incremental nights with a clean full refresh).

To interrupt a build at a known point, the test holds a lock on one kpi table: dbt builds
everything else, then waits on that table's swap (`alter table ... rename`), and the fault
strikes while it waits. The source never changes here and every build pins var('build_timestamp'),
so every build must produce the same rows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import sql

from reliability_helpers import (
    PINNED_VARS,
    SCRATCH_DIRTY_RATE,
    SCRATCH_SCALE,
    SCRATCH_SEED,
    checksums,
    connect_as,
    dbt_ok,
    differences,
    drop_database,
    execute,
    finish,
    run_dbt,
    source_database,
    start_dbt,
)
from techhub_dwh import db

pytestmark = pytest.mark.slow  # several builds and a throwaway server

CONNECTION_LOST = ("terminating connection due to administrator command",
                   "server closed the connection unexpectedly",
                   "connection already closed",
                   "the database system is shutting down")
# The faults are about materialisation, not data tests: the nightly `dbt build` without its
# tests (models, seeds and snapshots) builds every relation the same way, in less time.
RUN = ["build", "--exclude-resource-type", "test", "unit_test", *PINNED_VARS]
# The runs that are interrupted, and their reruns, rebuild what BI reads: every marts and kpi
# table (their inputs, unchanged, stay from the baseline build).
BI_RUN = ["run", "--select", "marts", "kpi", *PINNED_VARS]


@dataclasses.dataclass
class Baseline:
    conn: db.ConnectionSettings
    checksums: dict[str, tuple[int, str]]

    @property
    def locked_table(self) -> str:
        """A kpi table: built late in the DAG, after most marts have been swapped again."""
        return _late_table(self.checksums)


def _late_table(sums: dict[str, tuple[int, str]]) -> str:
    return sorted(name for name in sums if name.startswith("kpi."))[0]


def _build_baseline(conn: db.ConnectionSettings) -> dict[str, tuple[int, str]]:
    dbt_ok(conn, [*RUN, "--full-refresh"])
    sums = checksums(conn)
    assert sums and all(rows > 0 for rows, _ in sums.values()), sums
    return sums


@pytest.fixture(scope="module")
def baseline(warehouse: db.ConnectionSettings) -> Iterator[Baseline]:
    conn = source_database(warehouse, "faults")
    yield Baseline(conn, _build_baseline(conn))
    drop_database(conn)


@contextlib.contextmanager
def holding_lock(conn: db.ConnectionSettings, table: str) -> Iterator[psycopg2.extensions.connection]:
    """An open transaction that has read `table`: dbt's swap of it waits until we let go."""
    connection = psycopg2.connect(conn.dsn(), application_name="test-lock-holder")
    schema, name = table.split(".")
    try:
        with connection.cursor() as cur:
            cur.execute(sql.SQL("lock table {}.{} in access share mode").format(
                sql.Identifier(schema), sql.Identifier(name)))
        yield connection
    finally:
        with contextlib.suppress(psycopg2.Error):  # after a server restart the connection is gone
            connection.rollback()
        connection.close()


def _dbt_backends(conn: db.ConnectionSettings, waiting_on: str | None = None) -> list[int]:
    condition = "and wait_event_type = 'Lock' and query ilike %s" if waiting_on else ""
    params = (conn.database, f"%{waiting_on}%") if waiting_on else (conn.database,)
    return [pid for (pid,) in execute(conn, f"""
        select pid from pg_stat_activity
        where datname = %s and application_name = 'dbt' and pid <> pg_backend_pid() {condition}
    """, params)]


def _wait_for(condition, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            raise AssertionError(f"dbt ended before {what}:\n{finish(process)[1][-10000:]}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _leftovers(conn: db.ConnectionSettings) -> list[str]:
    return [name for (name,) in execute(conn, """
        select table_schema || '.' || table_name from information_schema.tables
        where table_name like '%%__dbt_tmp%%' or table_name like '%%__dbt_backup%%'
    """)]


class Reader(threading.Thread):
    """A BI user polling every marts and kpi table as techhub_bi: each must exist and hold exactly
    the baseline's rows (the source does not change, so any other count is a half-built table)."""

    def __init__(self, baseline: Baseline) -> None:
        super().__init__(daemon=True)
        self.baseline = baseline
        self.stop = threading.Event()
        self.rounds = 0
        self.problems: list[str] = []

    def run(self) -> None:
        with connect_as(self.baseline.conn, "techhub_bi") as connection, connection.cursor() as cur:
            while not self.stop.is_set():
                for name, (rows, _) in self.baseline.checksums.items():
                    schema, table = name.split(".")
                    try:
                        cur.execute(sql.SQL("select count(*) from {}.{}").format(
                            sql.Identifier(schema), sql.Identifier(table)))
                        seen = cur.fetchone()[0]
                        if seen != rows:
                            self.problems.append(f"{name}: {seen} rows instead of {rows}")
                    except psycopg2.Error as error:
                        self.problems.append(f"{name}: {type(error).__name__}: {str(error).strip()}")
                self.rounds += 1
                time.sleep(0.2)


@contextlib.contextmanager
def reading(baseline: Baseline) -> Iterator[Reader]:
    reader = Reader(baseline)
    reader.start()
    try:
        yield reader
    finally:
        reader.stop.set()
        reader.join(timeout=120)
    assert reader.rounds > 0


def test_killed_connection_leaves_readers_the_previous_marts(baseline: Baseline) -> None:
    table = baseline.locked_table
    with reading(baseline) as reader:
        with holding_lock(baseline.conn, table):
            process = start_dbt(baseline.conn, BI_RUN)
            stuck = _wait_for(lambda: _dbt_backends(baseline.conn, waiting_on="rename"), 600,
                              f"dbt to wait on the swap of {table}", process)
            # Mid-run: kill every connection of the build, the one waiting on the swap included.
            execute(baseline.conn, "select pg_terminate_backend(pid) from unnest(%s::int[]) as pid",
                    (_dbt_backends(baseline.conn),))
            assert stuck
        code, output = finish(process)
        time.sleep(1)  # a few more reader rounds after the build gave up
    assert code != 0, output[-5000:]
    assert any(message in output for message in CONNECTION_LOST), output[-5000:]
    assert reader.problems == [], "\n".join(reader.problems[:50])

    # Whatever the killed run left (an uncommitted __dbt_tmp is rolled back; a __dbt_backup
    # whose drop never ran may stay), the rerun cleans up and converges.
    dbt_ok(baseline.conn, BI_RUN)
    assert _leftovers(baseline.conn) == []
    assert differences(baseline.checksums, checksums(baseline.conn)) == []


def test_statement_timeout_gives_a_clear_error_and_a_clean_rerun(baseline: Baseline) -> None:
    table = baseline.locked_table
    with reading(baseline) as reader, holding_lock(baseline.conn, table):
        result = run_dbt(baseline.conn, BI_RUN, extra_env={"PGOPTIONS": "-c statement_timeout=15s"})
    assert result.returncode != 0
    assert "canceling statement due to statement timeout" in result.stdout
    model = table.split(".")[1]
    failed = [line for line in result.stdout.splitlines() if "ERROR" in line and model in line]
    assert failed, result.stdout[-5000:]
    assert reader.problems == [], "\n".join(reader.problems[:50])

    dbt_ok(baseline.conn, BI_RUN)
    assert _leftovers(baseline.conn) == []
    assert differences(baseline.checksums, checksums(baseline.conn)) == []


# ---------------------------------------------------------------- server restart


@pytest.fixture(scope="module")
def own_server() -> Iterator[tuple[db.ConnectionSettings, object]]:
    """A throwaway embedded PostgreSQL of this test alone (the shared one is never restarted),
    whichever server the rest of the suite uses."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    folder = Path(tempfile.mkdtemp(prefix="techhub-restart-"))
    folder.chmod(0o755)  # as root, pgserver runs the server as its own user, who must get in
    data_dir = folder / "pgdata"
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    info = server.get_postmaster_info()
    conn = db.ConnectionSettings(host=str(info.socket_dir), port=info.port or 5432, user="postgres",
                                 password="", database="techhub_dwh_restart", embedded=True)
    db.ensure_database(conn)
    try:
        yield conn, server
    finally:
        db.stop_embedded(data_dir)
        shutil.rmtree(folder, ignore_errors=True)


def test_server_restart_mid_run_gives_a_clear_error_and_a_clean_rerun(own_server) -> None:
    conn, server = own_server
    from techhub_dwh.source import generator

    generator.generate(conn, scale=SCRATCH_SCALE, seed=SCRATCH_SEED, dirty_rate=SCRATCH_DIRTY_RATE)
    sums = _build_baseline(conn)
    table = _late_table(sums)

    with holding_lock(conn, table):
        process = start_dbt(conn, BI_RUN)
        _wait_for(lambda: _dbt_backends(conn, waiting_on="rename"), 600, f"dbt to wait on the swap of {table}",
                  process)
        db._pg_ctl(server, ["-w", "restart", "-m", "fast"])
    code, output = finish(process)
    assert code != 0, output[-5000:]
    assert any(message in output for message in CONNECTION_LOST), output[-5000:]

    dbt_ok(conn, BI_RUN)
    assert _leftovers(conn) == []
    assert differences(sums, checksums(conn)) == []
