"""Incremental builds equal a full refresh, row for row, after simulated days.

One database of its own (`<test database>_incremental`) with a small generated source:
  1. `dbt build --full-refresh` (seeds, snapshots, every model);
  2. `techhub-dwh source advance --days 1` (new rows in every growing table, and updates of old
     ones: requests progress and get log rows, participants are marked attended, bookings finish
     or are cancelled, vacancies close, companies are blocked, users log in), plus late changes the
     generator does not make: a request-log row dated three weeks ago, an old event's participant
     cancelling in place, a deleted candidate row;
  3. an incremental `dbt build` (what the nightly runs), then a second advance and another
     incremental build;
  4. every table of `marts` and `kpi` is copied aside, the warehouse is rebuilt with
     `--full-refresh`, and each table is compared with its copy row by row (EXCEPT both ways).

Every build pins var('build_timestamp') to the same instant, so "now" (events that have ended, the
month axis, the validity window of timestamps) is the same in all of them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg2 import sql

from reliability_helpers import PINNED_VARS, dbt_ok, drop_database, execute, scratch_database, tables
from techhub_dwh import db
from techhub_dwh.source import contract, generator

SCALE = 0.01
SEED = 23
COPY_SCHEMA = "incremental_copy"
# Models, seeds and snapshots, as the nightly build makes them (data tests run elsewhere).
BUILD = ["build", "--exclude-resource-type", "test", "unit_test", *PINNED_VARS]


def _late_changes(conn: db.ConnectionSettings) -> dict[str, object]:
    """Changes an incremental run must catch although they are older than the lookback window.
    (Rows deleted from core_actionlog are the staging model's business: stg_techhub__core_actionlog
    is itself incremental, and tests/python/test_late_rows.py covers a purge end to end.)"""
    s = contract.source_schema()
    done: dict[str, object] = {}
    # a log row arriving now for a request not yet approved, dated three weeks ago
    rows = execute(conn, f"""
        select r.id, lower(trim(r.status)) from {s}.service_servicerequest as r
        where lower(trim(r.status)) in ('sent', 'draft') and r.created_at < now() - interval '30 days'
        order by lower(trim(r.status)) desc, r.created_at limit 1""")
    if rows:
        request, status = rows[0]
        execute(conn, f"""
            insert into {s}.service_servicerequestlog (id, request_id, status_from, status_to, author_id, comment,
                                                      created_at)
            select coalesce(max(id), 0) + 1, %s, %s, 'approved', null, 'late row', now() - interval '21 days'
            from {s}.service_servicerequestlog""", (request, status))
        done["late_log_request"] = request
    # a participant of an event that ended months ago cancels (status changed in place)
    rows = execute(conn, f"""
        select p.id from {s}.core_eventparticipant as p
        join {s}.core_event as e on e.id = p.event_id
        where p.status in ('registered', 'attended') and e.datetime_end < now() - interval '90 days'
        order by p.id limit 1""")
    if rows:
        execute(conn, f"update {s}.core_eventparticipant set status = 'cancelled' where id = %s", rows[0])
        done["cancelled_participant"] = rows[0][0]
    # a candidate row of an old vacancy is deleted
    rows = execute(conn, f"""
        select c.id from {s}.core_vacancycandidate as c
        where c.created_at < now() - interval '90 days' order by c.id limit 1""")
    if rows:
        execute(conn, f"delete from {s}.core_vacancycandidate where id = %s", rows[0])
        done["deleted_candidate"] = rows[0][0]
    return done


def _copy_aside(conn: db.ConnectionSettings, names: list[str]) -> None:
    execute(conn, sql.SQL("drop schema if exists {} cascade; create schema {}").format(
        sql.Identifier(COPY_SCHEMA), sql.Identifier(COPY_SCHEMA)))
    for name in names:
        schema, table = name.split(".")
        execute(conn, sql.SQL("create table {}.{} as select * from {}.{}").format(
            sql.Identifier(COPY_SCHEMA), sql.Identifier(f"{schema}__{table}"),
            sql.Identifier(schema), sql.Identifier(table)))


def _row_differences(conn: db.ConnectionSettings, name: str) -> tuple[int, int, list[str]]:
    """(rows only in the incremental build, rows only in the full refresh, a few examples)."""
    schema, table = name.split(".")
    full = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table))
    incremental = sql.SQL("{}.{}").format(sql.Identifier(COPY_SCHEMA), sql.Identifier(f"{schema}__{table}"))
    only_incremental = execute(conn, sql.SQL("select t::text from (select * from {} except all select * from {}) t")
                               .format(incremental, full))
    only_full = execute(conn, sql.SQL("select t::text from (select * from {} except all select * from {}) t")
                        .format(full, incremental))
    examples = [f"incremental only: {row[0][:200]}" for row in only_incremental[:3]]
    examples += [f"full refresh only: {row[0][:200]}" for row in only_full[:3]]
    return len(only_incremental), len(only_full), examples


@pytest.fixture(scope="module")
def incremental_database(warehouse: db.ConnectionSettings) -> Iterator[db.ConnectionSettings]:
    conn = scratch_database(warehouse, "incremental")
    generator.generate(conn, scale=SCALE, seed=SEED, dirty_rate=0.02)
    yield conn
    drop_database(conn)


@pytest.mark.slow
def test_incremental_build_equals_full_refresh(incremental_database: db.ConnectionSettings) -> None:
    conn = incremental_database
    dbt_ok(conn, [*BUILD, "--full-refresh"])

    changed = generator.advance(conn, days=1, seed=SEED + 1, dirty_rate=0.02)
    assert changed.get("core_actionlog", 0) > 0 and changed.get("service_servicerequestlog", 0) > 0
    late = _late_changes(conn)
    assert {"late_log_request", "cancelled_participant", "deleted_candidate"} <= set(late)
    dbt_ok(conn, BUILD)

    generator.advance(conn, days=1, seed=SEED + 2, dirty_rate=0.02)
    dbt_ok(conn, BUILD)

    names = tables(conn)
    assert len([name for name in names if name.startswith("kpi.")]) == 11
    _copy_aside(conn, names)
    dbt_ok(conn, [*BUILD, "--full-refresh"])

    problems = []
    for name in names:
        only_incremental, only_full, examples = _row_differences(conn, name)
        if only_incremental or only_full:
            problems.append(f"{name}: {only_incremental} rows only in the incremental build, "
                            f"{only_full} only in the full refresh\n    " + "\n    ".join(examples))
    assert not problems, "incremental build differs from the full refresh:\n" + "\n".join(problems)

    # the late changes did reach the marts (not merely equal: both builds could miss them)
    request = late["late_log_request"]
    assert execute(conn, "select is_approved from marts.fact_service_request where request_id = %s",
                   (request,)) == [(1,)]
