{#-
    The most active companies: non-draft service requests + published events + published
    vacancies + bookings not cancelled (deactivated). rank is the dense rank by the score, ties
    sharing a rank; position numbers the companies by score, then company_id, and the list keeps
    positions 1 to 50, so a "top 50" widget never gets more than fifty rows, whatever the ties.
    Companies with no activity at all are not ranked.
-#}

with

companies as (

    select * from {{ ref('dim_company') }}

),

requests as (

    select
        company_id,
        count(*) as requests

    from {{ ref('fact_service_request') }}
    where status <> 'draft'
    group by company_id

),

events as (

    select
        company_id,
        count(*) as published_events

    from {{ ref('fact_event') }}
    where is_published
    group by company_id

),

vacancies as (

    select
        company_id,
        count(*) as published_vacancies

    from {{ ref('fact_vacancy') }}
    where is_published
    group by company_id

),

bookings as (

    select
        company_id,
        count(*) as bookings

    from {{ ref('fact_booking') }}
    where status <> 'deactivated'
    group by company_id

),

scored as (

    select
        companies.company_id,
        companies.name,
        companies.status,
        coalesce(requests.requests, 0) as requests,
        coalesce(events.published_events, 0) as published_events,
        coalesce(vacancies.published_vacancies, 0) as published_vacancies,
        coalesce(bookings.bookings, 0) as bookings,
        coalesce(requests.requests, 0)
        + coalesce(events.published_events, 0)
        + coalesce(vacancies.published_vacancies, 0)
        + coalesce(bookings.bookings, 0) as activity_score

    from companies
    left join requests
        on companies.company_id = requests.company_id
    left join events
        on companies.company_id = events.company_id
    left join vacancies
        on companies.company_id = vacancies.company_id
    left join bookings
        on companies.company_id = bookings.company_id

),

ranked as (

    select
        *,
        dense_rank() over (order by activity_score desc) as rank,
        -- company_id breaks ties so that the cut at 50 keeps the same companies on every build
        row_number() over (order by activity_score desc, company_id asc) as position

    from scored
    where activity_score > 0

),

final as (

    select
        company_id,
        name,
        status,
        requests,
        published_events,
        published_vacancies,
        bookings,
        activity_score,
        rank,
        position

    from ranked
    where position <= 50

)

select * from final
