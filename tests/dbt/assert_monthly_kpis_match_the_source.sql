{{ config(meta={'dagster': {'ref': {'name': 'kpi_users_monthly'}}}, tags=['whole_source']) }}
{#-
    The monthly KPIs' counts against the source tables read straight (cleaned with the staging
    macros), not through the marts the KPI models count: per local month, new users (date_joined),
    activations and the converted ones (user_id set), new companies (created_at) and the verified
    ones, published events (datetime_start), published vacancies (created_at) and the closed ones.
    Rows without a valid time have no month and count nowhere. A month with rows in the source
    must show them and no month may show rows the source does not have, so the totals over all
    months match too (no row lost or counted twice), and a row moved to another month fails.
    Returns the (KPI, month) whose counts differ, with both sides.
-#}

{%- set moderation_statuses = ['draft', 'sent', 'correction', 'success', 'reject'] %}

with

users as (

    select
        {{ local_month(clean_timestamp('date_joined')) }} as month,
        count(*) as new_users

    from {{ source('techhub', 'account_user') }}
    where {{ clean_timestamp('date_joined') }} is not null
    group by 1

),

activations as (

    select
        {{ local_month(clean_timestamp('created_at')) }} as month,
        count(*) as activations,
        count(*) filter (where user_id is not null) as activations_converted

    from {{ source('techhub', 'account_activation') }}
    where {{ clean_timestamp('created_at') }} is not null
    group by 1

),

companies as (

    select
        {{ local_month(clean_timestamp('created_at')) }} as month,
        count(*) as new_companies,
        count(*) filter (where verified) as verified_companies

    from {{ source('techhub', 'account_company') }}
    where {{ clean_timestamp('created_at') }} is not null
    group by 1

),

events as (

    select
        {{ local_month(clean_timestamp('datetime_start')) }} as month,
        count(*) as published_events

    from {{ source('techhub', 'core_event') }}
    where
        {{ clean_enum('status', moderation_statuses) }} = 'success' and published
        and {{ clean_timestamp('datetime_start') }} is not null
    group by 1

),

vacancies as (

    select
        {{ local_month(clean_timestamp('created_at')) }} as month,
        count(*) as published_vacancies,
        count(*) filter (where is_closed) as closed_vacancies

    from {{ source('techhub', 'core_vacancy') }}
    where
        {{ clean_enum('status', moderation_statuses) }} = 'success' and published
        and {{ clean_timestamp('created_at') }} is not null
    group by 1

),

-- a month of the spine without rows is 0 in the KPI and absent from the source: both count 0
users_monthly as (

    select
        'kpi_users_monthly' as kpi,
        coalesce(kpi.month, users.month, activations.month) as month,
        row(kpi.new_users, kpi.activations, kpi.activations_converted)::text as kpi_values,
        row(
            coalesce(users.new_users, 0),
            coalesce(activations.activations, 0),
            coalesce(activations.activations_converted, 0)
        )::text as source_values

    from {{ ref('kpi_users_monthly') }} as kpi
    full outer join users
        on kpi.month = users.month
    full outer join activations
        on coalesce(kpi.month, users.month) = activations.month

),

companies_monthly as (

    select
        'kpi_companies_monthly' as kpi,
        coalesce(kpi.month, companies.month) as month,
        row(kpi.new_companies, kpi.verified_companies)::text as kpi_values,
        row(coalesce(companies.new_companies, 0), coalesce(companies.verified_companies, 0))::text as source_values

    from {{ ref('kpi_companies_monthly') }} as kpi
    full outer join companies
        on kpi.month = companies.month

),

events_monthly as (

    select
        'kpi_events_monthly' as kpi,
        coalesce(kpi.month, events.month) as month,
        row(kpi.published_events)::text as kpi_values,
        row(coalesce(events.published_events, 0))::text as source_values

    from {{ ref('kpi_events_monthly') }} as kpi
    full outer join events
        on kpi.month = events.month

),

vacancies_monthly as (

    select
        'kpi_vacancies_monthly' as kpi,
        coalesce(kpi.month, vacancies.month) as month,
        row(kpi.published_vacancies, kpi.closed_vacancies)::text as kpi_values,
        row(coalesce(vacancies.published_vacancies, 0), coalesce(vacancies.closed_vacancies, 0))::text
            as source_values

    from {{ ref('kpi_vacancies_monthly') }} as kpi
    full outer join vacancies
        on kpi.month = vacancies.month

),

compared as (

    select * from users_monthly
    union all
    select * from companies_monthly
    union all
    select * from events_monthly
    union all
    select * from vacancies_monthly

)

select *
from compared
where kpi_values is distinct from source_values
