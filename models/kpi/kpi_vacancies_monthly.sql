{#-
    One row per local month of the vacancies' creation: published vacancies, how many of those
    are closed now, and the closed share.
-#}

with

vacancies as (

    select
        created_month as month,
        count(*) filter (where is_published) as published_vacancies,
        count(*) filter (where is_published and is_closed) as closed_vacancies

    from {{ ref('fact_vacancy') }}
    where created_month is not null
    group by created_month

),

months as (

    {{ month_spine('select month from vacancies') }}

),

final as (

    select
        months.month,
        months.is_complete_month,
        coalesce(vacancies.published_vacancies, 0) as published_vacancies,
        coalesce(vacancies.closed_vacancies, 0) as closed_vacancies,
        round(vacancies.closed_vacancies::numeric / nullif(vacancies.published_vacancies, 0), 4) as share_closed

    from months
    left join vacancies
        on months.month = vacancies.month

)

select * from final
