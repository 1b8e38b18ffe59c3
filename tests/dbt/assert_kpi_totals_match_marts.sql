{{ config(meta={'dagster': {'ref': {'name': 'kpi_users_monthly'}}}) }}
-- The monthly KPIs add up to the marts they summarise (no month lost or double-counted).
with

checks as (

    select
        'new_users' as measure,
        (select sum(new_users) from {{ ref('kpi_users_monthly') }}) as kpi_total,
        (select count(*) from {{ ref('dim_user') }} where registered_month is not null) as mart_total

    union all

    select
        'new_companies',
        (select sum(new_companies) from {{ ref('kpi_companies_monthly') }}),
        (select count(*) from {{ ref('dim_company') }} where created_month is not null)

    union all

    select
        'published_events',
        (select sum(published_events) from {{ ref('kpi_events_monthly') }}),
        (select count(*) from {{ ref('fact_event') }} where is_published and event_month is not null)

    union all

    select
        'published_vacancies',
        (select sum(published_vacancies) from {{ ref('kpi_vacancies_monthly') }}),
        (select count(*) from {{ ref('fact_vacancy') }} where is_published and created_month is not null)

    union all

    select
        'funnel_drafts',
        (select sum(drafts) from {{ ref('kpi_service_funnel') }}),
        (
            select count(*) from {{ ref('fact_service_request') }}
            where service_code is not null and created_month is not null
        )

)

select *
from checks
where coalesce(kpi_total, 0) <> coalesce(mart_total, 0)
