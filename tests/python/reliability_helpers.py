"""Helpers of the reliability and security tests: throwaway databases on the test server (with a
generated source copied from a template), dbt runs against them, checksums of the BI-facing
tables, connections as the reader roles."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import subprocess
from collections.abc import Iterator

import psycopg2
import psycopg2.extensions
from psycopg2 import sql

from techhub_dwh import db
from techhub_dwh.dbt import dbt_env, dbt_executable
from techhub_dwh.paths import project_root

BI_SCHEMAS = ("marts", "kpi")
SCRATCH_SCALE = 0.01
SCRATCH_SEED = 11
SCRATCH_DIRTY_RATE = 0.05
# Builds that a test compares pin "now" (dbt var build_timestamp): what depends on the build's
# time (the month spine's last month, "ended before the build", the one-year cut of timestamps)
# must not differ between two builds a second, a midnight or a month end apart.
PINNED_NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
PINNED_VARS = ["--vars", json.dumps({"build_timestamp": PINNED_NOW.isoformat(sep=" ")})]


def scratch_database(warehouse: db.ConnectionSettings, suffix: str, fresh: bool = True,
                     template: str | None = None) -> db.ConnectionSettings:
    """A database of its own next to the test database (`<test database>_<suffix>`): every
    scenario that changes the source or breaks a build gets one, so the session's warehouse and
    the other engineers' databases are never disturbed. `template`: a database to copy."""
    conn = dataclasses.replace(warehouse, database=f"{warehouse.database}_{suffix}")
    if fresh:
        drop_database(conn)
    if template:
        with _admin(conn) as cur:
            cur.execute(sql.SQL("create database {} template {}").format(
                sql.Identifier(conn.database), sql.Identifier(template)))
    db.ensure_database(conn)
    return conn


@contextlib.contextmanager
def _admin(conn: db.ConnectionSettings) -> Iterator[psycopg2.extensions.cursor]:
    with contextlib.closing(psycopg2.connect(conn.dsn("postgres"))) as admin:
        admin.autocommit = True
        with admin.cursor() as cur:
            yield cur


def drop_database(conn: db.ConnectionSettings) -> None:
    with _admin(conn) as cur:
        cur.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(conn.database)))


@functools.cache
def _generated_template(warehouse: db.ConnectionSettings) -> str:
    """A database holding only a generated source (scale SCRATCH_SCALE), made once per test
    session and copied (CREATE DATABASE ... TEMPLATE) for every scenario that needs one."""
    from techhub_dwh.source import generator

    conn = scratch_database(warehouse, "template")
    atexit.register(drop_database, conn)
    generator.generate(conn, scale=SCRATCH_SCALE, seed=SCRATCH_SEED, dirty_rate=SCRATCH_DIRTY_RATE)
    return conn.database


def source_database(warehouse: db.ConnectionSettings, suffix: str) -> db.ConnectionSettings:
    """A fresh database `<test database>_<suffix>` holding a copy of the generated source."""
    return scratch_database(warehouse, suffix, template=_generated_template(warehouse))


def target_for(conn: db.ConnectionSettings) -> str:
    """One dbt target folder per database: dbt's partial parsing stays valid across runs, and
    runs against different databases never overwrite each other's manifests."""
    return f"{os.environ.get('DBT_TARGET_PATH', 'target')}_{conn.database}"


def _env(conn: db.ConnectionSettings, extra_env: dict[str, str] | None, target: str | None) -> dict[str, str]:
    return {**dbt_env(conn), **(extra_env or {}), "DBT_TARGET_PATH": target or target_for(conn)}


def run_dbt(conn: db.ConnectionSettings, args: list[str], extra_env: dict[str, str] | None = None,
            target: str | None = None) -> subprocess.CompletedProcess[str]:
    """dbt against `conn`, output captured."""
    return subprocess.run([dbt_executable(), *args], cwd=project_root(), env=_env(conn, extra_env, target),
                          text=True, capture_output=True, check=False)


def start_dbt(conn: db.ConnectionSettings, args: list[str], extra_env: dict[str, str] | None = None,
              target: str | None = None) -> subprocess.Popen[str]:
    """dbt in the background, its output going to a file (a pipe nobody reads would fill up and
    stall dbt); `finish()` waits for it and returns (exit code, output)."""
    env = _env(conn, extra_env, target)
    log = project_root() / env["DBT_TARGET_PATH"] / "background-dbt.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen([dbt_executable(), *args], cwd=project_root(), env=env, text=True,
                                   stdout=output, stderr=subprocess.STDOUT)
    process.log = log  # type: ignore[attr-defined]
    return process


def finish(process: subprocess.Popen[str], timeout: float = 900) -> tuple[int, str]:
    process.wait(timeout=timeout)
    return process.returncode, process.log.read_text()  # type: ignore[attr-defined]


def dbt_ok(conn: db.ConnectionSettings, args: list[str]) -> subprocess.CompletedProcess[str]:
    result = run_dbt(conn, args)
    assert result.returncode == 0, f"dbt {' '.join(args)} failed:\n{result.stdout[-20000:]}"
    return result


def execute(conn: db.ConnectionSettings, statement: str | sql.Composable, params: tuple | dict = ()) -> list[tuple]:
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute(statement, params or None)
        return cur.fetchall() if cur.description else []


