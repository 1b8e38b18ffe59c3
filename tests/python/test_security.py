"""Security: what each reader role can and cannot read, clear PII stored only in pii, and no
model (or test) ever reading a secret column of the source.

- techhub_bi reads marts, kpi and reference (the seeds); techhub_pii reads those and pii;
  neither reads staging, intermediate, dq, snapshots or the source schema, nor writes anything.
- No marts/kpi value is a clear e-mail, a normalised phone (7XXXXXXXXXX) or a 12-digit number
  (an individual's IIN) outside dim_company.tin of a legal entity (llp, jsc, branch, foreign,
  ngo); no stored table outside pii holds one either (intermediate, dq, snapshots, the incremental
  staging tables), nor a column of clear names, and only staging and pii models tag a column `pii`.
- The secret columns (account_user.password, authtoken_token.key,
  social_auth_usersocialauth.extra_data: tagged `secret` in the dbt sources) are never named by
  any compiled model, snapshot or test reading their table, never serialised whole-row, and no
  warehouse relation has a column of that name.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest
from psycopg2 import sql

from reliability_helpers import (
    BI_SCHEMAS,
    EMAIL,
    LEGAL_ENTITY_TIN_COLUMNS,
    LEGAL_ENTITY_TYPES,
    PHONE,
    TWELVE_DIGITS,
    connect_as,
    execute,
    pii_findings,
    run_dbt,
)
from techhub_dwh import db
from techhub_dwh.paths import project_root
from techhub_dwh.source import contract

SOURCE_SCHEMA = contract.source_schema()
SECRET_COLUMNS = {
    "account_user": {"password"},
    "authtoken_token": {"key"},
    "social_auth_usersocialauth": {"extra_data"},
}
READABLE = {
    "techhub_bi": {"marts", "kpi", "reference"},
    "techhub_pii": {"marts", "kpi", "reference", "pii"},
}
CLOSED = {"staging", "intermediate", "dq", "snapshots", "observability", "pii", SOURCE_SCHEMA}

# ---------------------------------------------------------------- roles


def _relations(conn: db.ConnectionSettings, schemas: set[str]) -> list[tuple[str, str]]:
    return execute(conn, """
        select table_schema, table_name from information_schema.tables
        where table_schema = any(%s) order by 1, 2
    """, (sorted(schemas),))


def _can_read(connection, schema: str, table: str) -> bool:
    with connection.cursor() as cur:
        try:
            cur.execute(sql.SQL("select * from {}.{} limit 1").format(sql.Identifier(schema), sql.Identifier(table)))
            cur.fetchall()
            return True
        except psycopg2.errors.InsufficientPrivilege:
            return False


@pytest.mark.parametrize("role", ["techhub_bi", "techhub_pii"])
def test_role_reads_exactly_its_schemas(built_warehouse: db.ConnectionSettings, role: str) -> None:
    relations = _relations(built_warehouse, READABLE["techhub_pii"] | CLOSED)
    present = {schema for schema, _ in relations}
    # Every layer exists in a full build, so every expectation below is really exercised.
    assert {"marts", "kpi", "reference", "pii", "staging", "intermediate", "dq", "observability",
            SOURCE_SCHEMA} <= present

    wrong = []
    with connect_as(built_warehouse, role) as connection:
        for schema, table in relations:
            allowed = schema in READABLE[role]
            if _can_read(connection, schema, table) != allowed:
                wrong.append(f"{schema}.{table}: {'not readable' if allowed else 'readable'}")
    assert wrong == [], f"{role} sees the wrong relations:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ["techhub_bi", "techhub_pii"])
def test_role_cannot_write(built_warehouse: db.ConnectionSettings, role: str) -> None:
    table = execute(built_warehouse, "select table_name from information_schema.tables "
                                     "where table_schema = 'marts' and table_type = 'BASE TABLE' limit 1")[0][0]
    statements = [
        sql.SQL("delete from marts.{}").format(sql.Identifier(table)),
        sql.SQL("truncate marts.{}").format(sql.Identifier(table)),
        sql.SQL("drop table marts.{}").format(sql.Identifier(table)),
        sql.SQL("create table marts.intruder (x int)"),
        sql.SQL("create table kpi.intruder (x int)"),
        sql.SQL("create table pii.intruder (x int)"),
        sql.SQL("create schema intruder"),
    ]
    with connect_as(built_warehouse, role) as connection, connection.cursor() as cur:
        for statement in statements:
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(statement)


def test_pii_role_is_a_bi_role(built_warehouse: db.ConnectionSettings) -> None:
    assert execute(built_warehouse, "select pg_has_role('techhub_pii', 'techhub_bi', 'member'), "
                                    "pg_has_role('techhub_bi', 'techhub_pii', 'member')") == [(True, False)]
    rows = execute(built_warehouse, "select rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls "
                                    "from pg_roles where rolname in ('techhub_bi', 'techhub_pii') order by 1")
    assert rows == [("techhub_bi", False, False, False, False), ("techhub_pii", False, False, False, False)]


# ---------------------------------------------------------------- clear PII: only in pii


def test_no_clear_pii_in_marts_or_kpi(built_warehouse: db.ConnectionSettings) -> None:
    assert pii_findings(built_warehouse) == []


def test_pii_patterns_catch_what_they_must() -> None:
    assert re.search(EMAIL, "Aida.N+work@Mail.kz")
    assert not re.search(EMAIL, "a***@gmail.com")
    assert re.search(PHONE, "77011234567") and re.search(PHONE, "tel 77011234567.")
    assert not re.search(PHONE, "777011234567") and not re.search(PHONE, "7701123456")
    assert re.search(TWELVE_DIGITS, "900101300123") and not re.search(TWELVE_DIGITS, "20240301")
    assert re.search(TWELVE_DIGITS, "IIN: 900101300123;")
    assert not re.search(TWELVE_DIGITS, "b795257911986d01b261") and not re.search(PHONE, "0906c7a1e2f53c977cf7")


def test_dim_company_keeps_no_individual_tin(built_warehouse: db.ConnectionSettings) -> None:
    assert execute(built_warehouse, "select count(*) from marts.dim_company "
                                    "where (type is null or type <> all(%s)) and tin is not null",
                   (list(LEGAL_ENTITY_TYPES),)) == [(0,)]
    # ... while the source does have individual entrepreneurs with a valid 12-digit IIN as TIN.
    assert execute(built_warehouse, f"select count(*) > 0 from {SOURCE_SCHEMA}.account_company "
                                    "where lower(trim(type)) = 'ie' and tin ~ '^[0-9]{12}$'") == [(True,)]


def test_legal_entity_types_cover_the_contract(compiled_manifest: dict) -> None:
    """Every legal form of the contract is classified: a legal entity (its TIN may be shown) or
    `ie` (never); a form added to the source's set fails here until it is classified."""
    forms = None
    for node in compiled_manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if (metadata.get("name") == "accepted_values" and node.get("column_name") == "type"
                and "model.techhub_dwh.dim_company" in node["depends_on"]["nodes"]):
            forms = set(metadata["kwargs"]["values"])
    assert forms is not None
    assert set(LEGAL_ENTITY_TYPES) == forms - {"ie", "unknown"}


