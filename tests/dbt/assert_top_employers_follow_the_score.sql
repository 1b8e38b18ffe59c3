{{ config(meta={'dagster': {'ref': {'name': 'kpi_top_employers'}}}, tags=['whole_source']) }}
{#-
    kpi_top_employers against the published vacancies counted straight from the source tables
    (cleaned with the staging macros), not from fact_vacancy the model counts: every listed
    company has the source's count, the dense rank of its count among all companies of the source
    with a published vacancy (ties share a rank), and its position by (count desc, company_id
    asc); every company whose position is 1 to 50 is listed, so none with more published vacancies
    than the 50th is left out. The cut itself (position unique, 1 to 50, so at most 50 rows) is
    the model's contract. Returns one row per company where the list and the source disagree.
-#}

{%- set moderation_statuses = ['draft', 'sent', 'correction', 'success', 'reject'] %}

with

vacancies as (

    select
        company_id,
        count(*) as published_vacancies

    from {{ source('techhub', 'core_vacancy') }}
    where {{ clean_enum('status', moderation_statuses) }} = 'success' and published
    group by company_id

),

-- a vacancy of a company missing from the source has no name to show: it is not ranked
expected as (

    select
        vacancies.company_id,
        vacancies.published_vacancies,
        dense_rank() over (order by vacancies.published_vacancies desc) as rank,
        row_number() over (order by vacancies.published_vacancies desc, vacancies.company_id asc) as position

    from vacancies
    inner join {{ source('techhub', 'account_company') }} as companies
        on vacancies.company_id = companies.id

),

listed as (

    select * from {{ ref('kpi_top_employers') }}

),

-- a listed company whose count, rank or position is not the source's
misplaced as (

    select
        listed.company_id,
        'listed at position ' || listed.position || ', rank ' || listed.rank || ', '
        || listed.published_vacancies || ' vacancies; the source gives '
        || coalesce(
            'position ' || expected.position || ', rank ' || expected.rank || ', '
            || expected.published_vacancies || ' vacancies',
            'no published vacancy'
        ) as problem

    from listed
    left join expected
        on listed.company_id = expected.company_id
    where
        (listed.published_vacancies, listed.rank, listed.position)
        is distinct from (expected.published_vacancies, expected.rank, expected.position)

),

-- a company of the first 50 positions that the list does not hold
left_out as (

    select
        expected.company_id,
        'left out: position ' || expected.position || ', rank ' || expected.rank || ', '
        || expected.published_vacancies || ' vacancies' as problem

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
