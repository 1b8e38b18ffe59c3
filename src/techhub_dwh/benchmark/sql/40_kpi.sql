-- The eleven dashboard KPIs, one materialized view each, reading the mart views above (and
-- the raw action log for monthly active users, as a TechHub engineer would).

create materialized view mv_bench.kpi_users_monthly as
with activity as (
    select mv_bench.local_month(mv_bench.valid_ts(a.created_at)) as month, count(distinct a.user_id) as mau
    from {source}.core_actionlog as a
    where exists (select 1 from {source}.account_user as u where u.id = a.user_id)
    group by 1
),

registrations as (
    select mv_bench.local_month(u.registered_at) as month, count(*) as new_users
    from mv_bench.dim_user as u
    group by 1
),

activations as (
    select
        mv_bench.local_month(mv_bench.valid_ts(a.created_at)) as month,
        count(*) as activations,
        count(a.user_id) as activations_converted
    from {source}.account_activation as a
    group by 1
)

select
    month,
    coalesce(activity.mau, 0) as mau,
    coalesce(registrations.new_users, 0) as new_users,
    coalesce(activations.activations, 0) as activations,
    coalesce(activations.activations_converted, 0) as activations_converted,
    round(activations.activations_converted::numeric / nullif(activations.activations, 0), 4)
        as registration_conversion
from activity
full join registrations using (month)
full join activations using (month)
where month is not null;

create materialized view mv_bench.kpi_user_roles as
select
    role,
    count(*) filter (where is_active) as active_users,
    count(*) filter (where is_active and is_verified) as verified_users,
    round((count(*) filter (where is_active and is_verified))::numeric
        / nullif(count(*) filter (where is_active), 0), 4) as share_verified
from mv_bench.dim_user
group by role;

create materialized view mv_bench.kpi_companies_monthly as
select
    mv_bench.local_month(created_at) as month,
    count(*) as new_companies,
    count(*) filter (where verified) as verified_companies
from mv_bench.dim_company
where created_at is not null
group by 1;

create materialized view mv_bench.kpi_company_segments as
with active as (
    select * from mv_bench.dim_company where status = 'active'
),

segments as (
    select 'startup' as segment, verified from active where is_startup
    union all
    select 'it_company', verified from active where is_it_company
    union all
    select 'techpark_resident', verified from active where is_techpark_resident
    union all
    select 'ts_member', verified from active where is_ts_member
    union all
    select 'all', verified from active
)

select
    segment,
    count(*) as companies,
    count(*) filter (where verified) as verified,
    round((count(*) filter (where verified))::numeric / nullif(count(*), 0), 4) as share_verified
from segments
group by segment;

create materialized view mv_bench.kpi_top_companies as
with activity as (
    select company_id, 1 as requests, 0 as published_events, 0 as published_vacancies, 0 as bookings
    from mv_bench.fact_service_request where status <> 'draft' and company_id is not null
    union all
    select company_id, 0, 1, 0, 0 from mv_bench.fact_event where is_published and company_id is not null
    union all
    select company_id, 0, 0, 1, 0 from mv_bench.fact_vacancy where is_published and company_id is not null
    union all
    select company_id, 0, 0, 0, 1 from mv_bench.fact_booking where status <> 'deactivated' and company_id is not null
),

scores as (
    select
        c.company_id,
        c.name,
        sum(a.requests) as requests,
        sum(a.published_events) as published_events,
        sum(a.published_vacancies) as published_vacancies,
        sum(a.bookings) as bookings,
        count(*) as activity_score
    from activity as a
    inner join mv_bench.dim_company as c on c.company_id = a.company_id
    group by c.company_id, c.name
),

ranked as (
    select
        *,
        dense_rank() over (order by activity_score desc) as rank,
        row_number() over (order by activity_score desc, company_id) as position
    from scores
)

select * from ranked where position <= 50;

create materialized view mv_bench.kpi_service_funnel as
select
    service_code,
    created_month as month,
    count(*) as drafts,
    count(*) filter (where reached_sent) as sent,
    count(*) filter (where is_approved = 1) as approved,
    count(*) filter (where reached_success) as succeeded,
    count(*) filter (where reached_reject) as rejected
from mv_bench.fact_service_request
where created_month is not null
group by service_code, created_month;

create materialized view mv_bench.kpi_service_performance as
with per_service as (
    select
        service_code,
        count(*) filter (where status <> 'draft') as requests,
        round(avg(days_to_process), 2) as avg_days_to_process,
        round((count(*) filter (where is_approved = 1 and is_rejected = 0))::numeric
            / nullif(count(*) filter (where is_approved = 1 or is_rejected = 1), 0), 4) as approval_rate
    from mv_bench.fact_service_request
    group by service_code
)

select *, dense_rank() over (order by requests desc) as rank_by_requests
from per_service;

create materialized view mv_bench.kpi_events_monthly as
select
    event_month as month,
    count(*) filter (where is_published) as published_events,
    round(avg(attended_count) filter (where is_published and has_ended), 2) as avg_attendance,
    count(*) filter (where is_published and event_format = 'online') as online,
    count(*) filter (where is_published and event_format = 'offline') as offline,
    count(*) filter (where is_published and event_format = 'hybrid') as hybrid
from mv_bench.fact_event
where event_month is not null
group by event_month;

create materialized view mv_bench.kpi_vacancies_monthly as
select
    created_month as month,
    count(*) filter (where is_published) as published_vacancies,
    count(*) filter (where is_published and is_closed) as closed_vacancies,
    round((count(*) filter (where is_published and is_closed))::numeric
        / nullif(count(*) filter (where is_published), 0), 4) as share_closed
from mv_bench.fact_vacancy
where created_month is not null
group by created_month;

create materialized view mv_bench.kpi_vacancy_salary as
select
    vacancy_type,
    count(*) as vacancies,
    round(avg((coalesce(salary_min, salary_max) + coalesce(salary_max, salary_min)) / 2.0), 2) as avg_salary_kzt
from mv_bench.fact_vacancy
where is_published and currency = 'KZT' and (salary_min is not null or salary_max is not null)
group by vacancy_type;

create materialized view mv_bench.kpi_top_employers as
with employers as (
    select v.company_id, c.name, count(*) as published_vacancies
    from mv_bench.fact_vacancy as v
    inner join mv_bench.dim_company as c on c.company_id = v.company_id
    where v.is_published
    group by v.company_id, c.name
),

ranked as (
    select
        *,
        dense_rank() over (order by published_vacancies desc) as rank,
        row_number() over (order by published_vacancies desc, company_id) as position
    from employers
)

select * from ranked where position <= 50;
