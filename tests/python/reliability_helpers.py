"""Helpers of the reliability and security tests: throwaway databases on the test server, dbt
runs against them, checksums of the BI-facing tables, connections as the reader roles."""

from __future__ import annotations

import contextlib
import dataclasses
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


def scratch_database(warehouse: db.ConnectionSettings, suffix: str, fresh: bool = True) -> db.ConnectionSettings:
    """A database of its own next to the test database (`<test database>_<suffix>`): every
    scenario that changes the source or breaks a build gets one, so the session's warehouse and
    the other engineers' databases are never disturbed."""
    conn = dataclasses.replace(warehouse, database=f"{warehouse.database}_{suffix}")
    if fresh:
        drop_database(conn)
    db.ensure_database(conn)
    return conn


def drop_database(conn: db.ConnectionSettings) -> None:
    with contextlib.closing(psycopg2.connect(conn.dsn("postgres"))) as admin:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(conn.database)))


def run_dbt(conn: db.ConnectionSettings, args: list[str], extra_env: dict[str, str] | None = None,
            target: str | None = None) -> subprocess.CompletedProcess[str]:
    """dbt against `conn`, output captured; `target` gives the run its own target folder (a run
    in the background must not share one with a run in the foreground)."""
    env = {**dbt_env(conn), **(extra_env or {})}
    if target:
        env["DBT_TARGET_PATH"] = target
    return subprocess.run([dbt_executable(), *args], cwd=project_root(), env=env, text=True,
                          capture_output=True, check=False)


def start_dbt(conn: db.ConnectionSettings, args: list[str], target: str,
              extra_env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    env = {**dbt_env(conn), **(extra_env or {}), "DBT_TARGET_PATH": target}
    return subprocess.Popen([dbt_executable(), *args], cwd=project_root(), env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def build_ok(conn: db.ConnectionSettings, args: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    result = run_dbt(conn, args or ["build"])
    assert result.returncode == 0, f"dbt {' '.join(args or ['build'])} failed:\n{result.stdout[-20000:]}"
    return result


def execute(conn: db.ConnectionSettings, statement: str, params: tuple | dict = ()) -> list[tuple]:
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


def role_settings(conn: db.ConnectionSettings, role: str) -> db.ConnectionSettings:
    """The same server and database, logged in as a reader role (password from
    TECHHUB_BI_PASSWORD / TECHHUB_PII_PASSWORD when the server asks for one)."""
    password = os.environ.get(f"{role.upper()}_PASSWORD", "")
    return dataclasses.replace(conn, user=role, password=password)


@contextlib.contextmanager
def connect_as(conn: db.ConnectionSettings, role: str) -> Iterator[psycopg2.extensions.connection]:
    connection = psycopg2.connect(role_settings(conn, role).dsn(), application_name=f"test-{role}")
    connection.autocommit = True
    try:
        yield connection
    finally:
        connection.close()