# Columns that staging fills with clear personal data; outside pii a stored table may have one only
# in masked form (dim_user.email: `a***@gmail.com`) or holding legal entities' BINs only.
CLEAR_PII_COLUMNS = {"email", "phone", "first_name", "last_name", "middle_name", "tin"}
MASKED_COLUMNS = {("marts", "dim_user", "email")} | set(LEGAL_ENTITY_TIN_COLUMNS)


def _stored_columns(conn: db.ConnectionSettings) -> list[tuple[str, str, str]]:
    """(schema, table, column) of every stored table outside pii and the source."""
    return execute(conn, """
        select c.table_schema, c.table_name, c.column_name
        from information_schema.columns as c
        inner join information_schema.tables as t
            on c.table_schema = t.table_schema and c.table_name = t.table_name
        where t.table_type = 'BASE TABLE'
            and c.table_schema not in ('pii', 'information_schema', 'pg_catalog', %s)
    """, (SOURCE_SCHEMA,))


def test_no_clear_pii_stored_outside_pii(built_warehouse: db.ConnectionSettings) -> None:
    """Clear personal data lives in staging views and pii only: no stored table of another schema
    (intermediate, dq, snapshots, observability, the incremental staging tables; marts and kpi
    above) holds a clear e-mail, phone or IIN."""
    schemas = {schema for schema, _, _ in _stored_columns(built_warehouse)}
    assert {"staging", "intermediate", "dq", "snapshots"} <= schemas  # not vacuous
    assert pii_findings(built_warehouse, tuple(sorted(schemas - set(BI_SCHEMAS)))) == []


