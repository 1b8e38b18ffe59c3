"""Three nights in a row of the nightly incremental build equal a full refresh, row for row.

One database of its own (`<test database>_three_nights`) with a small generated source, built
with `--full-refresh`; then, three times, a day of life (`source advance`: new rows in every growing
table, requests progressing with updated_at, participants marked attended, vacancies closed) plus
the changes the generator does not make, and the nightly build itself (`techhub_dwh.dbt.NIGHTLY_BUILD`:
models and the data tests narrowed to the reloaded keys):

  night 1: an action-log row is held back (a transaction that commits late: its id is below the
           next night's watermark); a request-log row arrives for an old request, dated three weeks
           ago; an old event's participant cancels in place (no change time); an old candidate row
           is deleted;
  night 2: the held-back action-log row commits, dated inside the lookback window; one old user-day
           of action log is purged; an old request is rejected in place (updated_at moves); an old
           content row gets a like in place (no change time);
  night 3: a service request is deleted with its log; an old vacancy is deleted with its
           candidates; a participant row is deleted; a user is deleted.

Then every table of `marts` and `kpi`, and every incremental model (its load_id left out: it
numbers builds), is copied aside, the warehouse is rebuilt with `--full-refresh`, and each table is
compared with its copy (EXCEPT ALL both ways). Every build pins var('build_timestamp').
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from psycopg2 import sql

from reliability_helpers import PINNED_NOW, PINNED_VARS, dbt_ok, drop_database, execute, scratch_database, tables
from techhub_dwh import db
from techhub_dwh.dbt import build_args
from techhub_dwh.source import contract, generator

SCALE = 0.01
SEED = 31
COPY_SCHEMA = "three_nights_copy"
# The incremental models compared besides marts and kpi: (schema, table).
INCREMENTAL_TABLES = [
    ("staging", "stg_techhub__core_actionlog"),
    ("staging", "stg_techhub__content_interactions"),
    ("intermediate", "int_content_views"),
    ("intermediate", "int_content_interaction_counts"),
    ("intermediate", "int_event_participation"),
    ("intermediate", "int_vacancy_candidates"),
    ("intermediate", "int_service_request_stages"),
    ("intermediate", "int_users"),
    ("pii", "dim_user_pii"),
]


def _one(conn: db.ConnectionSettings, query: str, params: tuple = ()) -> tuple:
    rows = execute(conn, query, params)
    assert rows, f"the fixture found nothing for: {query}"
    return rows[0]


def _night_one(conn: db.ConnectionSettings) -> dict[str, object]:
    s = contract.source_schema()
    # not the newest row: the next advance numbers its rows from the highest id
    (held,) = _one(conn, f"select id from {s}.core_actionlog order by id desc offset 1 limit 1")
    execute(conn, f"""create table public.held_action as select * from {s}.core_actionlog where id = %s;
        delete from {s}.core_actionlog where id = %s""", (held, held))
    request, status = _one(conn, f"""
        select r.id, lower(trim(r.status)) from {s}.service_servicerequest as r
        where lower(trim(r.status)) in ('sent', 'draft') and r.created_at < now() - interval '30 days'
        order by r.id limit 1""")
    execute(conn, f"""
        insert into {s}.service_servicerequestlog
            (id, request_id, status_from, status_to, author_id, comment, created_at)
        select max(id) + 1, %s, %s, 'approved', null, 'late row', now() - interval '21 days'
        from {s}.service_servicerequestlog""", (request, status))
    (participant,) = _one(conn, f"""
        select p.id from {s}.core_eventparticipant as p join {s}.core_event as e on e.id = p.event_id
        where p.status in ('registered', 'attended') and e.datetime_end < now() - interval '90 days'
        order by p.id limit 1""")
    execute(conn, f"update {s}.core_eventparticipant set status = 'cancelled' where id = %s", (participant,))
    (candidate,) = _one(conn, f"""
        select id from {s}.core_vacancycandidate where created_at < now() - interval '90 days' order by id limit 1""")
    execute(conn, f"delete from {s}.core_vacancycandidate where id = %s", (candidate,))
    return {"held_action": held, "late_log_request": request}


def _night_two(conn: db.ConnectionSettings) -> dict[str, object]:
    s = contract.source_schema()
    execute(conn, f"""update public.held_action set created_at = %s;
        insert into {s}.core_actionlog select * from public.held_action""", (PINNED_NOW - dt.timedelta(days=1),))
    user, day = _one(conn, f"""
        select user_id, (created_at at time zone 'Asia/Almaty')::date from {s}.core_actionlog
        where user_id is not null and created_at < now() - interval '60 days' order by id limit 1""")
    execute(conn, f"""delete from {s}.core_actionlog
        where user_id = %s and (created_at at time zone 'Asia/Almaty')::date = %s""", (user, day))
    (request,) = _one(conn, f"""
        select id from {s}.service_servicerequest
        where lower(trim(status)) in ('draft', 'sent', 'approved') and created_at < now() - interval '30 days'
        order by id limit 1""")
    execute(conn, f"""update {s}.service_servicerequest
        set status = 'reject', closed_at = now() - interval '1 hour', updated_at = now() - interval '1 hour'
        where id = %s""", (request,))
    (blog,) = _one(conn, f"""
        select id from {s}.core_blog where created_at < now() - interval '90 days' order by id limit 1""")
    (liker,) = _one(conn, f"select max(id) from {s}.account_user")
    execute(conn, f"""
        update {s}.core_blog set reaction_up_users = array_append(coalesce(reaction_up_users, '{{}}'), %s::integer)
        where id = %s""", (liker, blog))
    return {"purged_user_day": (user, day), "rejected_request": request, "liked_blog": blog}


def _night_three(conn: db.ConnectionSettings) -> dict[str, object]:
    s = contract.source_schema()
    (request,) = _one(conn, f"""
        select r.id from {s}.service_servicerequest as r
        where exists (select 1 from {s}.service_servicerequestlog as l where l.request_id = r.id)
            and r.created_at < now() - interval '60 days'
        order by r.id limit 1""")
    execute(conn, f"delete from {s}.service_servicerequestlog where request_id = %s", (request,))
    execute(conn, f"delete from {s}.service_servicerequest where id = %s", (request,))
    (vacancy,) = _one(conn, f"""
        select v.id from {s}.core_vacancy as v
        where exists (select 1 from {s}.core_vacancycandidate as c where c.vacancy_id = v.id)
            and v.created_at < now() - interval '90 days'
        order by v.id limit 1""")
    execute(conn, f"delete from {s}.core_vacancycandidate where vacancy_id = %s", (vacancy,))
    execute(conn, f"delete from {s}.core_vacancy where id = %s", (vacancy,))
    (participant,) = _one(conn, f"select id from {s}.core_eventparticipant order by id limit 1")
    execute(conn, f"delete from {s}.core_eventparticipant where id = %s", (participant,))
    (user,) = _one(conn, f"""
        select u.id from {s}.account_user as u
        where exists (select 1 from {s}.core_actionlog as a where a.user_id = u.id)
        order by u.id desc limit 1""")
    execute(conn, f"delete from {s}.account_user where id = %s", (user,))
    return {"deleted_request": request, "deleted_vacancy": vacancy, "deleted_user": user}


def _compared_tables(conn: db.ConnectionSettings) -> list[tuple[str, str, list[str]]]:
    """(schema, table, columns compared) of every marts and kpi table and incremental model."""
    names = [tuple(name.split(".")) for name in tables(conn)] + INCREMENTAL_TABLES
    compared = []
    for schema, table in names:
        columns = [column for (column,) in execute(conn, """
            select column_name from information_schema.columns
            where table_schema = %s and table_name = %s and column_name <> 'load_id' order by ordinal_position
        """, (schema, table))]
        compared.append((schema, table, columns))
    return compared


def _copy_aside(conn: db.ConnectionSettings, compared: list[tuple[str, str, list[str]]]) -> None:
    execute(conn, sql.SQL("drop schema if exists {0} cascade; create schema {0}").format(sql.Identifier(COPY_SCHEMA)))
    for schema, table, columns in compared:
        execute(conn, sql.SQL("create table {}.{} as select {} from {}.{}").format(
            sql.Identifier(COPY_SCHEMA), sql.Identifier(f"{schema}__{table}"),
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(schema), sql.Identifier(table)))


def _differences(conn: db.ConnectionSettings, schema: str, table: str, columns: list[str]) -> str | None:
    rebuilt = sql.SQL("select {} from {}.{}").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(schema), sql.Identifier(table))
    nightly = sql.SQL("select * from {}.{}").format(sql.Identifier(COPY_SCHEMA), sql.Identifier(f"{schema}__{table}"))
    only_nightly = execute(conn, sql.SQL("select t::text from ({} except all {}) as t").format(nightly, rebuilt))
    only_rebuilt = execute(conn, sql.SQL("select t::text from ({} except all {}) as t").format(rebuilt, nightly))
    if not only_nightly and not only_rebuilt:
        return None
    examples = [f"nightly only: {row[0][:200]}" for row in only_nightly[:3]]
    examples += [f"full refresh only: {row[0][:200]}" for row in only_rebuilt[:3]]
    return (f"{schema}.{table}: {len(only_nightly)} rows only after the three nights, {len(only_rebuilt)} only "
            "in the full refresh\n    " + "\n    ".join(examples))


@pytest.fixture(scope="module")
def three_nights_database(warehouse: db.ConnectionSettings) -> Iterator[db.ConnectionSettings]:
    conn = scratch_database(warehouse, "three_nights")
    generator.generate(conn, scale=SCALE, seed=SEED, dirty_rate=0.02)
    yield conn
    drop_database(conn)


@pytest.mark.slow
def test_three_nights_equal_a_full_refresh(three_nights_database: db.ConnectionSettings) -> None:
    conn = three_nights_database
    dbt_ok(conn, [*build_args(full_refresh=True), *PINNED_VARS])

    generator.advance(conn, days=1, seed=SEED + 1, dirty_rate=0.02)
    first = _night_one(conn)
    dbt_ok(conn, [*build_args(), *PINNED_VARS])

    generator.advance(conn, days=1, seed=SEED + 2, dirty_rate=0.02)
    second = _night_two(conn)
    dbt_ok(conn, [*build_args(), *PINNED_VARS])

    generator.advance(conn, days=1, seed=SEED + 3, dirty_rate=0.02)
    third = _night_three(conn)
    dbt_ok(conn, [*build_args(), *PINNED_VARS])

    # what each night had to take in did arrive (equal to the full refresh is not enough: both could miss it)
    held_id = first["held_action"]
    assert execute(conn, "select count(*) from staging.stg_techhub__core_actionlog where action_log_id = %s",
                   (held_id,)) == [(1,)], "the late-committed action-log row was not loaded"
    assert execute(conn, "select is_approved from marts.fact_service_request where request_id = %s",
                   (first["late_log_request"],)) == [(1,)]
    assert execute(conn, "select status from marts.fact_service_request where request_id = %s",
                   (second["rejected_request"],)) == [("reject",)]
    assert execute(conn, "select count(*) from marts.fact_service_request where request_id = %s",
                   (third["deleted_request"],)) == [(0,)]
    assert execute(conn, "select count(*) from marts.fact_vacancy where vacancy_id = %s",
                   (third["deleted_vacancy"],)) == [(0,)]
    user, day = second["purged_user_day"]
    assert execute(conn, "select count(*) from marts.fact_user_activity_daily where user_id = %s "
                   "and activity_date = %s", (user, day)) == [(0,)]

    compared = _compared_tables(conn)
    assert len([name for name in compared if name[0] == "kpi"]) == 11
    _copy_aside(conn, compared)
    dbt_ok(conn, [*build_args(full_refresh=True), *PINNED_VARS])

    problems = [problem for schema, table, columns in compared
                if (problem := _differences(conn, schema, table, columns))]
    assert not problems, "three nightly builds differ from a full refresh:\n" + "\n".join(problems)
