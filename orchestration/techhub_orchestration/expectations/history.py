"""Row counts of the checked tables, run after run, in the warehouse table `dq.gx_row_counts`.

Kept in the warehouse rather than in Dagster's instance so that `techhub-dwh build` on a CI box,
`dagster dev` on a laptop and a production daemon all compare with the same history, and a
fresh warehouse starts with none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from techhub_dwh import db

TABLE = "dq.gx_row_counts"
DDL = f"""
create schema if not exists dq;
create table if not exists {TABLE} (
    table_name text not null,
    row_count bigint not null,
    run_id text,
    checked_at timestamptz not null default now()
);
comment on table {TABLE} is
    'Row counts of the marts and KPI tables at each Great Expectations validation (Dagster asset checks); '
    'the next run expects its count within a band of the previous one. Written by techhub_orchestration, not dbt.';
"""


def ensure_table(conn: db.ConnectionSettings) -> None:
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute("select to_regclass(%s)", (TABLE,))
        if cur.fetchone()[0] is None:
            cur.execute(DDL)


def current_counts(conn: db.ConnectionSettings, tables: Iterable[str]) -> dict[str, int | None]:
    """`count(*)` of each `schema.table`; None for a table that does not exist."""
    result: dict[str, int | None] = {}
    with db.connect(conn) as connection, connection.cursor() as cur:
        for name in tables:
            cur.execute("select to_regclass(%s)", (name,))
            if cur.fetchone()[0] is None:
                result[name] = None
                continue
            schema, table = name.split(".")
            cur.execute(f'select count(*) from "{schema}"."{table}"')
            result[name] = cur.fetchone()[0]
    return result


def previous_counts(conn: db.ConnectionSettings, tables: Iterable[str], run_id: str) -> dict[str, int]:
    """The latest recorded count of each table by another run (a retry of this run does not count)."""
    ensure_table(conn)
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute(
            f"""
            select distinct on (table_name) table_name, row_count
            from {TABLE}
            where table_name = any(%s) and run_id is distinct from %s
            order by table_name, checked_at desc
            """,
            (list(tables), run_id),
        )
        return dict(cur.fetchall())


def record(conn: db.ConnectionSettings, counts: Mapping[str, int | None], run_id: str) -> None:
    rows = [(name, count, run_id) for name, count in counts.items() if count is not None]
    if not rows:
        return
    ensure_table(conn)
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.executemany(f"insert into {TABLE} (table_name, row_count, run_id) values (%s, %s, %s)", rows)
