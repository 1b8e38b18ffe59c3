{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='vacancy_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['vacancy_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per vacancy with at least one candidate row: candidates_count = distinct users who
    applied (whatever their status now). Incremental by vacancy: a run recomputes the vacancies
    with a candidate row newer than the last id loaded, or created in the lookback window
    (var('incremental_lookback_days') days before the latest application already loaded, capped
    at the build time). The count does not depend on the candidates' statuses, which change in
    place, so new rows are all a run has to find.
-#}

with

candidates as (

    select * from {{ ref('stg_techhub__core_vacancycandidate') }}

),

affected_vacancies as (

    select distinct candidates.vacancy_id
    from candidates
    {% if is_incremental() %}
        where
            candidates.candidate_id > (select coalesce(max(loaded.max_candidate_id), 0) from {{ this }} as loaded)
            or candidates.created_at >= (
                select least(max(loaded.last_applied_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'
    {% endif %}

),

scoped as (

    select candidates.*
    from candidates
    where candidates.vacancy_id in (select affected_vacancies.vacancy_id from affected_vacancies)

),

final as (

    select
        vacancy_id,
        count(*) as candidate_rows,
        count(distinct user_id) as candidates_count,
        min(created_at) as first_applied_at,
        max(created_at) as last_applied_at,
        max(candidate_id) as max_candidate_id

    from scoped
    group by vacancy_id

)

select * from final