def test_no_clear_name_column_stored_outside_pii(built_warehouse: db.ConnectionSettings) -> None:
    """Names cannot be told from other text by their values: no stored table outside pii has a
    column of a name that staging fills with clear personal data, except the masked ones."""
    clear_columns = sorted(f"{schema}.{table}.{column}" for schema, table, column in _stored_columns(built_warehouse)
                           if column in CLEAR_PII_COLUMNS and (schema, table, column) not in MASKED_COLUMNS)
    assert clear_columns == []


def test_only_staging_and_pii_tag_pii_columns(compiled_manifest: dict) -> None:
    """The documentation agrees: a column tagged `pii` (clear personal data) belongs to a staging or
    pii model; the masked ones are tagged `pii_masked`."""
    tagged = {(node["config"].get("schema"), node["name"], column["name"])
              for node in compiled_manifest["nodes"].values() if node["resource_type"] in ("model", "snapshot")
              for column in node["columns"].values() if "pii" in column.get("tags", [])}
    assert {schema for schema, _, _ in tagged} == {"staging", "pii"}, sorted(
        f"{schema}.{name}.{column}" for schema, name, column in tagged if schema not in ("staging", "pii"))


def test_pii_lives_in_pii(built_warehouse: db.ConnectionSettings) -> None:
    """The clear values do exist in the warehouse, in pii: the scan above is not vacuous."""
    columns = execute(built_warehouse, """
        select table_name, column_name from information_schema.columns where table_schema = 'pii'
    """)
    found = set()
    with db.connect(built_warehouse) as connection, connection.cursor() as cur:
        for table, column in columns:
            for kind, pattern in (("e-mail", EMAIL), ("phone", PHONE)):
                cur.execute(sql.SQL("select 1 from pii.{} where {}::text ~ %s limit 1").format(
                    sql.Identifier(table), sql.Identifier(column)), (pattern,))
                if cur.fetchone():
                    found.add(kind)
    assert found == {"e-mail", "phone"}


# ---------------------------------------------------------------- secrets in compiled SQL


def _strip_comments_and_strings(code: str) -> str:
    """SQL without comments and string literals ('...', E'...', $tag$...$tag$); double-quoted
    identifiers are kept, unquoted."""
    pattern = re.compile(r"""
        --[^\n]*                       # line comment
      | /\*.*?\*/                      # block comment
      | (?P<dollar>\$[A-Za-z_]*\$).*?(?P=dollar)   # dollar-quoted string
      | [Ee]?'(?:[^']|'')*'            # string literal
      | "(?P<ident>(?:[^"]|"")*)"      # quoted identifier
    """, re.S | re.X)

    def replace(match: re.Match) -> str:
        return f" {match.group('ident')} " if match.group("ident") is not None else " "

    return pattern.sub(replace, code)


def secret_reads(code: str, secret_columns: set[str]) -> list[str]:
    """Why `code` (compiled SQL reading a table with these secret columns) reads a secret."""
    bare = _strip_comments_and_strings(code)
    identifiers = {token.lower() for token in re.findall(r"[A-Za-z_][A-Za-z0-9_$]*", bare)}
    problems = [f"names the secret column {column}" for column in sorted(secret_columns & identifiers)]
    whole_row = re.search(r"\b(row_to_json|to_jsonb?|hstore|json_populate_record)\s*\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\)",
                          bare, re.I)
    if whole_row:
        problems.append(f"serialises a whole row: {whole_row.group(0)}")
    return problems


