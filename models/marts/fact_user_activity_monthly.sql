{{
    config(
        materialized='incremental',
        unique_key='activity_month',
        on_schema_change='fail',
        indexes=[
            {'columns': ['activity_month', 'user_id'], 'unique': true},
        ],
        meta={'changed_keys': [{
            'feed': 'int_user_actions', 'key': ["to_date((feed.created_date_id / 100)::text, 'YYYYMM')"],
            'id': 'load_id', 'vanished_of': 'stg_techhub__core_actionlog', 'rows': 'sum(actions_count)',
        }]},
    )
}}

{#-
    One row per (user, local month) with at least one action-log row of that user: the monthly
    activity behind MAU (kpi_users_monthly counts its users per month), rolled up from
    fact_user_activity_daily.
    Incremental (macros/incremental/changed_keys.sql), keyed by the local month:
      - change detected: action-log rows loaded by stg_techhub__core_actionlog since the last run
        (its load_id); their months are recomputed from the daily fact (built first);
      - a late row: staging loads it, so its month is recomputed;
      - an update in place: the log is append-only (a full refresh takes an edit in);
      - a deletion: staging counts the rows it deleted; then the months whose action count no
        longer matches the log are recomputed.
-#}

-- depends_on: {{ ref('int_user_actions') }}

with

daily as (

    select * from {{ ref('fact_user_activity_daily') }}
    where {{ changed_keys_filter('activity_month') }}

),

final as (

    select
        user_id,
        activity_month,
        count(*) as active_days,
        sum(actions_count)::bigint as actions_count

    from daily
    group by user_id, activity_month

)

select * from final
