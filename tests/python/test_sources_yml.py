"""The dbt source (models/staging/techhub/_techhub__sources.yml) mirrors the source contract:
exactly its tables and columns, each column's data_type the contract's type, everything
described, PII tagged, and the secret columns marked as never to be selected."""

from __future__ import annotations

import functools

import pytest
import yaml

from techhub_dwh.paths import project_root
from techhub_dwh.source import contract

SOURCES_FILE = project_root() / "models" / "staging" / "techhub" / "_techhub__sources.yml"
SECRET_COLUMNS = {
    ("account_user", "password"),
    ("authtoken_token", "key"),
    ("social_auth_usersocialauth", "extra_data"),
}
# The personal data the spec names, at the least.
PII_COLUMNS = {
    ("account_user", "email"), ("account_user", "phone"), ("account_user", "first_name"),
    ("account_user", "last_name"), ("account_user", "middle_name"),
    ("account_activation", "email"), ("account_activation", "phone"),
    ("service_hubformdata", "data"), ("techorda_applicationform", "data"),
}


@functools.cache
def techhub_source() -> dict:
    document = yaml.safe_load(SOURCES_FILE.read_text())
    (source,) = [source for source in document["sources"] if source["name"] == "techhub"]
    return source


def yml_tables() -> dict[str, dict]:
    return {table["name"]: table for table in techhub_source()["tables"]}


def config_of(node: dict) -> dict:
    return node.get("config") or {}


def test_schema_comes_from_the_environment() -> None:
    assert "TECHHUB_SOURCE_SCHEMA" in techhub_source()["schema"]
    assert techhub_source().get("description", "").strip()


def test_exactly_the_contract_tables() -> None:
    assert sorted(yml_tables()) == sorted(contract.tables())


@pytest.mark.parametrize("table_name", sorted(contract.tables()))
def test_columns_and_types_match_the_contract(table_name: str) -> None:
    table = yml_tables()[table_name]
    expected = [(column.name, column.data_type) for column in contract.tables()[table_name].columns]
    actual = [(column["name"], column.get("data_type")) for column in table["columns"]]
    assert actual == expected


@pytest.mark.parametrize("table_name", sorted(contract.tables()))
def test_every_table_and_column_described(table_name: str) -> None:
    table = yml_tables()[table_name]
    assert table.get("description", "").strip(), f"{table_name} has no description"
    undescribed = [column["name"] for column in table["columns"] if not column.get("description", "").strip()]
    assert not undescribed, f"{table_name}: columns without a description: {undescribed}"


def test_secret_columns_documented_as_never_selected() -> None:
    marked = set()
    for table in techhub_source()["tables"]:
        for column in table["columns"]:
            config = config_of(column)
            if config.get("meta", {}).get("secret"):
                assert "secret" in config.get("tags", []), (table["name"], column["name"])
                assert "never selected" in column["description"].lower(), (table["name"], column["name"])
                marked.add((table["name"], column["name"]))
    assert marked == SECRET_COLUMNS


def test_pii_columns_tagged() -> None:
    tagged = set()
    for table in techhub_source()["tables"]:
        for column in table["columns"]:
            config = config_of(column)
            if config.get("meta", {}).get("pii") and "pii" in config.get("tags", []):
                tagged.add((table["name"], column["name"]))
    assert tagged >= PII_COLUMNS


def test_freshness_on_growing_tables() -> None:
    fresh = {name: config_of(table) for name, table in yml_tables().items() if "freshness" in config_of(table)}
    assert {"core_actionlog", "service_servicerequest", "account_user"} <= set(fresh)
    for name, config in fresh.items():
        column_names = {column.name for column in contract.tables()[name].columns}
        assert config["loaded_at_field"] in column_names, name
        assert config["freshness"]["warn_after"] and config["freshness"]["error_after"], name
