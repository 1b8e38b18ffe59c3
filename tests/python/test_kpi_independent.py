"""Every KPI cell, computed independently from the raw source tables, equals kpi.*.

The reference queries below are written from shared/spec/warehouse.md alone: they read the source
schema directly (never staging, intermediate or marts), apply the cleaning rules themselves
(enums lower(trim()) or 'unknown', timestamps outside [2015-01-01, build + 1 year] invalid, local
months in Asia/Almaty, tags true only for true/"true"/1/"1", salary bounds in (0, 100 000 000) and
both null when min > max) and the KPI definitions (stages reached through the status or any log
row, dense ranks, top lists cut at position 50 (score desc, then company_id), shares null when
the divisor is 0, 4 decimals for shares, 2 for means).

Two sources, each in a database of its own, built with `dbt build` with var('build_timestamp')
pinned (so "now" is known to the reference):
  - the hand-made fixture tests/fixtures/messy_source.sql (a copy the generator did not produce),
    loaded with the loader of test_fixture_source.py into the schema techhub_fixture;
  - a small generated source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest

from reliability_helpers import dbt_ok, drop_database, execute, scratch_database
from techhub_dwh import db
from techhub_dwh.source import contract, generator
from test_fixture_source import FIXTURE_SCHEMA, load_fixture

PINNED_NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
VARS = ["--vars", json.dumps({"build_timestamp": PINNED_NOW.isoformat(sep=" ")})]
BUILD = ["build", "--exclude-resource-type", "test", "unit_test", *VARS]
TZ = "Asia/Almaty"
GENERATED_SCALE = 0.02
GENERATED_SEED = 5
TOP_N = 50  # a top list holds positions 1 to 50


@dataclasses.dataclass(frozen=True)
class Source:
    conn: db.ConnectionSettings
    schema: str


# ------------------------------------------------------------------ cleaning rules, from the spec

def _now() -> str:
    return f"'{PINNED_NOW.isoformat(sep=' ')}'::timestamptz"


def enum(column: str, values: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{value}'" for value in values)
    return (f"(case when {column} is null then null when lower(trim({column})) in ({listed}) "
            f"then lower(trim({column})) else 'unknown' end)")


def valid(column: str) -> str:
    return (f"(case when {column} >= '2015-01-01'::timestamptz and {column} <= {_now()} + interval '1 year' "
            f"then {column} end)")


def month(column: str) -> str:
    return f"(date_trunc('month', {valid(column)} at time zone '{TZ}')::date)"


def truthy(column: str, key: str) -> str:
    return (f"coalesce(({column} -> '{key}') in ('true'::jsonb, '\"true\"'::jsonb, '1'::jsonb, '\"1\"'::jsonb), "
            "false)")


REQUEST = ("draft", "sent", "approved", "success", "reject")
MODERATION = ("draft", "sent", "correction", "success", "reject")
ROLES = ("member", "expert", "moderator", "manager", "admin")
COMPANY_STATUS = ("active", "blocked", "deleted")
BOOKING = ("active", "finished", "deactivated")
PARTICIPANT = ("registered", "attended", "cancelled")
FORMATS = ("online", "offline", "hybrid")
VACANCY_TYPES = ("full_time", "part_time", "internship", "contract", "remote")


def spine(months_sql: str) -> str:
    """Every month from the first observed one to max(last observed, the build's month)."""
    return f"""
        select generate_series(min(m), greatest(max(m), date_trunc('month', {_now()} at time zone '{TZ}')::date),
                               interval '1 month')::date as month
        from ({months_sql}) as observed (m) where m is not null"""


def complete(month_column: str) -> str:
    """is_complete_month: the month is before the build's local month."""
    return f"({month_column} < date_trunc('month', {_now()} at time zone '{TZ}')::date)"


# ------------------------------------------------------------------ the KPIs, from the spec

def users_monthly(s: str) -> str:
    return f"""
        with activity as (
            select {month('a.created_at')} as month, count(distinct a.user_id) as mau
            from {s}.core_actionlog as a join {s}.account_user as u on u.id = a.user_id
            where {valid('a.created_at')} is not null group by 1
        ), joined as (
            select {month('date_joined')} as month, count(*) as new_users
            from {s}.account_user where {valid('date_joined')} is not null group by 1
        ), activations as (
            select {month('created_at')} as month, count(*) as activations,
                count(*) filter (where user_id is not null) as converted
            from {s}.account_activation where {valid('created_at')} is not null group by 1
        ), months as ({spine('select month from activity union all select month from joined '
                             'union all select month from activations')})
        select months.month, {complete('months.month')}, coalesce(mau, 0), coalesce(new_users, 0),
            coalesce(activations, 0),
            coalesce(converted, 0), round(converted::numeric / nullif(activations, 0), 4)
        from months left join activity using (month) left join joined using (month)
            left join activations using (month)"""


def user_roles(s: str) -> str:
    return f"""
        select {enum('role', ROLES)} as role, count(*) filter (where is_active),
            count(*) filter (where is_active and is_verified),
            round((count(*) filter (where is_active and is_verified))::numeric
                  / nullif(count(*) filter (where is_active), 0), 4)
        from {s}.account_user where role is not null group by 1"""


def companies_monthly(s: str) -> str:
    return f"""
        with created as (
            select {month('created_at')} as month, count(*) as n, count(*) filter (where verified) as v
            from {s}.account_company where {valid('created_at')} is not null group by 1
        ), months as ({spine('select month from created')})
        select months.month, {complete('months.month')}, coalesce(n, 0), coalesce(v, 0)
        from months left join created using (month)"""


def company_segments(s: str) -> str:
    flags = {"startup": truthy("tags", "tag_startup"), "it_company": truthy("tags", "tag_it_company"),
             "techpark_resident": truthy("tags", "tag_techpark"), "ts_member": truthy("tags", "tag_ts_member"),
             "all": "true"}
    parts = " union all ".join(
        f"select '{segment}', count(*) filter (where {flag}), count(*) filter (where {flag} and verified), "
        f"round((count(*) filter (where {flag} and verified))::numeric / nullif(count(*) filter (where {flag}), 0), 4) "
        f"from {s}.account_company where {enum('status', COMPANY_STATUS)} = 'active'"
        for segment, flag in flags.items())
    return parts


def top_companies(s: str) -> str:
    return f"""
        with scores as (
            select c.id, nullif(trim(c.name), '') as name,
                (select count(*) from {s}.service_servicerequest r
                 where r.company_id = c.id and {enum('r.status', REQUEST)} <> 'draft') as requests,
                (select count(*) from {s}.core_event e
                 where e.company_id = c.id and {enum('e.status', MODERATION)} = 'success' and e.published) as events,
                (select count(*) from {s}.core_vacancy v
                 where v.company_id = c.id and {enum('v.status', MODERATION)} = 'success' and v.published) as vacancies,
                (select count(*) from {s}.booking_booking b
                 where b.company_id = c.id and {enum('b.status', BOOKING)} <> 'deactivated') as bookings
            from {s}.account_company c
        ), ranked as (
            select *, requests + events + vacancies + bookings as score,
                dense_rank() over (order by requests + events + vacancies + bookings desc) as rank,
                row_number() over (order by requests + events + vacancies + bookings desc, id) as position
            from scores where requests + events + vacancies + bookings > 0
        )
        select id, name, requests, events, vacancies, bookings, score, rank, position from ranked
        where position <= {TOP_N}"""


def _requests(s: str) -> str:
    """One row per request: service code, local month, stages reached, days to process."""
    status = enum("r.status", REQUEST)
    log_status = enum("l.status_to", REQUEST)
    return f"""
        select r.id, trim(svc.code) as code, {month('r.created_at')} as month, {status} as status,
            ({status} in ('sent', 'approved', 'success', 'reject')
             or exists (select 1 from {s}.service_servicerequestlog l where l.request_id = r.id
                        and {log_status} in ('sent', 'approved', 'success', 'reject')))::int as reached_sent,
            ({status} in ('approved', 'success')
             or exists (select 1 from {s}.service_servicerequestlog l where l.request_id = r.id
                        and {log_status} in ('approved', 'success')))::int as reached_approved,
            ({status} = 'success'
             or exists (select 1 from {s}.service_servicerequestlog l where l.request_id = r.id
                        and {log_status} = 'success'))::int as reached_success,
            ({status} = 'reject'
             or exists (select 1 from {s}.service_servicerequestlog l where l.request_id = r.id
                        and {log_status} = 'reject'))::int as reached_reject,
            coalesce((select min({valid('l.created_at')}) from {s}.service_servicerequestlog l
                      where l.request_id = r.id and {log_status} = 'sent'), {valid('r.sent_at')}) as t_sent,
            coalesce((select min({valid('l.created_at')}) from {s}.service_servicerequestlog l
                      where l.request_id = r.id and {log_status} in ('success', 'reject')),
                     {valid('r.closed_at')}) as t_closed
        from {s}.service_servicerequest r
        left join {s}.service_service svc on svc.id = r.service_id"""


def service_funnel(s: str) -> str:
    return f"""
        select code, month, {complete('month')}, count(*), sum(reached_sent), sum(reached_approved),
            sum(reached_success),
            sum(reached_reject)
        from ({_requests(s)}) q where code is not null and month is not null group by 1, 2"""


def service_performance(s: str) -> str:
    return f"""
        with q as (
            select *, case when status in ('success', 'reject') and t_closed > t_sent
                then round((extract(epoch from t_closed - t_sent) / 86400.0)::numeric, 2) end as days
            from ({_requests(s)}) r
        ), per_service as (
            select trim(svc.code) as code,
                count(q.id) filter (where q.status <> 'draft') as requests,
                round(avg(q.days) filter (where q.status <> 'draft'), 2) as avg_days,
                round((count(q.id) filter (where q.reached_approved = 1 and q.status <> 'reject'))::numeric
                      / nullif(count(q.id) filter (where q.reached_approved = 1 or q.status = 'reject'), 0), 4)
                    as rate
            from {s}.service_service svc left join q on q.code = trim(svc.code)
            group by 1
        )
        select code, requests, avg_days, rate, dense_rank() over (order by requests desc) from per_service"""


def events_monthly(s: str) -> str:
    return f"""
        with published as (
            select e.id, {month('e.datetime_start')} as month, {enum('e.event_format', FORMATS)} as format,
                coalesce({valid('e.datetime_end')} < {_now()}, false) as ended,
                (select count(distinct p.user_id) from {s}.core_eventparticipant p
                 where p.event_id = e.id and {enum('p.status', PARTICIPANT)} = 'attended') as attended
            from {s}.core_event e
            where {enum('e.status', MODERATION)} = 'success' and e.published and {valid('e.datetime_start')} is not null
        ), per_month as (
            select month, count(*) as n, round(avg(attended) filter (where ended), 2) as avg_attendance,
                count(*) filter (where format = 'online') as online,
                count(*) filter (where format = 'offline') as offline,
                count(*) filter (where format = 'hybrid') as hybrid,
                count(*) filter (where coalesce(format, 'unknown') not in ('online', 'offline', 'hybrid')) as unknown
            from published group by 1
        ), months as ({spine('select month from per_month')})
        select months.month, {complete('months.month')}, coalesce(n, 0), avg_attendance, coalesce(online, 0),
            coalesce(offline, 0),
            coalesce(hybrid, 0), coalesce(unknown, 0)
        from months left join per_month using (month)"""


def vacancies_monthly(s: str) -> str:
    published = f"({enum('status', MODERATION)} = 'success' and published)"
    return f"""
        with per_month as (
            select {month('created_at')} as month, count(*) filter (where {published}) as n,
                count(*) filter (where {published} and is_closed) as closed
            from {s}.core_vacancy where {valid('created_at')} is not null group by 1
        ), months as ({spine('select month from per_month')})
        select months.month, {complete('months.month')}, coalesce(n, 0), coalesce(closed, 0),
            round(closed::numeric / nullif(n, 0), 4)
        from months left join per_month using (month)"""


def vacancy_salary(s: str) -> str:
    return f"""
        with bounds as (
            select {enum('vacancy_type', VACANCY_TYPES)} as vacancy_type,
                case when salary_min > 0 and salary_min < 100000000 then salary_min end as lo,
                case when salary_max > 0 and salary_max < 100000000 then salary_max end as hi
            from {s}.core_vacancy
            where {enum('status', MODERATION)} = 'success' and published and upper(trim(currency)) = 'KZT'
        ), salaries as (
            select vacancy_type,
                case when lo > hi then null else coalesce((lo + hi) / 2.0, lo, hi) end as salary
            from bounds
        )
        select vacancy_type, count(*), round(avg(salary), 2) from salaries
        where salary is not null and vacancy_type is not null group by 1"""


def top_employers(s: str) -> str:
    return f"""
        with counts as (
            select c.id, nullif(trim(c.name), '') as name, count(*) as n
            from {s}.core_vacancy v join {s}.account_company c on c.id = v.company_id
            where {enum('v.status', MODERATION)} = 'success' and v.published
            group by 1, 2
        )
        select * from (select id, name, n, dense_rank() over (order by n desc) as rank,
                              row_number() over (order by n desc, id) as position from counts) r
        where position <= {TOP_N}"""


# kpi model -> (reference query, its columns in the same order, number of key columns)
KPIS = {
    "kpi_users_monthly": (users_monthly, "month, is_complete_month, mau, new_users, activations, "
                          "activations_converted, registration_conversion", 1),
    "kpi_user_roles": (user_roles, "role, active_users, verified_users, share_verified", 1),
    "kpi_companies_monthly": (companies_monthly, "month, is_complete_month, new_companies, verified_companies", 1),
    "kpi_company_segments": (company_segments, "segment, companies, verified, share_verified", 1),
    "kpi_top_companies": (top_companies, "company_id, name, requests, published_events, published_vacancies, "
                          "bookings, activity_score, rank, position", 1),
    "kpi_service_funnel": (service_funnel, "service_code, month, is_complete_month, drafts, sent, approved, "
                           "succeeded, rejected", 2),
    "kpi_service_performance": (service_performance, "service_code, requests, avg_days_to_process, approval_rate, "
                                "rank_by_requests", 1),
    "kpi_events_monthly": (events_monthly, "month, is_complete_month, published_events, avg_attendance, online, "
                           "offline, hybrid, unknown", 1),
    "kpi_vacancies_monthly": (vacancies_monthly, "month, is_complete_month, published_vacancies, closed_vacancies, "
                              "share_closed", 1),
    "kpi_vacancy_salary": (vacancy_salary, "vacancy_type, vacancies, avg_salary_kzt", 1),
    "kpi_top_employers": (top_employers, "company_id, name, published_vacancies, rank, position", 1),
}


def _normalise(value: object) -> object:
    return value.normalize() if isinstance(value, Decimal) else value


def _keyed(rows: list[tuple], keys: int) -> dict[tuple, tuple]:
    result: dict[tuple, tuple] = {}
    for row in rows:
        key = tuple(row[:keys])
        assert key not in result, f"duplicate key {key}"
        result[key] = tuple(_normalise(value) for value in row[keys:])
    return result


def _compare(source: Source) -> list[str]:
    problems = []
    for model, (reference, columns, keys) in KPIS.items():
        expected = _keyed(execute(source.conn, reference(source.schema)), keys)
        actual = _keyed(execute(source.conn, f"select {columns} from kpi.{model}"), keys)
        if expected == actual:
            continue
        missing = sorted(set(expected) - set(actual), key=str)
        extra = sorted(set(actual) - set(expected), key=str)
        wrong = sorted((key for key in set(expected) & set(actual) if expected[key] != actual[key]), key=str)
        detail = [f"missing {key}: {expected[key]}" for key in missing[:5]]
        detail += [f"unexpected {key}: {actual[key]}" for key in extra[:5]]
        detail += [f"{key}: expected {expected[key]}, got {actual[key]}" for key in wrong[:5]]
        problems.append(f"{model} ({columns}): {len(missing)} missing, {len(extra)} unexpected, "
                        f"{len(wrong)} wrong rows\n    " + "\n    ".join(detail))
    return problems


@pytest.fixture(scope="module")
def fixture_source(warehouse: db.ConnectionSettings) -> Iterator[Source]:
    conn = scratch_database(warehouse, "kpi_fixture")
    load_fixture(conn, FIXTURE_SCHEMA)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TECHHUB_SOURCE_SCHEMA", FIXTURE_SCHEMA)
        dbt_ok(conn, [*BUILD, "--full-refresh"])
    yield Source(conn, FIXTURE_SCHEMA)
    drop_database(conn)


@pytest.fixture(scope="module")
def generated_source_copy(warehouse: db.ConnectionSettings) -> Iterator[Source]:
    conn = scratch_database(warehouse, "kpi_generated")
    generator.generate(conn, scale=GENERATED_SCALE, seed=GENERATED_SEED, dirty_rate=0.03)
    dbt_ok(conn, [*BUILD, "--full-refresh"])
    yield Source(conn, contract.source_schema())
    drop_database(conn)


@pytest.mark.slow
def test_every_kpi_cell_on_the_hand_made_fixture(fixture_source: Source) -> None:
    problems = _compare(fixture_source)
    assert not problems, "KPI cells differ from the independent computation:\n" + "\n".join(problems)
    # the fixture is small but not empty: every KPI has rows to compare
    for model in KPIS:
        assert execute(fixture_source.conn, f"select count(*) from kpi.{model}")[0][0] > 0, model


@pytest.mark.slow
def test_every_kpi_cell_on_a_generated_source(generated_source_copy: Source) -> None:
    problems = _compare(generated_source_copy)
    assert not problems, "KPI cells differ from the independent computation:\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("model, reference", [("kpi_top_companies", top_companies),
                                              ("kpi_top_employers", top_employers)])
