"""The generated source schema is exactly the contract (contract.yml): the same tables, the
same columns in the same order, the same types and nullability."""

from __future__ import annotations

import pytest

from conftest import query
from techhub_dwh import db
from techhub_dwh.source import contract


@pytest.fixture(scope="module")
def columns(warehouse: db.ConnectionSettings, generated_source: dict[str, int]) -> dict[str, list[tuple]]:
    rows = query(warehouse, """
        select table_name, column_name, data_type, udt_name, character_maximum_length,
            numeric_precision, numeric_scale, is_nullable
        from information_schema.columns
        where table_schema = %s
        order by table_name, ordinal_position
    """, (contract.source_schema(),))
    result: dict[str, list[tuple]] = {}
    for table, column, data_type, udt, length, precision, scale, nullable in rows:
        declared = contract.information_schema_type(data_type, udt, length, precision, scale)
        result.setdefault(table, []).append((column, declared, nullable == "YES"))
    return result


def test_same_tables(columns: dict[str, list[tuple]]) -> None:
    assert set(columns) == set(contract.tables())
    assert len(columns) == 43


@pytest.mark.parametrize("table", list(contract.tables()))
def test_same_columns(columns: dict[str, list[tuple]], table: str) -> None:
    expected = [
        (column.name, contract.contract_type_for_comparison(column.data_type), column.nullable)
        for column in contract.tables()[table].columns
    ]
    assert columns[table] == expected


def test_primary_keys(warehouse: db.ConnectionSettings, generated_source: dict[str, int]) -> None:
    rows = query(warehouse, """
        select tc.table_name, kcu.column_name
        from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu
            on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        where tc.table_schema = %s and tc.constraint_type = 'PRIMARY KEY'
    """, (contract.source_schema(),))
    assert dict(rows) == {name: table.primary_key for name, table in contract.tables().items()}


def test_every_table_filled(generated_source: dict[str, int]) -> None:
    assert set(generated_source) == set(contract.tables())
    assert all(rows > 0 for rows in generated_source.values()), generated_source