def test_secret_scanner_catches_reads() -> None:
    secrets = {"key"}
    assert secret_reads('select user_id, created from "db"."techhub"."authtoken_token"', secrets) == []
    assert secret_reads("select user_id -- the key is never selected\nfrom t where x = 'key'", secrets) == []
    assert secret_reads('select "key" from techhub.authtoken_token', secrets) == ["names the secret column key"]
    assert secret_reads("select t.KEY as token from techhub.authtoken_token t", secrets) == [
        "names the secret column key"]
    assert secret_reads("select to_jsonb(source) from source", secrets) == [
        "serialises a whole row: to_jsonb(source)"]


@pytest.fixture(scope="module")
def compiled_manifest(built_warehouse: db.ConnectionSettings) -> dict:
    target = os.environ.get("DBT_TARGET_PATH", "target") + "_compile"
    result = run_dbt(built_warehouse, ["compile"], target=target)
    assert result.returncode == 0, result.stdout[-10000:]
    return json.loads((project_root() / target / "manifest.json").read_text())


def test_secret_columns_are_tagged_in_the_sources(compiled_manifest: dict) -> None:
    tagged = {}
    for source in compiled_manifest["sources"].values():
        for column in source["columns"].values():
            if "secret" in column.get("tags", []) or column.get("meta", {}).get("secret"):
                tagged.setdefault(source["name"], set()).add(column["name"])
    assert tagged == SECRET_COLUMNS


def test_no_compiled_node_reads_a_secret_column(compiled_manifest: dict) -> None:
    sources = {uid: node["name"] for uid, node in compiled_manifest["sources"].items()
               if node["name"] in SECRET_COLUMNS}
    assert len(sources) == len(SECRET_COLUMNS)

    readers: dict[str, list[str]] = {name: [] for name in SECRET_COLUMNS}
    problems = []
    for uid, node in compiled_manifest["nodes"].items():
        code = node.get("compiled_code")
        if code is None or node["resource_type"] not in ("model", "snapshot", "test", "analysis", "seed"):
            continue
        reads = {sources[dep] for dep in node["depends_on"]["nodes"] if dep in sources}
        # A node that names the table without declaring the dependency (a hard-coded
        # techhub.account_user) counts as a reader too.
        bare = _strip_comments_and_strings(code).lower()
        reads |= {table for table in SECRET_COLUMNS
                  if re.search(rf"\b{SOURCE_SCHEMA}\s*\.\s*{table}\b", bare)}
        for table in reads:
            readers[table].append(uid)
            problems += [f"{uid} ({table}): {why}" for why in secret_reads(code, SECRET_COLUMNS[table])]
    assert problems == []
    # The scan is not vacuous: each table's staging model reads it (dq_reconciliation counts
    # its rows too, naming no column).
    for table, uids in readers.items():
        assert f"model.techhub_dwh.stg_techhub__{table}" in uids, (table, uids)


def test_no_warehouse_relation_has_a_secret_column(built_warehouse: db.ConnectionSettings) -> None:
    rows = execute(built_warehouse, """
        select table_schema || '.' || table_name || '.' || column_name from information_schema.columns
        where column_name in ('password', 'key', 'extra_data')
            and table_schema not in ('information_schema', 'pg_catalog', %s)
    """, (SOURCE_SCHEMA,))
    assert rows == []


def test_compiled_files_on_disk_match_manifest(compiled_manifest: dict) -> None:
    """The manifest's compiled_code is what dbt writes under target/compiled: the scan above
    covers what actually runs."""
    target = project_root() / (os.environ.get("DBT_TARGET_PATH", "target") + "_compile")
    node = compiled_manifest["nodes"]["model.techhub_dwh.stg_techhub__account_user"]
    on_disk = Path(target, "compiled", "techhub_dwh", node["original_file_path"]).read_text()
    assert on_disk.strip() == node["compiled_code"].strip()
