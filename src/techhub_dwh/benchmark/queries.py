"""Dashboard queries: each KPI table and five typical filtered questions on the facts, timed
against the same questions asked of the raw source tables."""

from __future__ import annotations

import datetime
import math
import statistics
import time
from dataclasses import dataclass

from techhub_dwh.benchmark import mviews


@dataclass(frozen=True)
class Question:
    name: str
    description: str
    ours: str  # on the warehouse's marts
    raw: str  # on the raw source ({source} substituted), by the spec's rules


LOCAL = "'Asia/Almaty'"

FACT_QUESTIONS = [
    Question(
        "requests_by_service_month",
        "requests of one service by month, with approvals and rejections",
        """
        select d.year, d.month, count(*) as requests, sum(f.is_approved) as approved,
            sum(f.is_rejected) as rejected
        from marts.fact_service_request as f
        inner join marts.dim_date as d on d.date_id = f.created_date_id
        where f.service_code = %(service_code)s
        group by d.year, d.month
        order by d.year, d.month
        """,
        f"""
        select
            extract(year from r.created_at at time zone {LOCAL})::integer as year,
            extract(month from r.created_at at time zone {LOCAL})::integer as month,
            count(*) as requests,
            count(*) filter (where lower(trim(r.status)) in ('approved', 'success') or exists (
                select 1 from {{source}}.service_servicerequestlog as l
                where l.request_id = r.id and lower(trim(l.status_to)) in ('approved', 'success')
            )) as approved,
            count(*) filter (where lower(trim(r.status)) = 'reject') as rejected
        from {{source}}.service_servicerequest as r
        inner join {{source}}.service_service as s on s.id = r.service_id
        where s.code = %(service_code)s
        group by 1, 2
        order by 1, 2
        """,
    ),
    Question(
        "events_of_month_by_format",
        "published events of one month by format, with participants",
        """
        select event_format, count(*) as events, sum(participants_count) as participants
        from marts.fact_event
        where event_date_id between %(month_first_id)s and %(month_last_id)s and is_published
        group by event_format
        order by event_format
        """,
        f"""
        with events as (
            select e.id, lower(trim(e.event_format)) as event_format
            from {{source}}.core_event as e
            where e.datetime_start >= %(month_start)s::timestamp at time zone {LOCAL}
                and e.datetime_start < %(month_end)s::timestamp at time zone {LOCAL}
                and lower(trim(e.status)) = 'success' and e.published
        ),
        participants as (
            select p.event_id, count(distinct p.user_id) as participants
            from {{source}}.core_eventparticipant as p
            inner join events as e on e.id = p.event_id
            where lower(trim(p.status)) in ('registered', 'attended')
            group by p.event_id
        )
        select e.event_format, count(*) as events, coalesce(sum(p.participants), 0) as participants
        from events as e
        left join participants as p on p.event_id = e.id
        group by e.event_format
        order by e.event_format
        """,
    ),
    Question(
        "vacancies_by_city",
        "published vacancies and their candidates by city",
        """
        select v.city_id, c.name, count(*) as vacancies, sum(v.candidates_count) as candidates
        from marts.fact_vacancy as v
        left join marts.dim_city as c on c.city_id = v.city_id
        where v.is_published
        group by v.city_id, c.name
        order by vacancies desc, v.city_id
        """,
        """
        with candidates as (
            select vacancy_id, count(distinct user_id) as candidates
            from {source}.core_vacancycandidate
            group by vacancy_id
        )
        select v.city_id, coalesce(c.name ->> 'ru', c.name ->> 'en', c.name ->> 'kk') as name,
            count(*) as vacancies, coalesce(sum(k.candidates), 0) as candidates
        from {source}.core_vacancy as v
        left join {source}.core_city as c on c.id = v.city_id
        left join candidates as k on k.vacancy_id = v.id
        where lower(trim(v.status)) = 'success' and v.published
        group by v.city_id, 2
        order by vacancies desc, v.city_id
        """,
    ),
    Question(
        "bookings_of_room_in_week",
        "bookings of one room in one week",
        """
        select booking_id, author_id, company_id, booking_date_id, duration_hours, status
        from marts.fact_booking
        where room_id = %(room_id)s and booking_date_id between %(week_first_id)s and %(week_last_id)s
        order by booking_date_id, booking_id
        """,
        f"""
        select b.id as booking_id, b.author_id, b.company_id,
            to_char(b.start at time zone {LOCAL}, 'YYYYMMDD')::integer as booking_date_id,
            case when b."end" > b.start
                then round((extract(epoch from b."end" - b.start) / 3600.0)::numeric, 2) end as duration_hours,
            lower(trim(b.status)) as status
        from {{source}}.booking_booking as b
        where b.room_id = %(room_id)s
            and b.start >= %(week_start)s::timestamp at time zone {LOCAL}
            and b.start < %(week_end)s::timestamp at time zone {LOCAL}
        order by 4, 1
        """,
    ),
    Question(
        "users_registered_in_month",
        "users registered in one month, by role",
        """
        select role, count(*) as users, count(*) filter (where is_verified) as verified
        from marts.dim_user
        where registered_date_id between %(month_first_id)s and %(month_last_id)s
        group by role
        order by role
        """,
        f"""
        select lower(trim(role)) as role, count(*) as users, count(*) filter (where is_verified) as verified
        from {{source}}.account_user
        where date_joined >= %(month_start)s::timestamp at time zone {LOCAL}
            and date_joined < %(month_end)s::timestamp at time zone {LOCAL}
        group by 1
        order by 1
        """,
    ),
]

