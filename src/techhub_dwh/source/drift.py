"""Schema drift: compare a source copy's catalog with the contract (contract.yml).

- an extra table or column in the copy is ignored (reported as `info:`);
- a contract table or column that is missing, or a column whose type is not compatible, is an
  error (`error:`) naming the table and the column.

Types are compatible when they belong to the same family: every string type (varchar of any
length, text, char) is one family, every number type (smallint, integer, bigint, numeric,
real, double) another, booleans a third; any other type is its own family (date, timestamptz,
timestamp, jsonb, json, ...), and an array's family is its element's. So `varchar(300)` for
`varchar(254)` or `bigint` for `integer` is fine (reported as info), while `text` for
`boolean`, `json` for `jsonb` or `timestamp` for `timestamptz` is an error: the staging SQL
would fail or silently change meaning.

The same rules run inside every dbt invocation (macro `assert_source_contract`, an on-run-start
hook) from the dbt sources' `data_type`s; this module serves `techhub-dwh source check` and the
tests, and needs no dbt.
"""

from __future__ import annotations

import contextlib

import psycopg2

from techhub_dwh import db
from techhub_dwh.source import contract

# The family of a type (pg_type row aliased `t`, its array element `e`); the dbt macro
# assert_source_contract uses the same expression.
FAMILY_SQL = """
    case when {t}.typcategory = 'A' then 'array of ' else '' end
    || case coalesce({e}.typcategory, {t}.typcategory)
        when 'N' then 'number'
        when 'S' then 'string'
        when 'B' then 'boolean'
        else coalesce({e}.typname, {t}.typname)::text
    end
"""

_ACTUAL_SQL = f"""
    select c.table_name, c.column_name, c.data_type, c.udt_name, c.character_maximum_length,
           c.numeric_precision, c.numeric_scale, {FAMILY_SQL.format(t="t", e="e")} as family
    from information_schema.columns as c
    join pg_namespace as n on n.nspname = c.udt_schema
    join pg_type as t on t.typname = c.udt_name and t.typnamespace = n.oid
    left join pg_type as e on t.typcategory = 'A' and e.oid = t.typelem
    where c.table_schema = %s
"""

_DECLARED_SQL = f"""
    select declared.type_name, {FAMILY_SQL.format(t="t", e="e")} as family
    from unnest(%s::text[]) as declared(type_name)
    left join pg_type as t on t.oid = to_regtype(declared.type_name)
    left join pg_type as e on t.typcategory = 'A' and e.oid = t.typelem
"""


def _declared_families(cur, types: set[str]) -> dict[str, str]:
    cur.execute(_DECLARED_SQL, (sorted(types),))
    return dict(cur.fetchall())


def check_source_schema(conn, schema: str | None = None) -> list[str]:
    """Findings for the source schema `schema` (default $TECHHUB_SOURCE_SCHEMA or techhub),
    each a line starting with `error:` or `info:`. `conn` is a psycopg2 connection or the
    project's db.ConnectionSettings."""
    schema = schema or contract.source_schema()
    if isinstance(conn, db.ConnectionSettings):
        with contextlib.closing(psycopg2.connect(conn.dsn())) as connection:
            return check_source_schema(connection, schema)

    with conn.cursor() as cur:
        cur.execute("select 1 from pg_namespace where nspname = %s", (schema,))
        if cur.fetchone() is None:
            return [f"error: source schema {schema} does not exist"]
        cur.execute(_ACTUAL_SQL, (schema,))
        actual: dict[str, dict[str, tuple[str, str]]] = {}
        for table, column, data_type, udt, length, precision, scale, family in cur.fetchall():
            spelled = contract.information_schema_type(data_type, udt, length, precision, scale)
            actual.setdefault(table, {})[column] = (spelled, family)
        expected = contract.tables()
        families = _declared_families(cur, {c.data_type for t in expected.values() for c in t.columns})

    findings: list[str] = []
    for name, table in expected.items():
        if name not in actual:
            findings.append(f"error: {schema}.{name}: table missing (the contract needs every one of its columns)")
            continue
        columns = actual[name]
        for column in table.columns:
            where = f"{schema}.{name}.{column.name}"
            if column.name not in columns:
                findings.append(f"error: {where}: column missing (the contract needs {column.data_type})")
                continue
            spelled, family = columns[column.name]
            if families.get(column.data_type) != family:
                findings.append(f"error: {where}: type {spelled} is not compatible with the contract's "
                                f"{column.data_type}")
            elif spelled != contract.contract_type_for_comparison(column.data_type):
                findings.append(f"info: {where}: type {spelled} instead of {column.data_type} (compatible)")
        known = {column.name for column in table.columns}
        for extra in sorted(set(columns) - known):
            findings.append(f"info: {schema}.{name}.{extra}: extra column, ignored")
    for extra in sorted(set(actual) - set(expected)):
        findings.append(f"info: {schema}.{extra}: extra table, ignored")
    return findings


def errors(findings: list[str]) -> list[str]:
    return [finding for finding in findings if finding.startswith("error:")]
