"""The warehouse on a source copy the project's generator did not produce.

tests/fixtures/messy_source.sql is written by hand: a small, coherent TechHub (users, companies,
service requests with their logs, events with participants, vacancies with candidates, bookings,
TechOrda) with at least one row of every kind of messiness of shared/spec/source-system.md. It is
loaded into the schema `techhub_fixture` of a database of its own (`<test database>_fixture`, dropped
afterwards), the
whole project is built on it (`dbt build`: seeds, snapshots, models, tests), and the test checks
that the build is green, that dq accounts for every source row, which rows were set aside and why,
and what the cleaning rules made of the dirty values.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg2 import sql

from reliability_helpers import drop_database, scratch_database
from techhub_dwh import db
from techhub_dwh.dbt import run_dbt
from techhub_dwh.paths import project_root
from techhub_dwh.source import contract

FIXTURE_SCHEMA = "techhub_fixture"
FIXTURE_FILE = project_root() / "tests" / "fixtures" / "messy_source.sql"


def _query(conn: db.ConnectionSettings, statement: str, params: tuple = ()) -> list[tuple]:
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute(statement, params or None)
        return cur.fetchall() if cur.description else []


def load_fixture(conn: db.ConnectionSettings, schema: str = FIXTURE_SCHEMA) -> None:
    """The contract's empty tables in `schema`, then the hand-written rows."""
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute(contract.create_schema_sql(schema))
        cur.execute(sql.SQL("set local search_path to {}").format(sql.Identifier(schema)))
        cur.execute(FIXTURE_FILE.read_text())


@pytest.fixture(scope="module")
def fixture_warehouse(warehouse: db.ConnectionSettings) -> Iterator[db.ConnectionSettings]:
    conn = scratch_database(warehouse, "fixture")
    load_fixture(conn)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TECHHUB_SOURCE_SCHEMA", FIXTURE_SCHEMA)
        patch.setenv("DBT_TARGET_PATH", "target_test_fixture")
        patch.setenv("DBT_LOG_PATH", "logs_test_fixture")
        result = run_dbt(["build", "--full-refresh"], conn, capture=True)
    try:
        assert result.returncode == 0, "dbt build on the hand-made fixture failed:\n" + result.stdout[-20000:]
        yield conn
    finally:
        drop_database(conn)


def test_reconciliation_balances_with_true_counts(fixture_warehouse: db.ConnectionSettings) -> None:
    rows = _query(fixture_warehouse, """
        select source_table, source_rows, staged_rows, set_aside_rows, is_balanced from dq.dq_reconciliation
    """)
    assert sorted(row[0] for row in rows) == sorted(contract.tables())
    for source_table, source_rows, staged_rows, set_aside_rows, is_balanced in rows:
        (true_count,) = _query(fixture_warehouse, f'select count(*) from {FIXTURE_SCHEMA}."{source_table}"')[0]
        assert true_count > 0, f"the fixture has no row in {source_table}"
        assert source_rows == true_count, source_table
        assert source_rows == staged_rows + set_aside_rows, source_table
        assert is_balanced, source_table


def test_rows_set_aside_with_their_reason(fixture_warehouse: db.ConnectionSettings) -> None:
    rows = _query(fixture_warehouse, "select source_table, source_key, reason from dq.dq_set_aside")
    assert set(rows) == {
        ("core_comment", "5", "non_numeric_key"),       # 'abc'
        ("core_comment", "6", "non_numeric_key"),       # ''
        ("core_comment", "7", "unknown_source"),        # 'news'
        ("core_feed", "7", "source_key_mismatch"),      # source blog, only event_id set
        ("core_feed", "8", "multiple_target_keys"),     # event_id and blog_id set
        ("core_feed", "9", "unknown_source"),           # 'news'
        ("core_feed", "11", "missing_target_key"),      # no key at all
        ("account_usercompany", "8", "duplicate_user_company"),
        ("account_usercompany", "11", "duplicate_user_company"),
    }
    assert len(rows) == len(set(rows))


