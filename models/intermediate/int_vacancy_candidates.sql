{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='vacancy_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['vacancy_id'], 'unique': true},
        ],
        post_hook=["{{ delete_vanished_keys('vacancy_id', ref('stg_techhub__core_vacancycandidate')) }}"],
    )
}}

{#-
    One row per vacancy with at least one candidate row: candidates_count = distinct users who
    applied (whatever their status now). Incremental by vacancy (macros/marts/incremental.sql): a
    run recomputes the vacancies with a candidate row newer than the last id loaded or created in
    the lookback window, and those whose candidate rows differ from what was loaded (row count and
    a fingerprint of id and user: late and deleted rows); a post-hook drops vacancies left without
    candidates. Status changes do not change the count.
-#}

with

candidates as (

    select
        *,
        {{ row_fingerprint(['candidate_id', 'user_id']) }} as row_fingerprint

    from {{ ref('stg_techhub__core_vacancycandidate') }}

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

        union

        select upstream.vacancy_id
        from (
            select
                vacancy_id,
                count(*) as candidate_rows,
                sum(row_fingerprint) as rows_fingerprint
            from candidates
            group by vacancy_id
        ) as upstream
        left join {{ this }} as loaded
            on upstream.vacancy_id = loaded.vacancy_id
        where
            loaded.vacancy_id is null
            or upstream.candidate_rows <> loaded.candidate_rows
            or upstream.rows_fingerprint <> loaded.rows_fingerprint
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
        max(candidate_id) as max_candidate_id,
        sum(row_fingerprint) as rows_fingerprint

    from scoped
    group by vacancy_id

)

select * from final
