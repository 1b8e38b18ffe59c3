"""Hostile data: the warehouse builds green on a source with every messiness kind at 25% plus
hand-made hostile values (tests/fixtures/hostile.py), sets aside rows only with a reason,
balances its reconciliation, keeps hostile text intact, and computes local days with
Kazakhstan's 2024-03-01 change of offset (UTC+6 -> UTC+5)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest
from psycopg2 import sql

from reliability_helpers import drop_database, execute, pii_findings, run_dbt, scratch_database
from techhub_dwh import db
from techhub_dwh.source import contract

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import hostile

SCHEMA = contract.source_schema()


@pytest.fixture(scope="module")
def hostile_build(warehouse: db.ConnectionSettings) -> Iterator[tuple[db.ConnectionSettings, dict, str]]:
    conn = scratch_database(warehouse, "hostile")
    made = hostile.make_hostile_source(conn)
    # Unit tests do not read data (the session build runs them): the data tests all run here.
    result = run_dbt(conn, ["build", "--full-refresh", "--exclude-resource-type", "unit_test"])
    assert result.returncode == 0, "dbt build failed on the hostile source:\n" + "\n".join(
        line for line in result.stdout.splitlines() if "ERROR" in line or "FAIL" in line)[-20000:]
    yield conn, made, result.stdout
    drop_database(conn)


# ---------------------------------------------------------------- facts about PostgreSQL itself


def test_unescaped_nul_cannot_be_stored(warehouse: db.ConnectionSettings) -> None:
    """A JSONB (or text) copy cannot hold a real \\u0000: the copy must have escaped or stripped it,
    so the warehouse only ever meets the escaped form (handled by the hostile source)."""
    connection = psycopg2.connect(warehouse.dsn())
    connection.autocommit = True
    try:
        with connection.cursor() as cur:
            with pytest.raises(psycopg2.errors.UntranslatableCharacter, match="unsupported Unicode escape"):
                cur.execute("""select '{"ru": "a\\u0000b"}'::jsonb""")
            # json (not jsonb) stores it, but every text extraction fails: the drift check rejects
            # json where the contract says jsonb.
            cur.execute("""select '{"ru": "a\\u0000b"}'::json is not null""")
            with pytest.raises(psycopg2.errors.UntranslatableCharacter):
                cur.execute("""select '{"ru": "a\\u0000b"}'::json ->> 'ru'""")
            with pytest.raises(ValueError, match="NUL"):  # libpq strings end at NUL
                cur.execute("select %s::text", ("a\x00b",))
            with pytest.raises(psycopg2.errors.CharacterNotInRepertoire):
                cur.execute("select convert_from('\\x610062'::bytea, 'UTF8')")
            # The escaped form is an ordinary string: a backslash, then u0000.
            cur.execute("""select '{"ru": "a\\\\u0000b"}'::jsonb ->> 'ru'""")
            assert cur.fetchone()[0] == "a\\u0000b"
    finally:
        connection.close()


def test_deep_json_limit(warehouse: db.ConnectionSettings) -> None:
    """10,000 levels are stored and read; far deeper JSON cannot even be stored (the parser's
    stack limit, max_stack_depth), so no copy holds what the warehouse could not read."""
    connection = psycopg2.connect(warehouse.dsn())
    connection.autocommit = True
    try:
        with connection.cursor() as cur:
            cur.execute("select jsonb_typeof(%s::jsonb), length(%s::jsonb::text) > 0",
                        (hostile._deep(10_000), hostile._deep(10_000)))
            assert cur.fetchone() == ("object", True)
            with pytest.raises(psycopg2.errors.StatementTooComplex, match="stack depth limit"):
                cur.execute("select %s::jsonb", (hostile._deep(200_000),))
    finally:
        connection.close()


def test_server_time_zone_data_knows_the_2024_change(warehouse: db.ConnectionSettings) -> None:
    """Kazakhstan moved from UTC+6 to UTC+5 on 2024-03-01 (tzdata 2024a). A server with older
    time-zone data puts every evening event of the new era on the next day: update the server's
    tzdata (or its PostgreSQL, which bundles it when not built --with-system-tzdata)."""
    rows = execute(warehouse, """
        select '2024-03-01 12:00+00'::timestamptz at time zone 'Asia/Almaty',
               '2024-02-29 12:00+00'::timestamptz at time zone 'Asia/Almaty',
               '2024-02-29 18:30+00'::timestamptz at time zone 'Asia/Almaty'
    """)
    assert rows == [(dt.datetime(2024, 3, 1, 17), dt.datetime(2024, 2, 29, 18), dt.datetime(2024, 2, 29, 23, 30))], (
        "this server's time-zone data predate Kazakhstan's 2024-03-01 change to UTC+5")


# ---------------------------------------------------------------- the hostile build


def test_source_is_dirty_at_a_high_rate(hostile_build) -> None:
    conn, _, _ = hostile_build
    meta = json.loads(execute(conn, "select obj_description(%s::regnamespace)", (SCHEMA,))[0][0])
    assert meta["dirty_rate"] >= 0.2
    rates = execute(conn, f"""
        select
            (select avg((email <> lower(trim(email)))::int) from {SCHEMA}.account_user where email is not null),
            (select avg((tin is null or tin !~ '^[0-9]{{12}}$')::int) from {SCHEMA}.account_company),
            (select avg((trim(primary_key) !~ '^[0-9]+$')::int) from {SCHEMA}.core_comment)
    """)[0]
    assert all(rate is not None and rate > 0.1 for rate in rates), rates


def test_reconciliation_balances_for_every_table(hostile_build) -> None:
    conn, _, _ = hostile_build
    rows = execute(conn, "select source_table, source_rows, staged_rows, set_aside_rows, is_balanced "
                         "from dq.dq_reconciliation order by 1")
    assert {row[0] for row in rows} == set(contract.tables())
    unbalanced = [row for row in rows if not row[4] or row[1] != row[2] + row[3]]
    assert unbalanced == []
    # Its source counts are the true counts.
    for table, source_rows, *_ in rows:
        assert execute(conn, sql.SQL("select count(*) from {}.{}").format(
            sql.Identifier(SCHEMA), sql.Identifier(table)))[0][0] == source_rows, table


def test_every_set_aside_row_is_a_source_row_with_a_reason(hostile_build) -> None:
    conn, _, _ = hostile_build
    assert execute(conn, "select count(*) from dq.dq_set_aside where coalesce(trim(reason), '') = ''") == [(0,)]
    assert execute(conn, "select count(*) from (select source_table, source_key from dq.dq_set_aside "
                         "group by 1, 2 having count(*) > 1) as duplicated") == [(0,)]
    per_table = execute(conn, "select source_table, array_agg(source_key) from dq.dq_set_aside group by 1")
    assert per_table, "the hostile source must make staging set rows aside"
    tables = contract.tables()
    for table, keys in per_table:
        key = tables[table].primary_key
        found = execute(conn, sql.SQL("select count(*) from {}.{} where {}::text = any(%s)").format(
            sql.Identifier(SCHEMA), sql.Identifier(table), sql.Identifier(key)), (keys,))[0][0]
        assert found == len(keys), f"{table}: {len(keys) - found} set-aside keys are not source rows"


def test_hostile_text_reaches_the_marts_intact(hostile_build) -> None:
    conn, _, _ = hostile_build
    columns = execute(conn, """
        select table_name, column_name from information_schema.columns
        where table_schema = 'marts' and data_type in ('text', 'character varying')
    """)
    found = set()
    with db.connect(conn) as connection, connection.cursor() as cur:
        for sample in hostile.SAMPLES:
            for table, column in columns:
                cur.execute(sql.SQL("select 1 from marts.{} where strpos({}, %s) > 0 limit 1").format(
                    sql.Identifier(table), sql.Identifier(column)), (sample[:40],))
                if cur.fetchone():
                    found.add(sample)
                    break
    assert found == set(hostile.SAMPLES), [sample for sample in hostile.SAMPLES if sample not in found]


def test_hostile_names_equal_their_source(hostile_build) -> None:
    conn, made, _ = hostile_build
    companies = made["touched"]["account_company"]
    rows = execute(conn, f"""
        select source.id, source.name, mart.name
        from {SCHEMA}.account_company as source
        join marts.dim_company as mart on mart.company_id = source.id
        where source.id = any(%s)
    """, (companies,))
    assert len(rows) == len(companies)
    assert [(row[0], row[2]) for row in rows] == [(row[0], row[1]) for row in rows]
    cities = made["touched"]["core_city"]
    rows = execute(conn, f"""
        select source.name ->> 'kk', mart.name_kk, source.name ->> 'en', mart.name_en
        from {SCHEMA}.core_city as source join marts.dim_city as mart on mart.city_id = source.id
        where source.id = any(%s)
    """, (cities,))
    assert rows and all(row[0] == row[1] and row[2] == row[3] for row in rows), rows


def test_big_deep_and_escaped_values_are_staged(hostile_build) -> None:
    conn, made, _ = hostile_build
    placed = made["placed"]
    checks = {
        # hubformdata.data may hold PII: staging keeps the row, not the JSON.
        "hubformdata_1mb": "select 1 from staging.stg_techhub__service_hubformdata where hubformdata_id = %s",
        "hubformdata_deep10000": "select 1 from staging.stg_techhub__service_hubformdata where hubformdata_id = %s",
        "event_content_1mb": "select octet_length(content_ru) from staging.stg_techhub__core_event "
                             "where event_id = %s",
        "core_techtask_reward_deep200": "select 1 from staging.stg_techhub__core_techtask where techtask_id = %s",
        "service_report_data_deep200": "select 1 from staging.stg_techhub__service_report where report_id = %s",
        "account_company_tags_deep200": "select 1 from marts.dim_company where company_id = %s",
        "core_blog_title_deep200": "select 1 from staging.stg_techhub__core_blog where blog_id = %s",
        "techorda_course_data_deep200": "select 1 from staging.stg_techhub__techorda_course where course_id = %s",
    }
    for name, query in checks.items():
        rows = execute(conn, query, (placed[name],))
        assert rows and rows[0][0], f"{name} (id {placed[name]}) did not come through: {rows}"
    assert execute(conn, checks["event_content_1mb"], (placed["event_content_1mb"],))[0][0] > hostile.MEGABYTE
    assert execute(conn, "select name_ru, name_kk from marts.dim_city where city_id = %s",
                   (placed["city_escaped_nul"],)) == [("Алматы\\u0000", "Алма\\u0000ты")]


def test_local_days_follow_the_new_offset(hostile_build) -> None:
    conn, made, _ = hostile_build
    expectations = {
        "account_user": "select user_id, registered_date_id from marts.dim_user where user_id = any(%s)",
        "account_activation": "select activation_id, created_date_id from marts.fact_account_activation "
                              "where activation_id = any(%s)",
        "booking_booking": "select booking_id, booking_date_id from marts.fact_booking where booking_id = any(%s)",
        "service_servicerequest": "select request_id, created_date_id from marts.fact_service_request "
                                  "where request_id = any(%s)",
        "core_event": "select event_id, event_date_id from marts.fact_event where event_id = any(%s)",
        "account_company": "select company_id, created_date_id from marts.dim_company where company_id = any(%s)",
    }
    wrong = []
    for table, query in expectations.items():
        expected = {int(key): value for key, value in made["time_zone"][table].items()}
        got = dict(execute(conn, query, (list(expected),)))
        if got != expected:
            wrong.append(f"{table}: expected {expected}, got {got}")
    assert wrong == []
    # Months: a user who joined at 23:30 local on 2024-02-29 (18:30 UTC, UTC+5) is February's.
    months = execute(conn, "select registered_date_id, registered_month from marts.dim_user where user_id = any(%s)",
                     (list(map(int, made["time_zone"]["account_user"])),))
    assert {(date_id, month) for date_id, month in months} == {
        (20240229, dt.date(2024, 2, 1)), (20240301, dt.date(2024, 3, 1)),
        (20240331, dt.date(2024, 3, 1)), (20240401, dt.date(2024, 4, 1))}


def test_a_booking_across_the_change_lasts_its_real_duration(hostile_build) -> None:
    conn, made, _ = hostile_build
    (booking,) = map(int, made["time_zone"]["booking_across"])
    assert execute(conn, "select booking_date_id, duration_hours from marts.fact_booking where booking_id = %s",
                   (booking,)) == [(20240229, 2)]


def test_no_clear_pii_in_hostile_marts(hostile_build) -> None:
    conn, _, _ = hostile_build
    assert pii_findings(conn) == []


def test_source_tables_survived_the_sql_looking_strings(hostile_build) -> None:
    conn, _, _ = hostile_build
    names = {name for (name,) in execute(conn, "select table_name from information_schema.tables "
                                               "where table_schema = %s", (SCHEMA,))}
    assert set(contract.tables()) <= names
