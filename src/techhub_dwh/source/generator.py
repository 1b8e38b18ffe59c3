"""The synthetic TechHub source: a Django-like copy filled with plausible, messy data.

All rows are made inside PostgreSQL by the set-based SQL files in `sql/`, run in order (the
action log, bookings and TechOrda on a second connection, in parallel). Every random choice
is a hash of (seed, stream, row key) (`pg_temp.r`), and every id is computed, so the data
depend only on the seed, the scale and the day the data end, never on plan shape,
parallelism or run order.

The same SQL files serve `generate` (a window from 2019-01-01 to yesterday, local time) and
`advance` (a window of N days after the latest data): new rows get ids above the existing
ones and timestamps inside the window; `advance` then also moves existing rows on
(`sql/90_advance.sql`). The data end at the window's last local midnight ("the anchor"),
except for the deliberate far-future and epoch values of the messiness.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import psycopg2.extensions

from techhub_dwh import db
from techhub_dwh.source import contract

SQL_DIR = Path(__file__).with_name("sql")
FIRST_DAY = dt.date(2019, 1, 1)
# Pins "today" (YYYY-MM-DD, local) for reproducible data across days, e.g. in tests.
AS_OF_VARIABLE = "TECHHUB_SOURCE_AS_OF"
# Scale 1 has this many users; used to guess the scale of a copy we did not generate.
USERS_AT_SCALE_1 = 50_000

SETUP_FILE = "00_setup.sql"
# Steps that read only the day plan, never rows of other tables: they run on a second
# connection, in parallel with the others.
PARALLEL_FILES = ("16_booking_booking.sql", "17_techorda.sql", "18_core_actionlog.sql")
ADVANCE_FILE = "90_advance.sql"
VERIFICATION_FILE = "95_company_verification.sql"
PLACEHOLDER = re.compile(r"\{(schema|seed|salt|dirty|scale|start_day|end_day|prev_ids)\}")

Cursor = psycopg2.extensions.cursor
Connection = psycopg2.extensions.connection


@dataclass(frozen=True)
class Window:
    """What one run generates: local days start_day..end_day, with these knobs."""

    schema: str
    seed: int
    scale: float
    dirty_rate: float
    start_day: dt.date
    end_day: dt.date
    salt: int  # 0 for generate; advance mixes its first day into every random draw


def generate(conn: db.ConnectionSettings, scale: float = 1.0, seed: int = 42,
             dirty_rate: float = 0.01) -> dict[str, int]:
    """Drop and recreate the source schema from the contract and fill all its tables with
    data from 2019-01-01 to yesterday (Asia/Almaty). Returns {table: rows after loading}.

    The empty schema is committed first, so that the action log can be filled on a second
    connection while the other tables load; a failure leaves a partly filled schema."""
    _check_knobs(scale, dirty_rate)
    schema = contract.source_schema()
    with db.connect(conn) as connection, connection.cursor() as cur:
        end_day = _today(cur) - dt.timedelta(days=1)
        window = Window(schema, seed, scale, dirty_rate, FIRST_DAY, end_day, salt=0)
        _step(cur, "create schema", contract.create_schema_sql(schema))
        meta = {"generator": "techhub-dwh", "scale": scale, "seed": seed, "dirty_rate": dirty_rate}
        cur.execute(f"comment on schema {schema} is %s", (json.dumps(meta),))
        connection.commit()
        _run_window(conn, connection, window, advance=False)
        _step(cur, "foreign-key indexes", contract.foreign_key_indexes_sql(schema))
        connection.commit()
        return _row_counts(cur, schema)


def advance(conn: db.ConnectionSettings, days: int = 1, seed: int = 42,
            dirty_rate: float = 0.01) -> dict[str, int]:
    """Simulate `days` more days after the latest created_at in the source: new users,
    companies, requests, content, bookings, TechOrda applications and action-log rows, and
    updates of existing rows (requests progress, companies get verified, events finish,
    bookings finish or are cancelled, vacancies close, users log in), with updated_at moving.
    Returns {table: rows inserted + rows updated} for the tables that changed."""
    if days < 1:
        raise ValueError("days must be at least 1")
    _check_knobs(1.0, dirty_rate)
    schema = contract.source_schema()
    with db.connect(conn) as connection, connection.cursor() as cur:
        latest = _latest_day(cur, schema)
        start_day = latest + dt.timedelta(days=1)
        window = Window(schema, seed, _scale_of(cur, schema), dirty_rate, start_day,
                        latest + dt.timedelta(days=days), salt=(start_day - FIRST_DAY).days)
        changed = _run_window(conn, connection, window, advance=True)
        return {name: changed[name] for name in contract.tables() if changed.get(name)}


def _check_knobs(scale: float, dirty_rate: float) -> None:
    if not scale > 0:
        raise ValueError("scale must be positive")
    if not 0 <= dirty_rate <= 1:
        raise ValueError("dirty_rate must be between 0 and 1")


def _today(cur: Cursor) -> dt.date:
    pinned = os.environ.get(AS_OF_VARIABLE)
    if pinned:
        return dt.date.fromisoformat(pinned)
    cur.execute("select (now() at time zone 'Asia/Almaty')::date")
    return cur.fetchone()[0]


def _latest_day(cur: Cursor, schema: str) -> dt.date:
    """The local day of the newest created_at, ignoring the deliberately absurd ones."""
    sources = [("core_actionlog", "created_at"), ("service_servicerequest", "created_at"),
               ("account_user", "date_joined"), ("booking_booking", "created_at")]
    parts = " union all ".join(
        f"select max({column}) from {schema}.{table} where {column} < timestamptz '2090-01-01'"
        for table, column in sources)
    cur.execute(f"select (max(m) at time zone 'Asia/Almaty')::date from ({parts}) t (m)")
    latest = cur.fetchone()[0]
    if latest is None:
        raise RuntimeError(f"the source schema {schema} is empty: run `techhub-dwh source generate` first")
    return latest


def _scale_of(cur: Cursor, schema: str) -> float:
    """The scale `generate` recorded on the schema, else a guess from the user count."""
    cur.execute("select obj_description(%s::regnamespace, 'pg_namespace')", (schema,))
    comment = cur.fetchone()[0]
    try:
        return float(json.loads(comment)["scale"])
    except (TypeError, ValueError, KeyError):
        cur.execute(f"select count(*) from {schema}.account_user")
        return max(cur.fetchone()[0] / USERS_AT_SCALE_1, 0.001)


def _run_window(conn: db.ConnectionSettings, connection: Connection, window: Window, advance: bool) -> dict[str, int]:
    """Run every step of the window; returns the rows each table gained or changed.

    The action log, bookings and TechOrda depend only on the day plan (rows per day), not on
    other tables' rows, so they load on a second connection in parallel (the machine has 2
    cores). Its transaction is committed only once the other tables loaded; advance's
    updates read its new rows, so they run after that commit."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_load_in_parallel, conn, window)
        try:
            with connection.cursor() as cur:
                for path in [SQL_DIR / SETUP_FILE, *_data_files(advance)]:
                    _step(cur, _label(path), _render(path.name, window))
        except BaseException:
            with contextlib.suppress(BaseException):
                future.result()[0].close()  # closing without commit rolls its rows back
            raise
        log_connection, logged = future.result()
    with contextlib.closing(log_connection):
        log_connection.commit()
    with connection.cursor() as cur:
        if advance:
            for path in (SQL_DIR / ADVANCE_FILE, SQL_DIR / VERIFICATION_FILE):
                _step(cur, _label(path), _render(path.name, window))
        changed = _changes(cur)
        cur.execute("discard temp")
    connection.commit()
    _finish(connection, window.schema)
    return {table: changed.get(table, 0) + logged.get(table, 0) for table in {*changed, *logged}}