def test_top_lists_are_cut_at_fifty_positions(generated_source_copy: Source, model: str, reference) -> None:
    """The generated source has more than 50 candidates, and ties: the list holds exactly positions 1
    to 50, ordered by (score desc, company_id), and leaves out no company scoring more than the 50th
    (the reference without its cut, from the raw source)."""
    conn, s = generated_source_copy.conn, generated_source_copy.schema
    # the reference's columns: id, name, the score's parts..., score, rank, position
    everyone = execute(conn, reference(s).replace(f"<= {TOP_N}", "is not null"))
    listed = execute(conn, f"select company_id, rank, position from kpi.{model} order by position")
    assert len(everyone) > TOP_N, f"{model}: the source is too small to exercise the cut ({len(everyone)} companies)"
    assert len(listed) == TOP_N and [row[2] for row in listed] == list(range(1, TOP_N + 1))
    score = {row[0]: row[-3] for row in everyone}
    fiftieth = score[listed[-1][0]]
    left_out = {row[0] for row in everyone} - {row[0] for row in listed}
    assert all(score[company] <= fiftieth for company in left_out), f"{model}: a higher score was cut"
    assert all(company > listed[-1][0] for company in left_out if score[company] == fiftieth), \
        f"{model}: a tie at the 50th place was not broken by company_id"
    # companies tie within the list, so rank and position differ: the case position exists for
    assert max(row[1] for row in listed) < len(listed), f"{model}: no ties in the list, rank = position"