def test_phones_emails_tins_and_tags(fixture_warehouse: db.ConnectionSettings) -> None:
    users = dict(_query(fixture_warehouse, "select user_id, phone from staging.stg_techhub__account_user"))
    assert users[1] == "77011234567"        # +7 (701) 123-45-67
    assert users[2] == "77011234568"        # 87011234568
    assert users[3] == "77011234569"        # 7011234569
    assert users[7] == "77775554433"        # 8 (777) 555 44 33
    assert users[4] is None and users[10] is None and users[6] is None  # '+7 701 12', '12345', ''
    emails = dict(_query(fixture_warehouse, "select user_id, email from staging.stg_techhub__account_user"))
    assert emails[1] == emails[2] == "aigerim.n@gmail.com"
    companies = {row[0]: row[1:] for row in _query(fixture_warehouse, """
        select company_id, tin, is_startup, is_it_company, is_techpark_resident, is_ts_member, type
        from staging.stg_techhub__account_company
    """)}
    assert companies[1] == ("123456789012", True, True, True, True, "llp")
    assert companies[2] == (None, False, False, False, False, "llp")        # 11 digits; "false", 0, missing
    assert companies[3] == (None, False, True, False, False, "jsc")          # letters; null, true, "yes"
    assert companies[5][1:5] == (False, False, False, False)                 # tags a JSON string
    assert companies[6][5] == "unknown"                                      # 'partnership'


def test_content_cleaning(fixture_warehouse: db.ConnectionSettings) -> None:
    events = {row[0]: row[1:] for row in _query(fixture_warehouse, """
        select event_id, title, event_date_id, duration_hours, event_type, event_format, is_published
        from staging.stg_techhub__core_event
    """)}
    assert events[1][:2] == ("Astana Tech Meetup", 20250601)                  # 21:30 UTC is the next day locally
    assert events[2][0] == "Конференция Digital Almaty" and events[2][3:] == ("conference", "hybrid", True)
    assert events[3][0] == "Хакатон AI Battle" and events[3][2] is None       # bare string; ends before it starts
    assert events[4][0] == "Вебинар"                                          # JSON null ru, empty en
    assert events[5][0] is None and events[5][3:5] == ("unknown", "unknown")  # SQL NULL title; unknown enums
    assert events[6][1] is None and events[6][5] is False                     # 2099; success but not published
    assert events[7][1] is None                                               # the epoch

    salaries = {row[0]: row[1:] for row in _query(fixture_warehouse, """
        select vacancy_id, salary_min, salary_max, currency from staging.stg_techhub__core_vacancy
    """)}
    assert salaries == {
        1: (400000, 700000, "KZT"),
        2: (None, None, "KZT"),          # min > max
        3: (None, 150000, "KZT"),        # negative
        4: (None, None, "USD"),          # zeros
        5: (None, None, "USD"),          # absurd, and null
        6: (None, 350000, "unknown"),    # null; RUB
        7: (300000, 300000, "KZT"),
    }

    rewards = {row[0]: row[1:] for row in _query(fixture_warehouse, """
        select techtask_id, reward_amount, reward_currency, reward_text from staging.stg_techhub__core_techtask
    """)}
    assert rewards[1] == (500000, "KZT", None)
    assert rewards[2] == (None, None, "Стажировка")
    assert rewards[3] == (None, None, "Мерч и вечная слава")
    assert rewards[4] == (250000, "USD", None)


def test_polymorphic_links(fixture_warehouse: db.ConnectionSettings) -> None:
    comments = {row[0]: row[1:] for row in _query(fixture_warehouse, """
        select comment_id, 'blog', target_id, is_orphan from staging.stg_techhub__core_comment__blog
        union all select comment_id, 'event', target_id, is_orphan from staging.stg_techhub__core_comment__event
        union all select comment_id, 'vacancy', target_id, is_orphan from staging.stg_techhub__core_comment__vacancy
        union all select comment_id, 'techtask', target_id, is_orphan from staging.stg_techhub__core_comment__techtask
        union all select comment_id, 'discussion', target_id, is_orphan
            from staging.stg_techhub__core_comment__discussion
    """)}
    assert comments[2] == ("blog", 42, False)              # ' 42 '
    assert comments[4] == ("event", 77, True)              # a missing row: kept, orphan
    assert comments[8] == ("discussion", 1, False)         # 'Discussion'
    assert not {5, 6, 7} & set(comments)

    feed = dict(_query(fixture_warehouse, "select feed_id, is_orphan from staging.stg_techhub__core_feed__vacancy"))
    assert feed == {6: False, 10: True, 13: False}
    assert _query(fixture_warehouse, "select target_id from staging.stg_techhub__core_feed__event where feed_id = 12") \
        == [(3,)]

    logs = {row[0]: row[1:] for row in _query(fixture_warehouse, """
        select action_log_id, log_type, action, target_id, created_date_id from staging.stg_techhub__core_actionlog
    """)}
    assert len(logs) == 44
    assert logs[7] == ("event", "view", 2, 20260120)        # 'Event', ' 2 ', 'VIEW'
    assert logs[11][2] is None and logs[12][2] is None       # 'abc', ''
    assert logs[32][3] is None and logs[33][3] is None       # the epoch, 2099
    assert logs[34][3] == 20261101                           # 20:00 UTC on Oct 31st is Nov 1st in Almaty
    event_views = dict(_query(fixture_warehouse, """
        select action_log_id, is_orphan from staging.stg_techhub__core_actionlog__event
    """))
    assert event_views[10] is True and event_views[7] is False and 11 not in event_views


