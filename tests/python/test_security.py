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
  any compiled model, snapshot or test reading their table, never selected by `*` or `t.*`,
  never serialised whole-row, and no warehouse relation has a column of that name; the staging
  models of those tables build and read as a role whose column rights exclude the secrets.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
from pathlib import Path
from secrets import token_hex

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
    drop_database,
    execute,
    pii_findings,
    run_dbt,
    source_database,
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


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*|[0-9]+(?:\.[0-9]+)?|::|\S")
# Words that end a SELECT's FROM clause at its own depth (or a table reference's alias).
_FROM_ENDS = {"where", "group", "having", "window", "order", "limit", "offset", "fetch", "for", "union",
              "intersect", "except", "returning", ";"}
_NOT_ALIASES = _FROM_ENDS | {"join", "inner", "left", "right", "full", "outer", "cross", "natural", "on", "using",
                             "lateral", "tablesample", ",", ")", "("}


def _tokens(bare: str) -> list[tuple[str, int]]:
    """(token, parenthesis depth) of SQL stripped of comments and strings; a parenthesis has the
    depth outside it."""
    tokens, depth = [], 0
    for match in _TOKEN.finditer(bare):
        token = match.group(0).lower()
        if token == ")":
            depth -= 1
        tokens.append((token, depth))
        if token == "(":
            depth += 1
    return tokens


def _references(tokens: list[tuple[str, int]], schema: str, table: str) -> list[int]:
    """Where `schema . table` starts (after a database name, if any)."""
    return [i for i in range(len(tokens) - 2)
            if tokens[i][0] == schema and tokens[i + 1][0] == "." and tokens[i + 2][0] == table]


def whole_table_reads(code: str, schema: str, table: str) -> list[str]:
    """Why `code` reads every column of `schema.table` (so, its secret too): `select *` (or
    `table t`) over a FROM clause that names the table itself, or `alias.*` of it anywhere
    (`select u.*`, `to_jsonb(u.*)`). A star over a CTE or a subquery is the business of the select
    that fills it; `count(*)` reads no column."""
    tokens = _tokens(_strip_comments_and_strings(code))
    references = _references(tokens, schema.lower(), table.lower())
    names = {table.lower()}
    for start in references:
        after = start + 3
        if after < len(tokens) and tokens[after][0] == "as":
            after += 1
        if after < len(tokens) and tokens[after][0] not in _NOT_ALIASES and re.match(r"[a-z_]", tokens[after][0]):
            names.add(tokens[after][0])
    problems = []
    for i, (token, depth) in enumerate(tokens):
        if token == "*" and i >= 2 and tokens[i - 1][0] == "." and tokens[i - 2][0] in names:
            problems.append(f"selects {tokens[i - 2][0]}.* of {schema}.{table}")
        elif token == "table" and {i + 1, i + 3} & set(references) and (
                i == 0 or tokens[i - 1][0] in ("(", ";", "all", "union")):
            problems.append(f"reads the whole of {schema}.{table} (TABLE)")
        elif token == "select":
            # this select's list, up to its FROM at the same depth
            j, stars = i + 1, 0
            while j < len(tokens) and tokens[j][1] >= depth:
                if tokens[j][1] == depth and tokens[j][0] in _FROM_ENDS | {"from"}:
                    break
                previous = tokens[j - 1][0]
                distinct_on = previous == ")" and [t for t, _ in tokens[i + 1:i + 3]] == ["distinct", "on"]
                if tokens[j] == ("*", depth) and (previous in ("select", "distinct", "all", ",") or distinct_on):
                    stars += 1
                j += 1
            if not stars or j >= len(tokens) or tokens[j][0] != "from":
                continue
            # its FROM clause, at the same depth: does it name the table itself?
            k = j + 1
            while k < len(tokens) and tokens[k][1] >= depth and not (
                    tokens[k][1] == depth and tokens[k][0] in _FROM_ENDS):
                if k in references and tokens[k][1] == depth:
                    problems.append(f"selects * from {schema}.{table}")
                    break
                k += 1
    return problems


def secret_reads(code: str, secret_columns: set[str], table: str | None = None,
                 schema: str = SOURCE_SCHEMA) -> list[str]:
    """Why `code` (compiled SQL reading `schema.table`, a table with these secret columns) reads a
    secret: by naming it, by a star over the table, or by serialising a whole row."""
    bare = _strip_comments_and_strings(code)
    identifiers = {token.lower() for token in re.findall(r"[A-Za-z_][A-Za-z0-9_$]*", bare)}
    problems = [f"names the secret column {column}" for column in sorted(secret_columns & identifiers)]
    if table is not None:
        problems += whole_table_reads(code, schema, table)
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