PARAMETERS_SQL = f"""
with reference_month as (
    select (date_trunc('month', coalesce(max(date_joined), now()) at time zone {LOCAL}) - interval '1 month')::date
        as month_start
    from {{source}}.account_user
    where date_joined <= now()
),
top_service as (
    select s.code
    from {{source}}.service_servicerequest as r
    inner join {{source}}.service_service as s on s.id = r.service_id
    group by s.code
    order by count(*) desc, s.code
    limit 1
),
top_room as (
    select room_id, max(start) filter (where start <= now()) as last_start
    from {{source}}.booking_booking
    group by room_id
    order by count(*) desc, room_id
    limit 1
)
select
    (select code from top_service) as service_code,
    m.month_start,
    (m.month_start + interval '1 month')::date as month_end,
    (select room_id from top_room) as room_id,
    (date_trunc('week', (select last_start from top_room) at time zone {LOCAL}) - interval '7 days')::date
        as week_start
from reference_month as m
"""


def parameters(cursor, source: str) -> dict:
    """Concrete values for the filtered questions: the busiest service and room, the last full
    month of registrations, the week before the room's last booking."""
    cursor.execute(PARAMETERS_SQL.replace("{source}", source))
    names = [column.name for column in cursor.description]
    values = dict(zip(names, cursor.fetchone(), strict=True))
    month_start, month_end = values["month_start"], values["month_end"]
    if values["week_start"] is None:
        values["week_start"] = month_start
    week_start = values["week_start"]
    week_end = week_start + datetime.timedelta(days=7)
    day = datetime.timedelta(days=1)
    values.update(
        week_end=week_end,
        month_first_id=int(month_start.strftime("%Y%m%d")),
        month_last_id=int((month_end - day).strftime("%Y%m%d")),
        week_first_id=int(week_start.strftime("%Y%m%d")),
        week_last_id=int((week_end - day).strftime("%Y%m%d")),
    )
    return values


def percentile(samples: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_query(cursor, sql: str, params: dict | None, runs: int, budget_s: float) -> dict:
    """One untimed warm-up, then up to `runs` timed executions (fewer, never under 3, when they
    exceed the time budget); client-side time including fetching every row."""
    cursor.execute(sql, params)
    rows = len(cursor.fetchall())
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < runs:
        begun = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        samples.append((time.perf_counter() - begun) * 1000)
        if len(samples) >= 3 and time.perf_counter() - started > budget_s:
            break
    return {
        "p50_ms": round(percentile(samples, 0.50), 3),
        "p95_ms": round(percentile(samples, 0.95), 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "runs": len(samples),
        "rows": rows,
    }


def compare(ours: dict, raw: dict) -> float | None:
    return round(raw["p50_ms"] / ours["p50_ms"], 1) if ours and raw and ours["p50_ms"] > 0 else None


def kpi_tables(cursor) -> list[str]:
    cursor.execute(
        "select table_name from information_schema.tables where table_schema = 'kpi' order by table_name"
    )
    return [row[0] for row in cursor.fetchall()]


def measure(cursor, source: str, views: list[mviews.View], runs: int, budget_s: float) -> dict:
    """Every KPI table against its question on the raw source (the matching materialized view's
    definition with its dependencies inlined), then the five filtered fact questions."""
    known_views = {view.name for view in views}
    kpi = []
    for table in kpi_tables(cursor):
        entry: dict = {"name": table, "ours": time_query(cursor, f'select * from kpi."{table}"', None, runs, budget_s)}
        if table in known_views:
            entry["raw"] = time_query(cursor, mviews.raw_query(views, table), None, runs, budget_s)
            entry["raw_over_ours"] = compare(entry["ours"], entry["raw"])
        kpi.append(entry)
    params = parameters(cursor, source)
    facts = []
    for question in FACT_QUESTIONS:
        ours = time_query(cursor, question.ours, params, runs, budget_s)
        raw = time_query(cursor, question.raw.replace("{source}", source), params, runs, budget_s)
        facts.append({"name": question.name, "description": question.description, "ours": ours, "raw": raw,
                      "raw_over_ours": compare(ours, raw)})
    printable = {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in params.items()}
    return {"kpi": kpi, "facts": facts, "parameters": printable}