def test_interaction_arrays(fixture_warehouse: db.ConnectionSettings) -> None:
    rows = _query(fixture_warehouse, """
        select content_type, content_id, kind, array_agg(user_id order by user_id)
        from staging.stg_techhub__content_interactions group by 1, 2, 3
    """)
    bridge = {(content_type, content_id, kind): users for content_type, content_id, kind, users in rows}
    assert bridge[("event", 1, "reaction_up")] == [2, 3]              # {2,3,3,NULL}
    assert ("event", 1, "reaction_down") not in bridge                # {}
    assert bridge[("event", 2, "reaction_up")] == [5, 6]              # {999,5,6}
    assert ("event", 2, "reaction_down") not in bridge                # {404}
    assert bridge[("blog", 42, "reaction_up")] == [1]                 # {1,1,1,NULL,NULL}
    assert ("discussion", 2, "reaction_down") not in bridge           # {NULL}
    (dropped,) = _query(fixture_warehouse, """
        select count(*) from dq.dq_issues where issue = 'dropped_array_element'
    """)[0]
    # event 1: 3 again, NULL; event 2: 999, 404; event 3: 8 again; blog 42: 1 twice, NULL twice, 999;
    # article 1: 404; techtask 2: 3 again; discussion 2: NULL
    assert dropped == 13


def test_every_kind_of_issue_is_counted(fixture_warehouse: db.ConnectionSettings) -> None:
    issues = set(_query(fixture_warehouse, "select source_table, source_key, column_name, issue from dq.dq_issues"))
    expected = {
        ("account_user", "4", "phone", "invalid_phone"),
        ("account_user", "7", "role", "unknown_enum"),
        ("account_user", "10", "date_joined", "invalid_timestamp"),
        ("account_user", "11", "last_login", "invalid_timestamp"),
        ("account_company", "2", "tin", "invalid_tin"),
        ("account_company", "3", "tin", "invalid_tin"),
        ("account_company", "5", "tags", "invalid_tags"),
        ("core_vacancy", "2", "salary_min", "invalid_salary"),
        ("core_vacancy", "2", "salary_max", "invalid_salary"),
        ("core_vacancy", "3", "salary_min", "invalid_salary"),
        ("core_vacancy", "5", "salary_min", "invalid_salary"),
        ("core_vacancy", "6", "currency", "unknown_enum"),
        ("core_event", "3", "datetime_end", "invalid_interval"),
        ("booking_booking", "2", "end", "invalid_interval"),              # 0 minutes
        ("booking_booking", "3", "end", "invalid_interval"),
        ("core_comment", "4", "primary_key", "orphan_key"),
        ("core_feed", "10", "vacancy_id", "orphan_key"),
        ("core_actionlog", "10", "primary_key", "orphan_key"),
        ("core_actionlog", "11", "primary_key", "non_numeric_key"),
        ("core_actionlog", "44", "user_id", "orphan_key"),
        ("service_servicerequestlog", "30", "request_id", "orphan_key"),
        ("service_servicerequestlog", "31", "status_to", "unknown_enum"),
        ("core_event", "1", "reaction_up_users", "dropped_array_element"),
    }
    assert expected <= issues, expected - issues
    assert ("account_user", "1", "phone", "invalid_phone") not in issues
    # personal data is never copied into dq
    assert _query(fixture_warehouse, """
        select count(*) from dq.dq_issues where issue in ('invalid_phone', 'invalid_tin') and raw_value is not null
    """) == [(0,)]
