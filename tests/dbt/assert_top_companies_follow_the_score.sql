{{ config(meta={'dagster': {'ref': {'name': 'kpi_top_companies'}}}, tags=['whole_source']) }}
{#-
    kpi_top_companies against the activity counted straight from the source tables (cleaned with
    the staging macros), not from the marts facts the model sums: every listed company has the
    source's four counts and score, the dense rank of its score among all companies with a score
    above 0 (ties share a rank), and its position by (score desc, company_id asc); every company
    whose position is 1 to 50 is listed, so none with a higher score than the 50th is left out.
    The cut itself (position unique, 1 to 50, so at most 50 rows) is the model's contract.
    Returns one row per company where the list and the source disagree.
-#}

{%- set request_statuses = ['draft', 'sent', 'approved', 'success', 'reject'] %}
{%- set moderation_statuses = ['draft', 'sent', 'correction', 'success', 'reject'] %}
{%- set booking_statuses = ['active', 'finished', 'deactivated'] %}

with

requests as (

    select
        company_id,
        count(*) as requests

    from {{ source('techhub', 'service_servicerequest') }}
    where {{ clean_enum('status', request_statuses) }} <> 'draft'
    group by company_id

),

events as (

    select
        company_id,
        count(*) as published_events

    from {{ source('techhub', 'core_event') }}
    where {{ clean_enum('status', moderation_statuses) }} = 'success' and published
    group by company_id

),

vacancies as (

    select
        company_id,
        count(*) as published_vacancies

    from {{ source('techhub', 'core_vacancy') }}
    where {{ clean_enum('status', moderation_statuses) }} = 'success' and published
    group by company_id

),

bookings as (

    select
        company_id,
        count(*) as bookings

    from {{ source('techhub', 'booking_booking') }}
    where {{ clean_enum('status', booking_statuses) }} <> 'deactivated'
    group by company_id

),

scores as (

    select
        companies.id as company_id,
        coalesce(requests.requests, 0) as requests,
        coalesce(events.published_events, 0) as published_events,
        coalesce(vacancies.published_vacancies, 0) as published_vacancies,
        coalesce(bookings.bookings, 0) as bookings

    from {{ source('techhub', 'account_company') }} as companies
    left join requests
        on companies.id = requests.company_id
    left join events
        on companies.id = events.company_id
    left join vacancies
        on companies.id = vacancies.company_id
    left join bookings
        on companies.id = bookings.company_id

),

expected as (

    select
        company_id,
        requests,
        published_events,
        published_vacancies,
        bookings,
        requests + published_events + published_vacancies + bookings as activity_score,
        dense_rank() over (
            order by requests + published_events + published_vacancies + bookings desc
        ) as rank,
        row_number() over (
            order by requests + published_events + published_vacancies + bookings desc, company_id asc
        ) as position

    from scores
    where requests + published_events + published_vacancies + bookings > 0

),

listed as (

    select * from {{ ref('kpi_top_companies') }}

),

-- a listed company whose counts, score, rank or position are not the source's
misplaced as (

    select
        listed.company_id,
        'listed at position ' || listed.position || ', rank ' || listed.rank || ', score '
        || listed.activity_score || '; the source gives '
        || coalesce(
            'position ' || expected.position || ', rank ' || expected.rank || ', score ' || expected.activity_score,
            'no activity'
        ) as problem

    from listed
    left join expected
        on listed.company_id = expected.company_id
    where
        (
            listed.requests, listed.published_events, listed.published_vacancies, listed.bookings,
            listed.activity_score, listed.rank, listed.position
        ) is distinct from (
            expected.requests, expected.published_events, expected.published_vacancies, expected.bookings,
            expected.activity_score, expected.rank, expected.position
        )

),

-- a company of the first 50 positions that the list does not hold
left_out as (

    select
        expected.company_id,
        'left out: position ' || expected.position || ', rank ' || expected.rank || ', score '
        || expected.activity_score as problem

    from expected
    left join listed
        on expected.company_id = listed.company_id
    where
        expected.position <= 50
        and listed.company_id is null

)

select * from misplaced
union all
select * from left_out
