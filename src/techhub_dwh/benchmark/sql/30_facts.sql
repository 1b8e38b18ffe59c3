-- The facts of the star schema. A materialized view can only be refreshed whole, so every
-- night each of these re-reads its whole source, the action log included.

create materialized view mv_bench.fact_service_request as
with request_logs as (
    select
        l.request_id,
        min(l.created_at) filter (where mv_bench.enum(l.status_to) = 'sent') as first_sent_at,
        min(l.created_at) filter (where mv_bench.enum(l.status_to) in ('success', 'reject')) as first_closed_at,
        bool_or(mv_bench.enum(l.status_to) in ('sent', 'approved', 'success', 'reject')) as logged_sent,
        bool_or(mv_bench.enum(l.status_to) in ('approved', 'success')) as logged_approved,
        bool_or(mv_bench.enum(l.status_to) = 'success') as logged_success,
        bool_or(mv_bench.enum(l.status_to) = 'reject') as logged_reject
    from {source}.service_servicerequestlog as l
    group by l.request_id
),

requests as (
    select
        r.*,
        mv_bench.enum(r.status) as clean_status,
        mv_bench.valid_ts(r.created_at) as valid_created_at
    from {source}.service_servicerequest as r
)

select
    r.id as request_id,
    r.user_id,
    r.company_id,
    s.code as service_code,
    mv_bench.local_date_id(r.valid_created_at) as created_date_id,
    mv_bench.local_month(r.valid_created_at) as created_month,
    r.clean_status as status,
    case when r.clean_status in ('success', 'reject')
        and coalesce(l.first_closed_at, r.closed_at) > coalesce(l.first_sent_at, r.sent_at)
        then round((extract(epoch from coalesce(l.first_closed_at, r.closed_at)
            - coalesce(l.first_sent_at, r.sent_at)) / 86400.0)::numeric, 2)
    end as days_to_process,
    case when r.clean_status in ('approved', 'success') or coalesce(l.logged_approved, false)
        then 1 else 0 end as is_approved,
    case when r.clean_status = 'reject' then 1 else 0 end as is_rejected,
    r.clean_status in ('sent', 'approved', 'success', 'reject') or coalesce(l.logged_sent, false) as reached_sent,
    r.clean_status = 'success' or coalesce(l.logged_success, false) as reached_success,
    r.clean_status = 'reject' or coalesce(l.logged_reject, false) as reached_reject
from requests as r
left join {source}.service_service as s on s.id = r.service_id
left join request_logs as l on l.request_id = r.id;

create materialized view mv_bench.fact_event as
with participants as (
    select
        p.event_id,
        count(distinct p.user_id) filter (where mv_bench.enum(p.status) in ('registered', 'attended'))
            as participants_count,
        count(distinct p.user_id) filter (where mv_bench.enum(p.status) = 'attended') as attended_count
    from {source}.core_eventparticipant as p
    group by p.event_id
),

views as (
    select v.target_id as event_id, count(*) as view_count
    from mv_bench.actionlog_event as v
    where v.action = 'view'
    group by v.target_id
)

select
    e.id as event_id,
    e.author_id,
    e.company_id,
    o.code as org_code,
    mv_bench.local_date_id(mv_bench.valid_ts(e.datetime_start)) as event_date_id,
    mv_bench.local_month(mv_bench.valid_ts(e.datetime_start)) as event_month,
    mv_bench.valid_ts(e.datetime_end) < now() as has_ended,
    mv_bench.enum(e.event_type) as event_type,
    mv_bench.enum(e.event_format) as event_format,
    mv_bench.enum(e.status) = 'success' and e.published as is_published,
    coalesce(p.participants_count, 0) as participants_count,
    coalesce(p.attended_count, 0) as attended_count,
    coalesce(v.view_count, 0) as view_count
from {source}.core_event as e
left join {source}.core_organization as o on o.id = e.organization_id
left join participants as p on p.event_id = e.id
left join views as v on v.event_id = e.id;

create materialized view mv_bench.fact_vacancy as
with candidates as (
    select c.vacancy_id, count(distinct c.user_id) as candidates_count
    from {source}.core_vacancycandidate as c
    group by c.vacancy_id
),

views as (
    select v.target_id as vacancy_id, count(*) as view_count
    from mv_bench.actionlog_vacancy as v
    where v.action = 'view'
    group by v.target_id
),

salaries as (
    select
        v.*,
        case when v.salary_min > 0 and v.salary_min < 100000000 then v.salary_min end as valid_min,
        case when v.salary_max > 0 and v.salary_max < 100000000 then v.salary_max end as valid_max
    from {source}.core_vacancy as v
)

select
    v.id as vacancy_id,
    v.author_id,
    v.company_id,
    v.city_id,
    mv_bench.local_date_id(mv_bench.valid_ts(v.created_at)) as created_date_id,
    mv_bench.local_month(mv_bench.valid_ts(v.created_at)) as created_month,
    mv_bench.enum(v.vacancy_type) as vacancy_type,
    mv_bench.enum(v.status) = 'success' and v.published as is_published,
    v.is_closed,
    case when v.valid_min > v.valid_max then null else v.valid_min end as salary_min,
    case when v.valid_min > v.valid_max then null else v.valid_max end as salary_max,
    upper(trim(v.currency)) as currency,
    coalesce(c.candidates_count, 0) as candidates_count,
    coalesce(w.view_count, 0) as view_count
from salaries as v
left join candidates as c on c.vacancy_id = v.id
left join views as w on w.vacancy_id = v.id;

create materialized view mv_bench.fact_booking as
select
    b.id as booking_id,
    b.author_id,
    b.company_id,
    b.room_id,
    mv_bench.local_date_id(mv_bench.valid_ts(b.start)) as booking_date_id,
    case when b."end" > b.start
        then round((extract(epoch from b."end" - b.start) / 3600.0)::numeric, 2)
    end as duration_hours,
    mv_bench.enum(b.status) as status
from {source}.booking_booking as b;

create index on mv_bench.fact_service_request (service_code, created_date_id);
create index on mv_bench.fact_event (event_date_id);
create index on mv_bench.fact_vacancy (city_id);
create index on mv_bench.fact_booking (room_id, booking_date_id);
create index on mv_bench.dim_user (registered_date_id);
