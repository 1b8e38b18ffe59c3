"""Schema drift: an extra source column is ignored; a missing contract column (or table, or an
incompatible type) stops the build before anything is built, naming the table and the column.

Runs on an empty contract-shaped source in a database of its own (`<test database>_drift`)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability_helpers import drop_database, execute, run_dbt, scratch_database, target_for
from techhub_cli import main as cli
from techhub_dwh import db
from techhub_dwh.paths import project_root
from techhub_dwh.source import contract, drift

SCHEMA = contract.source_schema()
WAREHOUSE_SCHEMAS = ("staging", "intermediate", "marts", "kpi", "pii", "dq", "reference", "snapshots")


@pytest.fixture(scope="module")
def drift_db(warehouse: db.ConnectionSettings) -> Iterator[db.ConnectionSettings]:
    conn = scratch_database(warehouse, "drift")
    yield conn
    drop_database(conn)


@pytest.fixture()
def source(drift_db: db.ConnectionSettings) -> db.ConnectionSettings:
    """A fresh, empty source schema exactly as the contract says, and no warehouse schemas."""
    execute(drift_db, contract.create_schema_sql(SCHEMA)
            + "".join(f"drop schema if exists {schema} cascade;" for schema in WAREHOUSE_SCHEMAS))
    return drift_db


def _run_results_file(conn: db.ConnectionSettings) -> Path:
    return project_root() / target_for(conn) / "run_results.json"


def _nodes_run(conn: db.ConnectionSettings) -> list[str]:
    """The nodes (not hooks) of the last dbt run; none when it stopped before writing results."""
    path = _run_results_file(conn)
    if not path.exists():
        return []
    return [r["unique_id"] for r in json.loads(path.read_text())["results"]
            if not r["unique_id"].startswith("operation.")]


def test_contract_shaped_source_has_no_findings(source: db.ConnectionSettings) -> None:
    assert drift.check_source_schema(source, SCHEMA) == []


def test_extra_column_and_table_are_ignored(source: db.ConnectionSettings, monkeypatch, capsys) -> None:
    execute(source, f"alter table {SCHEMA}.account_user add column nickname text;"
                    f"alter table {SCHEMA}.core_event add column legacy_flag boolean;"
                    f"create table {SCHEMA}.django_migrations (id bigint, app text)")

    findings = drift.check_source_schema(source, SCHEMA)
    assert drift.errors(findings) == []
    assert f"info: {SCHEMA}.account_user.nickname: extra column, ignored" in findings
    assert f"info: {SCHEMA}.django_migrations: extra table, ignored" in findings

    monkeypatch.setenv("PGDATABASE", source.database)
    assert cli.main(["source", "check", "--schema", SCHEMA]) == 0
    assert "0 error(s)" in capsys.readouterr().out

    result = run_dbt(source, ["run", "--select", "staging"])  # every model reading the source
    assert result.returncode == 0, result.stdout[-10000:]
    columns = {name for (name,) in execute(source, """
        select column_name from information_schema.columns
        where table_schema = 'staging' and table_name = 'stg_techhub__account_user'""")}
    assert columns and "nickname" not in columns


def test_missing_column_fails_early_naming_table_and_column(source: db.ConnectionSettings, monkeypatch,
                                                            capsys) -> None:
    execute(source, f"alter table {SCHEMA}.account_user drop column role")

    findings = drift.check_source_schema(source, SCHEMA)
    assert drift.errors(findings) == [
        f"error: {SCHEMA}.account_user.role: column missing (the contract needs varchar(32))"]
    monkeypatch.setenv("PGDATABASE", source.database)
    assert cli.main(["source", "check"]) == 1
    assert f"{SCHEMA}.account_user.role: column missing" in capsys.readouterr().out

    _run_results_file(source).unlink(missing_ok=True)
    started = time.monotonic()
    result = run_dbt(source, ["build"])  # the whole nightly build, nothing selected away
    elapsed = time.monotonic() - started
    assert result.returncode != 0
    assert "Source schema drift" in result.stdout
    assert f"{SCHEMA}.account_user.role: column missing (the contract needs varchar(32))" in result.stdout
    # Early: the hook failed before any model, seed, snapshot or test ran.
    assert _nodes_run(source) == []
    assert execute(source, "select count(*) from information_schema.tables where table_schema = any(%s)",
                   (list(WAREHOUSE_SCHEMAS),)) == [(0,)]
    assert elapsed < 120


def test_missing_table_and_incompatible_types_are_errors(source: db.ConnectionSettings) -> None:
    execute(source, f"drop table {SCHEMA}.core_city;"
                    f"alter table {SCHEMA}.account_company alter column verified type text;"
                    f"alter table {SCHEMA}.core_event alter column created_at type timestamp;"
                    f"alter table {SCHEMA}.service_hubformdata alter column data type json;"
                    # compatible widenings: notes only
                    f"alter table {SCHEMA}.account_user alter column email type text;"
                    f"alter table {SCHEMA}.booking_room alter column floor type bigint")

    findings = drift.check_source_schema(source, SCHEMA)
    assert sorted(drift.errors(findings)) == sorted([
        f"error: {SCHEMA}.core_city: table missing (the contract needs every one of its columns)",
        f"error: {SCHEMA}.account_company.verified: type text is not compatible with the contract's boolean",
        f"error: {SCHEMA}.core_event.created_at: type timestamp without time zone is not compatible "
        "with the contract's timestamptz",
        f"error: {SCHEMA}.service_hubformdata.data: type json is not compatible with the contract's jsonb",
    ])
    assert f"info: {SCHEMA}.account_user.email: type text instead of varchar(254) (compatible)" in findings

    result = run_dbt(source, ["build"])
    assert result.returncode != 0
    for expected in (f"{SCHEMA}.core_city: table missing",
                     f"{SCHEMA}.account_company.verified: type text is not compatible",
                     f"{SCHEMA}.core_event.created_at: type timestamp without time zone is not compatible",
                     f"{SCHEMA}.service_hubformdata.data: type json is not compatible"):
        assert expected in result.stdout
    assert "account_user.email" not in result.stdout.split("Source schema drift")[1]


def test_missing_schema_is_an_error(drift_db: db.ConnectionSettings) -> None:
    assert drift.check_source_schema(drift_db, "no_such_schema") == [
        "error: source schema no_such_schema does not exist"]
