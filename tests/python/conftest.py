"""Shared fixtures: a test database on the project's server, a small generated source in it,
and the warehouse built once per session on top of it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg2
import pytest

# Tests never touch the working database: they get their own, on whichever server is configured.
# `make test` runs the test files on two pytest-xdist workers: each worker has its own database
# (and the scratch databases named after it) and its own dbt folders.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_SUFFIX = f"_{_WORKER}" if _WORKER else ""
os.environ["PGDATABASE"] = os.environ.get("TECHHUB_TEST_DATABASE", "techhub_dwh_test") + _SUFFIX
os.environ["DBT_TARGET_PATH"] = os.environ.get("DBT_TARGET_PATH", "target_test") + _SUFFIX
os.environ["DBT_LOG_PATH"] = os.environ.get("DBT_LOG_PATH", "logs_test") + _SUFFIX

from techhub_dwh import db  # noqa: E402  (imported after PGDATABASE is set: db reads it)
from techhub_dwh.dbt import run_dbt  # noqa: E402

TEST_SCALE = float(os.environ.get("TECHHUB_TEST_SCALE", "0.02"))
TEST_SEED = 7


@pytest.fixture(scope="session")
def warehouse() -> db.ConnectionSettings:
    """The test database's connection settings (the server is started if embedded)."""
    return db.settings()


@pytest.fixture(scope="session")
def generated_source(warehouse: db.ConnectionSettings) -> dict[str, int]:
    from techhub_dwh.source import generator

    return generator.generate(warehouse, scale=TEST_SCALE, seed=TEST_SEED, dirty_rate=0.01)


@pytest.fixture(scope="session")
def built_warehouse(warehouse: db.ConnectionSettings, generated_source: dict[str, int]) -> db.ConnectionSettings:
    """The whole warehouse (seeds, snapshots, models, dbt tests) built on the generated source. The
    reader roles get their passwords as a build gives them (dbt itself sets none), so that tests
    can log in as them where the server asks for one."""
    from techhub_dwh import reader_passwords

    reader_passwords.apply(warehouse)
    result = run_dbt(["build", "--full-refresh"], warehouse, capture=True)
    assert result.returncode == 0, "dbt build failed:\n" + result.stdout[-20000:]
    return warehouse


@pytest.fixture()
def cursor(warehouse: db.ConnectionSettings) -> Iterator[psycopg2.extensions.cursor]:
    connection = psycopg2.connect(warehouse.dsn())
    connection.autocommit = True
    try:
        with connection.cursor() as cur:
            yield cur
    finally:
        connection.close()


def query(conn: db.ConnectionSettings, sql: str, params: tuple = ()) -> list[tuple]:
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else []
