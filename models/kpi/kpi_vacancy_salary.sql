{#-
    One row per vacancy type with at least one published KZT vacancy with a valid salary: their
    number and the mean salary (each vacancy's midpoint of its two valid bounds, or its one
    valid bound), in tenge, 2 decimals.
-#}

with

vacancies as (

    select * from {{ ref('fact_vacancy') }}
    where
        is_published
        and currency = 'KZT'
        and salary_mid is not null

),

final as (

    select
        vacancy_type,
        count(*) as vacancies,
        round(avg(salary_mid), 2) as avg_salary_kzt

    from vacancies
    where vacancy_type is not null
    group by vacancy_type

)

select * from final