def tables(conn: db.ConnectionSettings, schemas: tuple[str, ...] = BI_SCHEMAS) -> list[str]:
    """Every table (not view) of `schemas`, as schema.table."""
    rows = execute(conn, """
        select table_schema || '.' || table_name from information_schema.tables
        where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1
    """, (list(schemas),))
    return [name for (name,) in rows]


def checksums(conn: db.ConnectionSettings, schemas: tuple[str, ...] = BI_SCHEMAS) -> dict[str, tuple[int, str]]:
    """(rows, md5 of the ordered row hashes) of every table of `schemas`: equal checksums mean
    equal contents, whatever the physical row order."""
    result = {}
    with db.connect(conn) as connection, connection.cursor() as cur:
        for name in tables(conn, schemas):
            schema, table = name.split(".")
            cur.execute(sql.SQL("""
                select count(*), coalesce(md5(string_agg(row_hash, '' order by row_hash)), '')
                from (select md5(t::text) as row_hash from {}.{} as t) as hashed
            """).format(sql.Identifier(schema), sql.Identifier(table)))
            rows, digest = cur.fetchone()
            result[name] = (rows, digest)
    return result


def differences(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    """The tables whose checksums differ, with their row counts: a readable assertion message."""
    names = sorted(set(before) | set(after))
    return [f"{name}: {before.get(name, ('missing',))[0]} -> {after.get(name, ('missing',))[0]} rows"
            for name in names if before.get(name) != after.get(name)]


def role_settings(conn: db.ConnectionSettings, role: str) -> db.ConnectionSettings:
    """The same server and database, logged in as a reader role (password from
    TECHHUB_BI_PASSWORD / TECHHUB_PII_PASSWORD when the server asks for one)."""
    return dataclasses.replace(conn, user=role, password=os.environ.get(f"{role.upper()}_PASSWORD", ""))


@contextlib.contextmanager
def connect_as(conn: db.ConnectionSettings, role: str) -> Iterator[psycopg2.extensions.connection]:
    connection = psycopg2.connect(role_settings(conn, role).dsn(), application_name=f"test-{role}")
    connection.autocommit = True
    try:
        yield connection
    finally:
        connection.close()


EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# A phone or IIN stands alone: not inside a longer number, nor inside a hex hash or a code
# (an md5 surrogate key often holds 11 or 12 digits in a row).
PHONE = r"(^|[^0-9A-Za-z])7[0-9]{10}($|[^0-9A-Za-z])"
TWELVE_DIGITS = r"(^|[^0-9A-Za-z])[0-9]{12}($|[^0-9A-Za-z])"


# The legal forms that are legal entities (source-system.md: account_company.type): their TIN is
# the company's BIN, public. An `ie`'s TIN is the owner's IIN, and a company of unknown form may be
# one: a 12-digit value is clear personal data there.
LEGAL_ENTITY_TYPES = ("llp", "jsc", "branch", "foreign", "ngo")
# The columns that may hold a legal entity's BIN, with the column giving the company's legal form.
LEGAL_ENTITY_TIN_COLUMNS = {("marts", "dim_company", "tin"): "type",
                            ("intermediate", "int_companies", "legal_entity_tin"): "type"}


def pii_findings(conn: db.ConnectionSettings, schemas: tuple[str, ...] = BI_SCHEMAS) -> list[str]:
    """Every column of a stored table of `schemas` (marts and kpi unless told) holding a value that
    looks like a clear e-mail, a normalised phone or a 12-digit IIN (a 12-digit TIN is allowed only
    in LEGAL_ENTITY_TIN_COLUMNS, on rows of a legal entity (LEGAL_ENTITY_TYPES): a company BIN,
    not a person's IIN)."""
    columns = execute(conn, """
        select c.table_schema, c.table_name, c.column_name
        from information_schema.columns as c
        inner join information_schema.tables as t
            on c.table_schema = t.table_schema and c.table_name = t.table_name
        where c.table_schema = any(%s) and t.table_type = 'BASE TABLE'
        order by 1, 2, c.ordinal_position
    """, (list(schemas),))
    findings = []
    with db.connect(conn) as connection, connection.cursor() as cur:
        for schema, table, column in columns:
            value = sql.SQL("{}::text").format(sql.Identifier(column))
            type_column = LEGAL_ENTITY_TIN_COLUMNS.get((schema, table, column))
            for kind, pattern in (("e-mail", EMAIL), ("phone", PHONE), ("12-digit IIN", TWELVE_DIGITS)):
                where = sql.SQL("{} ~ %(pattern)s").format(value)
                if type_column and kind == "12-digit IIN":
                    where = sql.SQL("{} and ({} is null or {} <> all(%(legal)s))").format(
                        where, sql.Identifier(type_column), sql.Identifier(type_column))
                cur.execute(sql.SQL("select {} from {}.{} where {} limit 1").format(
                    value, sql.Identifier(schema), sql.Identifier(table), where),
                    {"pattern": pattern, "legal": list(LEGAL_ENTITY_TYPES)})
                row = cur.fetchone()
                if row is not None:
                    findings.append(f"{schema}.{table}.{column}: {kind} in clear, e.g. {row[0][:80]!r}")
    return findings
