{{ config(meta={'dagster': {'ref': {'name': 'kpi_top_employers'}}}) }}
-- Top lists: the score is the sum of its parts, ranks are dense (1, 2, ... without gaps) and at most 50.
with

top_companies as (

    select
        'kpi_top_companies' as model,
        company_id,
        rank,
        activity_score <> requests + published_events + published_vacancies + bookings as bad_score
    from {{ ref('kpi_top_companies') }}

),

top_employers as (

    select
        'kpi_top_employers' as model,
        company_id,
        rank,
        published_vacancies < 1 as bad_score
    from {{ ref('kpi_top_employers') }}

),

ranked as (

    select * from top_companies
    union all
    select * from top_employers

),

gaps as (

    select model
    from ranked
    group by model
    having max(rank) <> count(distinct rank) or max(rank) > 50

)

select model, company_id from ranked where bad_score
union all
select model, null from gaps
