{{
    config(
        materialized='incremental',
        unique_key='vacancy_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['vacancy_id'], 'unique': true},
        ],
        meta={'changed_keys': [{
            'feed': 'stg_techhub__core_vacancycandidate', 'key': ['feed.vacancy_id'], 'id': 'candidate_id',
            'changed_at': 'created_at', 'rows': 'sum(candidate_rows)',
        }]},
    )
}}

{#-
    One row per vacancy with at least one candidate row: candidates_count = distinct users who
    applied (whatever their status now: a status change does not change the count).
    Incremental (macros/incremental/changed_keys.sql), keyed by vacancy:
      - change detected: candidate rows with an id above the last one read or created in the
        lookback window;
      - a late row: a new id, or committed late with its time in the window;
      - an update in place: a status change counts for nothing here; another edit is taken in
        while its time is in the window, later only by a full refresh;
      - a deletion: the table's count and id sum up to the last id read fall; then the
        vacancies whose row count no longer matches are recomputed, and a vacancy left without
        candidates disappears.
-#}

with

candidates as (

    select * from {{ ref('stg_techhub__core_vacancycandidate') }}
    where {{ changed_keys_filter('vacancy_id') }}

),

final as (

    select
        vacancy_id,
        count(*) as candidate_rows,
        count(distinct user_id) as candidates_count,
        min(created_at) as first_applied_at,
        max(created_at) as last_applied_at

    from candidates
    group by vacancy_id

)

select * from final
