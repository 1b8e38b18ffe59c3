"""A chaos run: the nightly build killed at random points, rerun each time, converges.

One database of its own (`<test database>_chaos`, a copy of the generated source at the scratch
scale): a full build, then a day of life (`source advance`), so that the night has real work (new
and updated rows for every incremental model). Then the nightly build is started and killed
KILLS times, each time at a random node (`n of N START` in dbt's output: the node is in flight),
alternately by `pg_terminate_backend` of all its connections and by SIGKILL of the dbt process
(whose server sessions then roll back); each kill is followed by a rerun, which may itself be the
next one killed. The last rerun runs to the end. Meanwhile a BI user (techhub_bi, its own
connection) counts the rows of every marts and kpi table: each must exist at every moment and hold
either its rows before the night or its rows after it, never anything in between.
Finally the warehouse is rebuilt with `--full-refresh` and every marts and kpi table must equal
the table the interrupted nights left (checksums).

The kill points are drawn from a seeded generator: the seed and every point are printed, and
`TECHHUB_CHAOS_SEED=<seed>` replays the same points (the same node numbers; with several dbt
threads, which node starts n-th can vary a little). The runs build models, seeds and snapshots
without the data tests (they write nothing a reader sees), with `build_timestamp` pinned.
"""

from __future__ import annotations

import os
import random
import re
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Iterator

import psycopg2
import pytest
from psycopg2 import sql

from reliability_helpers import (
    PINNED_VARS,
    checksums,
    connect_as,
    dbt_ok,
    differences,
    drop_database,
    execute,
    finish,
    source_database,
    start_dbt,
    tables,
)
from techhub_dwh import db
from techhub_dwh.dbt import build_args
from techhub_dwh.source import generator

pytestmark = pytest.mark.slow

KILLS = 5
NIGHT = [*build_args(), "--exclude-resource-type", "test", *PINNED_VARS]
FULL = [*build_args(full_refresh=True), "--exclude-resource-type", "test", *PINNED_VARS]
KILL_MODES = ("pg_terminate_backend", "SIGKILL")
# "12 of 160 START sql table model marts.dim_user ....": a node in flight (hooks, numbered apart, are not).
STARTED_NODE = re.compile(r"\b(\d+) of (\d+) START ((?!hook:).*?)\s*\.{2,}")


class Reader(threading.Thread):
    """techhub_bi counting every marts and kpi table, over and over; records every row count it
    sees per table, and every error (a missing table, a permission lost in a swap)."""

    def __init__(self, conn: db.ConnectionSettings, names: list[str]) -> None:
        super().__init__(daemon=True)
        self.conn = conn
        self.names = names
        self.stop = threading.Event()
        self.rounds = 0
        self.seen: dict[str, set[int]] = defaultdict(set)
        self.problems: list[str] = []

    def run(self) -> None:
        with connect_as(self.conn, "techhub_bi") as connection, connection.cursor() as cur:
            while not self.stop.is_set():
                for name in self.names:
                    schema, table = name.split(".")
                    try:
                        cur.execute(sql.SQL("select count(*) from {}.{}").format(
                            sql.Identifier(schema), sql.Identifier(table)))
                        self.seen[name].add(cur.fetchone()[0])
                    except psycopg2.Error as error:
                        self.problems.append(f"{name}: {type(error).__name__}: {str(error).strip()}")
                self.rounds += 1
                time.sleep(0.1)


def _row_counts(conn: db.ConnectionSettings) -> dict[str, int]:
    return {name: rows for name, (rows, _) in checksums(conn).items()}


def _started_nodes(log_text: str) -> list[tuple[int, int, str]]:
    return [(int(n), int(total), what) for n, total, what in STARTED_NODE.findall(log_text)]


def _kill(conn: db.ConnectionSettings, process, mode: str) -> None:
    if mode == "SIGKILL":
        os.kill(process.pid, signal.SIGKILL)
        return
    execute(conn, """
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = %s and application_name = 'dbt' and pid <> pg_backend_pid()
    """, (conn.database,))


def _run_until_node(conn: db.ConnectionSettings, rng: random.Random, mode: str, attempt: int) -> str:
    """Start the night; kill it once a randomly drawn node has started. Returns what happened."""
    process = start_dbt(conn, NIGHT, extra_env={"PYTHONUNBUFFERED": "1"})
    target: int | None = None
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        started = _started_nodes(process.log.read_text())  # type: ignore[attr-defined]
        if started and target is None:
            target = rng.randint(1, started[0][1])
        hit = [node for node in started if target is not None and node[0] >= target]
        if hit:
            _kill(conn, process, mode)
            code, output = finish(process, timeout=300)
            n, total, what = hit[0]
            return f"kill {attempt}: {mode} at node {n} of {total} ({what}), dbt exit {code}"
        if process.poll() is not None:
            code, output = finish(process)
            assert code == 0, f"the night failed on its own before kill {attempt}:\n{output[-10000:]}"
            return f"kill {attempt}: the night ended (exit 0) before node {target} started"
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"kill {attempt}: no node started in 10 minutes")


@pytest.fixture(scope="module")
def chaos(warehouse: db.ConnectionSettings) -> Iterator[db.ConnectionSettings]:
    conn = source_database(warehouse, "chaos")
    yield conn
    drop_database(conn)


def test_nightly_build_killed_at_random_points_converges(chaos: db.ConnectionSettings) -> None:
    conn = chaos
    dbt_ok(conn, FULL)
    before = _row_counts(conn)
    generator.advance(conn, days=1, seed=5)

    seed = int(os.environ.get("TECHHUB_CHAOS_SEED") or random.SystemRandom().randrange(1, 10**6))
    rng = random.Random(seed)
    print(f"\nchaos seed {seed} (replay with TECHHUB_CHAOS_SEED={seed})")
    reader = Reader(conn, tables(conn))
    reader.start()
    try:
        for attempt in range(1, KILLS + 1):
            print(_run_until_node(conn, rng, KILL_MODES[attempt % len(KILL_MODES)], attempt), flush=True)
        dbt_ok(conn, NIGHT)  # the rerun that is left alone
        time.sleep(0.5)
    finally:
        reader.stop.set()
        reader.join(timeout=120)
    after = _row_counts(conn)

    assert reader.rounds > 0
    assert reader.problems == [], f"seed {seed}:\n" + "\n".join(reader.problems[:50])
    half_built = {name: sorted(seen - {before.get(name), after[name]})
                  for name, seen in reader.seen.items() if seen - {before.get(name), after[name]}}
    assert half_built == {}, f"seed {seed}: row counts neither before ({before}) nor after the night: {half_built}"
    leftovers = execute(conn, """
        select table_schema || '.' || table_name from information_schema.tables
        where table_name like '%%__dbt_tmp%%' or table_name like '%%__dbt_backup%%'
    """)
    assert leftovers == [], f"seed {seed}: {leftovers}"

    interrupted = checksums(conn)
    dbt_ok(conn, FULL)
    assert differences(interrupted, checksums(conn)) == [], f"seed {seed}: the nights differ from a clean build"
