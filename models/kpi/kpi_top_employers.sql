{#-
    Companies by published vacancies (at least one): rank is the dense rank by the count, ties
    sharing a rank; position numbers the companies by the count, then company_id, and the list
    keeps positions 1 to 50, so a "top 50" widget never gets more than fifty rows, whatever the
    ties. A vacancy whose company is not in the source is not counted (it has no name to show).
-#}

with

vacancies as (

    select
        company_id,
        count(*) as published_vacancies

    from {{ ref('fact_vacancy') }}
    where is_published
    group by company_id

),

ranked as (

    select
        companies.company_id,
        companies.name,
        vacancies.published_vacancies,
        dense_rank() over (order by vacancies.published_vacancies desc) as rank,
        -- company_id breaks ties so that the cut at 50 keeps the same companies on every build
        row_number() over (order by vacancies.published_vacancies desc, companies.company_id asc) as position

    from vacancies
    inner join {{ ref('dim_company') }} as companies
        on vacancies.company_id = companies.company_id

),

final as (

    select
        company_id,
        name,
        published_vacancies,
        rank,
        position

    from ranked
    where position <= 50

)

select * from final
