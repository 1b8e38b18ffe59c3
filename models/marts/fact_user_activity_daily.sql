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
    )
}}

{#-
    One row per (user, local day) with at least one action-log row of that user: the daily
    activity fact behind MAU. Incremental by day: the days that int_user_activity_daily
    recomputed since the last run (a group with an action-log id above the last one loaded
    here, or a day in the lookback window) are replaced whole.
    user_id is the logged id, not checked against account_user (a KPI joins dim_user).
-#}

with

activity as (

    select * from {{ ref('int_user_activity_daily') }}

),

affected_days as (

    select distinct activity.activity_date_id
    from activity
    {% if is_incremental() %}
        where
            activity.max_action_log_id > (select coalesce(max(loaded.max_action_log_id), 0) from {{ this }} as loaded)
            or activity.last_action_at >= (
                select least(max(loaded.last_action_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'
    {% endif %}

),

final as (

    select
        activity.user_id,
        activity.activity_date_id,
        activity.activity_date,
        activity.activity_month,
        activity.actions_count,
        activity.views_count,
        activity.logins_count,
        activity.creates_count,
        activity.updates_count,
        activity.deletes_count,
        activity.log_types_count,
        activity.first_action_at,
        activity.last_action_at,
        activity.max_action_log_id

    from activity
    where activity.activity_date_id in (select affected_days.activity_date_id from affected_days)

)

select * from final
