{{
    config(
        materialized='incremental',
        unique_key='activity_date_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['activity_date_id', 'user_id'], 'unique': true},
            {'columns': ['user_id']},
            {'columns': ['activity_month']},
        ],
        meta={'changed_keys': [{
            'feed': 'int_user_actions', 'key': ['feed.created_date_id'], 'id': 'load_id',
            'vanished_of': 'stg_techhub__core_actionlog', 'rows': 'sum(actions_count)',
        }]},
    )
}}

{#-
    One row per (user, local day) with at least one action-log row of that user: the daily
    activity fact behind MAU. user_id is the logged id, not checked against account_user (a KPI
    joins dim_user).
    Incremental (macros/incremental/changed_keys.sql), keyed by the local day:
      - change detected: action-log rows loaded by stg_techhub__core_actionlog since the last run
        (its load_id); their days are recomputed whole;
      - a late row: staging loads it (within its lookback window), so its day is recomputed;
      - an update in place: the log is append-only (a full refresh takes an edit in);
      - a deletion: staging counts the rows it deleted; then the days whose action count no
        longer matches the log are recomputed, and a day left without rows disappears.
    One aggregation step: almost every (user, day) has a single action, so a first step per log
    type reduces nothing (measured at scale 10: 101 s against 26 s for this one).
-#}

with

per_day as (

    select
        actions.user_id,
        actions.created_date_id as activity_date_id,
        count(*) as actions_count,
        count(*) filter (where actions.action = 'view') as views_count,
        count(*) filter (where actions.action = 'login') as logins_count,
        count(*) filter (where actions.action = 'create') as creates_count,
        count(*) filter (where actions.action = 'update') as updates_count,
        count(*) filter (where actions.action = 'delete') as deletes_count,
        count(distinct actions.log_type) as log_types_count,
        min(actions.created_at) as first_action_at,
        max(actions.created_at) as last_action_at

    from {{ ref('int_user_actions') }} as actions
    where {{ changed_keys_filter('actions.created_date_id') }}
    group by actions.user_id, actions.created_date_id

),

final as (

    select
        user_id,
        activity_date_id,
        {{ to_local('first_action_at') }}::date as activity_date,
        {{ local_month('first_action_at') }} as activity_month,
        actions_count,
        views_count,
        logins_count,
        creates_count,
        updates_count,
        deletes_count,
        log_types_count,
        first_action_at,
        last_action_at

    from per_day

)

select * from final
