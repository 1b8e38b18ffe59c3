"""What a build produced: the row counts per layer, the reconciliation, and where to look."""

from __future__ import annotations

from techhub_dwh import db

LAYERS = ("staging", "intermediate", "marts", "kpi", "pii", "dq")


def layer_counts(conn: db.ConnectionSettings) -> list[tuple[str, str, int]]:
    """(schema, table, rows) of every table of the warehouse's layers (views are not counted)."""
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute(
            """
            select table_schema, table_name
            from information_schema.tables
            where table_schema = any(%s) and table_type = 'BASE TABLE'
            order by table_schema, table_name
            """,
            (list(LAYERS),),
        )
        tables = cur.fetchall()
        counts = []
        for schema, table in tables:
            cur.execute(f'select count(*) from "{schema}"."{table}"')
            counts.append((schema, table, cur.fetchone()[0]))
        return counts


def reconciliation_problems(conn: db.ConnectionSettings) -> list[tuple[str, int, int, int]]:
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute(
            """
            select source_table, source_rows, staged_rows, set_aside_rows
            from dq.dq_reconciliation
            where source_rows <> staged_rows + set_aside_rows
            """
        )
        return cur.fetchall()


def issue_counts(conn: db.ConnectionSettings) -> list[tuple[str, int]]:
    """(issue, rows) of dq.dq_issues: the view over the dq models of one issue kind each
    (dq_unknown_enums, dq_invalid_timestamps, dq_orphan_keys, ...)."""
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute("select issue, count(*) from dq.dq_issues group by issue order by count(*) desc, issue")
        return cur.fetchall()


def main() -> None:
    conn = db.settings()
    counts = layer_counts(conn)
    print("\nTechHub DWH built. Tables per layer:")
    for schema in LAYERS:
        rows = [(table, n) for s, table, n in counts if s == schema]
        if rows:
            print(f"  {schema:<13} {len(rows):>3} tables, {sum(n for _, n in rows):>12,} rows")
    kpis = [(table, n) for s, table, n in counts if s == "kpi"]
    if kpis:
        print("\nKPI tables:")
        for table, n in kpis:
            print(f"  kpi.{table:<28} {n:>8,} rows")
    problems = reconciliation_problems(conn) if any(s == "dq" for s, _, _ in counts) else []
    print("\nReconciliation: " + ("balanced for every source table" if not problems else f"UNBALANCED: {problems}"))
    issues = issue_counts(conn) if any(s == "dq" for s, _, _ in counts) else []
    if issues:
        print(f"Cleaned values (dq.dq_issues): {sum(n for _, n in issues):,} rows: "
              + ", ".join(f"{issue} {n:,}" for issue, n in issues))
    where = f"embedded server in {conn.host}" if conn.embedded else f"{conn.host}:{conn.port}"
    print(f"""
Where to look:
  database     {conn.database} on the {where}
  query        eval "$(.venv/bin/techhub-dwh db env)" && psql -c 'select * from kpi.kpi_users_monthly'
  docs         make docs        (dbt docs on http://127.0.0.1:8080)
  orchestrator make dagster     (Dagster UI on http://127.0.0.1:3000)
  dashboards   make dashboards  (Superset on http://127.0.0.1:8088)
""")


if __name__ == "__main__":
    main()
