{{
    config(
        indexes=[
            {'columns': ['vacancy_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per vacancy: the staged vacancy (salaries already validated by staging) with its
    candidates, views (action-log 'view' rows of log type 'vacancy') and interactions.
-#}

with

vacancies as (

    select * from {{ ref('stg_techhub__core_vacancy') }}

),

candidates as (

    select * from {{ ref('int_vacancy_candidates') }}

),

views as (

    select
        content_id as vacancy_id,
        view_count

    from {{ ref('int_content_views') }}
    where content_type = 'vacancy'

),

interactions as (

    select * from {{ ref('int_content_interaction_counts') }}
    where content_type = 'vacancy'

),

final as (

    select
        vacancies.vacancy_id,
        vacancies.title,
        vacancies.title_ru,
        vacancies.title_kk,
        vacancies.title_en,
        vacancies.author_id,
        vacancies.company_id,
        vacancies.city_id,
        vacancies.created_at,
        vacancies.created_date_id,
        vacancies.vacancy_type,
        vacancies.status,
        vacancies.published,
        vacancies.is_published,
        vacancies.published_at,
        vacancies.is_closed,
        vacancies.closed_at,
        vacancies.salary_min,
        vacancies.salary_max,
        vacancies.currency,
        vacancies.updated_at,
        coalesce(candidates.candidates_count, 0) as candidates_count,
        coalesce(views.view_count, 0) as view_count,
        coalesce(interactions.reactions_up, 0) as reactions_up,
        coalesce(interactions.reactions_down, 0) as reactions_down,
        coalesce(interactions.favorites, 0) as favorites

    from vacancies
    left join candidates
        on vacancies.vacancy_id = candidates.vacancy_id
    left join views
        on vacancies.vacancy_id = views.vacancy_id
    left join interactions
        on vacancies.vacancy_id = interactions.content_id

)

select * from final