def test_star_scanner_catches_whole_table_reads() -> None:
    def reads(code: str) -> list[str]:
        return whole_table_reads(code, "techhub", "account_user")

    table = '"db"."techhub"."account_user"'
    # a star over the table itself, however it is spelt
    assert reads(f"with source as (select * from {table}) select id from source") == [
        "selects * from techhub.account_user"]
    assert reads("SELECT DISTINCT * FROM techhub . account_user WHERE id > 0") == [
        "selects * from techhub.account_user"]
    assert reads(f"select o.id, * from {table} as u join other as o on o.id = u.id") == [
        "selects * from techhub.account_user"]
    assert reads(f"select 1 where exists (select * from {table} where id = 1)") == [
        "selects * from techhub.account_user"]
    assert reads(f"(select * from {table} where id in (select 1)) dbt_subquery") == [
        "selects * from techhub.account_user"]
    assert reads(f"select u.* from {table} as u") == ["selects u.* of techhub.account_user"]
    assert reads(f"select to_jsonb(u.*) from {table} u") == ["selects u.* of techhub.account_user"]
    assert reads(f'select "account_user".* from {table}') == ["selects account_user.* of techhub.account_user"]
    assert reads(f"table {table}") == ["reads the whole of techhub.account_user (TABLE)"]
    # stars that read no column of it
    assert reads(f"select count(*), 2 * 3 from {table}") == []
    assert reads(f"with source as (select id, email from {table}), renamed as (select *, 1 as x from source) "
                 "select * from renamed") == []
    assert reads(f"select * from (select id from {table}) as s") == []
    assert reads(f"select s.* from (select id from {table}) as s, other as t where t.x = 1") == []
    assert reads("select * from techhub.account_usercompany") == []
    assert reads(f"select id from {table} -- select * from {table}\n") == []


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
            problems += [f"{uid} ({table}): {why}" for why in secret_reads(code, SECRET_COLUMNS[table], table)]
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


# ---------------------------------------------------------------- secrets: column rights


def test_staging_builds_without_rights_on_the_secret_columns(warehouse: db.ConnectionSettings) -> None:
    """A DBA may revoke the build user's right on the secret columns (staging names the columns it
    reads, never `*`): as a login role that may select every other column of the source (table-level
    select on the other tables, column-level on the three with a secret), `dbt run` of the staging
    models of those tables succeeds, with its on-run-start hooks, and the views it creates read every
    row; selecting a secret column directly is refused. A copy of the session's generated source,
    where the role owns what it creates (a view runs with its owner's rights: creating it checks
    none, reading it checks them all)."""
    conn = source_database(warehouse, "secret_rights")
    role = f"{conn.database}_builder"
    restricted = dataclasses.replace(conn, user=role, password=token_hex(16))
    models = [f"stg_techhub__{table}" for table in SECRET_COLUMNS]
    columns = execute(conn, """
        select cls.relname, att.attname
        from pg_catalog.pg_attribute as att
        inner join pg_catalog.pg_class as cls on att.attrelid = cls.oid
        inner join pg_catalog.pg_namespace as ns on cls.relnamespace = ns.oid
        where ns.nspname = %s and cls.relname = any(%s) and att.attnum > 0 and not att.attisdropped
        order by att.attnum
    """, (SOURCE_SCHEMA, list(SECRET_COLUMNS)))
    readable = {table: [column for name, column in columns if name == table and column not in secret]
                for table, secret in SECRET_COLUMNS.items()}
    source, who = sql.Identifier(SOURCE_SCHEMA), sql.Identifier(role)
    try:
        execute(conn, sql.SQL("drop role if exists {}").format(who))
        execute(conn, sql.SQL("create role {} login password %s").format(who), (restricted.password,))
        # create on the database: the role makes its own staging and observability schemas
        execute(conn, sql.SQL("grant connect, create on database {} to {}").format(sql.Identifier(conn.database), who))
        execute(conn, sql.SQL("grant usage on schema {} to {}").format(source, who))
        execute(conn, sql.SQL("grant select on all tables in schema {} to {}").format(source, who))
        for table, names in readable.items():
            relation = sql.SQL("{}.{}").format(source, sql.Identifier(table))
            execute(conn, sql.SQL("revoke select on {} from {}").format(relation, who))
            execute(conn, sql.SQL("grant select ({}) on {} to {}").format(
                sql.SQL(", ").join(map(sql.Identifier, names)), relation, who))

        result = run_dbt(restricted, ["run", "-s", *models])
        assert result.returncode == 0, "dbt run as the restricted role failed:\n" + result.stdout[-10000:]
        assert result.stdout.count("OK created sql view model staging.") == len(models), result.stdout[-5000:]

        with contextlib.closing(psycopg2.connect(restricted.dsn())) as connection, connection.cursor() as cur:
            connection.autocommit = True
            cur.execute("select current_user, rolsuper from pg_roles where rolname = current_user")
            assert cur.fetchone() == (role, False)
            for table, model in zip(SECRET_COLUMNS, models, strict=True):
                cur.execute(sql.SQL("select count(*) from staging.{}").format(sql.Identifier(model)))
                staged = cur.fetchone()[0]
                cur.execute(sql.SQL("select count(*) from {}.{}").format(source, sql.Identifier(table)))
                assert staged == cur.fetchone()[0] > 0, table
                for column in SECRET_COLUMNS[table]:
                    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
                        cur.execute(sql.SQL("select {} from {}.{} limit 1").format(
                            sql.Identifier(column), source, sql.Identifier(table)))
    finally:
        drop_database(conn)
        execute(warehouse, sql.SQL("drop role if exists {}").format(who))
