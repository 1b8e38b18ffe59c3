{{
    config(
        indexes=[
            {'columns': ['created_date_id']},
            {'columns': ['company_id']},
            {'columns': ['city_id']},
            {'columns': ['vacancy_type']},
            {'columns': ['created_month']},
        ],
    )
}}

{#-
    One row per vacancy. Salaries are valid bounds only (an invalid bound is null; both null when
    min > max); salary_mid is their midpoint, or the one valid bound. candidates_count = distinct
    users who applied; view_count = action-log 'view' rows of log type 'vacancy' for this id.
-#}

with

vacancies as (

    select * from {{ ref('int_vacancies') }}

),

final as (

    select
        vacancy_id,
        title,
        author_id,
        company_id,
        city_id,
        created_at,
        created_date_id,
        {{ local_month('created_at') }} as created_month,
        vacancy_type,
        status,
        coalesce(is_published, false) as is_published,
        published_at,
        coalesce(is_closed, false) as is_closed,
        closed_at,
        salary_min,
        salary_max,
        round(coalesce((salary_min + salary_max) / 2.0, salary_min, salary_max), 2) as salary_mid,
        currency,
        candidates_count,
        view_count,
        reactions_up,
        reactions_down,
        favorites,
        updated_at

    from vacancies

)

select * from final
