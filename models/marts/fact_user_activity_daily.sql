{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_date_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['activity_date_id', 'user_id'], 'unique': true},
            {'columns': ['user_id']},
            {'columns': ['activity_month']},
        ],
        post_hook=["{{ delete_vanished_keys('activity_date_id', ref('int_user_actions'), 'upstream.created_date_id',
            only_when='(select coalesce(sum(actions_count), 0) from ' ~ this ~ ')
                <> (select count(*) from ' ~ ref('int_user_actions') ~ ')') }}"],
    )
}}

{#-
    One row per (user, local day) with at least one action-log row of that user: the daily
    activity fact behind MAU. user_id is the logged id, not checked against account_user (a KPI
    joins dim_user).
    Incremental by local day, and cheap when little changed: the action log is append-only (ids
    grow, rows are not edited in place), so a run replaces whole the days that have a row newer
    than the last id loaded or in the lookback window. The one other change, rows deleted from the
    log, shows as fewer rows up to the last id loaded than the fact counts; only then are the days
    compared by row count (and a post-hook, under the same kind of check, drops days that vanished).
    The watermarks and the days to reload are read while the model compiles
    (user_activity_days_to_reload), so the statement itself filters on literals and the indexes
    on action_log_id and created_at serve it.
    One aggregation step: almost every (user, day) has a single action, so a first step per log
    type reduces nothing (measured at scale 10: 101 s against 26 s for this one).
-#}

{%- if is_incremental() -%}
    {%- set affected = user_activity_days_to_reload() -%}
{%- endif %}

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
        max(actions.created_at) as last_action_at,
        max(actions.action_log_id) as max_action_log_id

    from {{ ref('int_user_actions') }} as actions
    {% if is_incremental() %}
        where
            actions.created_at >= '{{ affected.scan_from }}'::timestamptz
            and actions.created_date_id in ({{ affected.date_ids or 'null' }})
    {% endif %}
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
        last_action_at,
        max_action_log_id

    from per_day

)

select * from final
