{#-
    Companies by published vacancies (at least one): dense rank by the count, ties sharing a
    rank; the companies ranked 1 to 50. A vacancy whose company is not in the source is not
    counted (it has no name to show).
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
        dense_rank() over (order by vacancies.published_vacancies desc) as rank

    from vacancies
    inner join {{ ref('dim_company') }} as companies
        on vacancies.company_id = companies.company_id

),

final as (

    select
        company_id,
        name,
        published_vacancies,
        rank

    from ranked
    where rank <= 50

)

select * from final