def _load_in_parallel(conn: db.ConnectionSettings, window: Window) -> tuple[Connection, dict[str, int]]:
    """Run PARALLEL_FILES on a connection of its own, left open and uncommitted."""
    connection = psycopg2.connect(conn.dsn(), application_name="techhub-dwh")
    try:
        with connection.cursor() as cur:
            _step(cur, "setup (second connection)", _render(SETUP_FILE, window))
            for name in PARALLEL_FILES:
                _step(cur, _label(SQL_DIR / name), _render(name, window))
            return connection, _changes(cur)
    except BaseException:
        connection.close()
        raise


def _changes(cur: Cursor) -> dict[str, int]:
    """What the steps recorded in gen_changes: rows inserted or updated per table."""
    cur.execute("select tbl, sum(n)::bigint from gen_changes group by tbl")
    return {table: int(rows) for table, rows in cur.fetchall()}


def _data_files(advance: bool) -> list[Path]:
    """The data files in order; the action log and advance's updates run apart."""
    apart = {SETUP_FILE, *PARALLEL_FILES, ADVANCE_FILE} | ({VERIFICATION_FILE} if advance else set())
    return sorted(path for path in SQL_DIR.glob("[0-9][0-9]_*.sql") if path.name not in apart)


def _label(path: Path) -> str:
    return path.stem.split("_", 1)[1]


def _render(name: str, window: Window) -> str:
    values = {
        "schema": window.schema,
        "seed": str(int(window.seed)),
        "salt": str(int(window.salt)),
        "dirty": repr(float(window.dirty_rate)),
        "scale": repr(float(window.scale)),
        "start_day": window.start_day.isoformat(),
        "end_day": window.end_day.isoformat(),
        "prev_ids": _prev_ids_sql(window.schema),
    }
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], (SQL_DIR / name).read_text())


def _id_tables() -> Iterable[str]:
    return (table.name for table in contract.tables().values() if table.primary_key == "id")


def _prev_ids_sql(schema: str) -> str:
    return "\nunion all ".join(
        f"select '{name}', coalesce(max(id), 0) from {schema}.{name}" for name in _id_tables())


def _step(cur: Cursor, label: str, sql: str) -> None:
    started = time.perf_counter()
    cur.execute(sql)
    print(f"  {label:<32} {time.perf_counter() - started:6.1f} s", file=sys.stderr, flush=True)


def _finish(connection: Connection, schema: str) -> None:
    """Identity sequences continue after the generated ids (so later inserts work), and the
    planner gets statistics for the queries that follow (after the commit: analysing rows
    written by the same transaction costs several times more)."""
    started = time.perf_counter()
    with connection.cursor() as cur:
        for name in _id_tables():
            cur.execute(
                f"select setval(pg_get_serial_sequence('{schema}.{name}', 'id'), greatest(max(id), 1), "
                f"max(id) is not null) from {schema}.{name}")
        # a smaller sample than the default 100: the first read of freshly written pages
        # dominates analyze's time, and staging scans these tables whole anyway
        cur.execute("set local default_statistics_target = 30")
        cur.execute("analyze " + ", ".join(f"{schema}.{name}" for name in contract.tables()))
    connection.commit()
    print(f"  {'sequences and analyze':<32} {time.perf_counter() - started:6.1f} s", file=sys.stderr, flush=True)


def _row_counts(cur: Cursor, schema: str) -> dict[str, int]:
    counts = {}
    for name in contract.tables():
        cur.execute(f"select count(*) from {schema}.{name}")
        counts[name] = cur.fetchone()[0]
    return counts
