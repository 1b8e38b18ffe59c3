{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_date_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['activity_date_id', 'user_id'], 'unique': true},
            {'columns': ['user_id']},
        ],
    )
}}

{#-
    One row per (user, local day) with at least one action-log row of that user. Rows without a
    user (anonymous) or without a valid time (no local day) are left out; user ids are kept as
    logged (a KPI that needs existing users joins dim_user).
    Incremental by local day: a run recomputes every day that has an action-log row newer than
    the last id loaded, or a row in the last var('incremental_lookback_days') days, and replaces
    those days whole (delete+insert on activity_date_id). The action log is append-only, so a
    recomputed day equals the full refresh's.
-#}

with

actions as (

    select
        action_log_id,
        user_id,
        log_type,
        action,
        created_at,
        created_date_id

    from {{ ref('stg_techhub__core_actionlog') }}
    where
        user_id is not null
        and created_at is not null

),

affected_days as (

    select distinct actions.created_date_id
    from actions
    {% if is_incremental() %}
        where
            actions.action_log_id > (select coalesce(max(loaded.max_action_log_id), 0) from {{ this }} as loaded)
            or actions.created_at >= (
                select least(max(loaded.last_action_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'
    {% endif %}

),

scoped as (

    select actions.*
    from actions
    where actions.created_date_id in (select affected_days.created_date_id from affected_days)

),

final as (

    select
        user_id,
        created_date_id as activity_date_id,
        min({{ to_local('created_at') }})::date as activity_date,
        min({{ local_month('created_at') }}) as activity_month,
        count(*) as actions_count,
        count(*) filter (where action = 'view') as views_count,
        count(*) filter (where action = 'login') as logins_count,
        count(*) filter (where action = 'create') as creates_count,
        count(*) filter (where action = 'update') as updates_count,
        count(*) filter (where action = 'delete') as deletes_count,
        count(distinct log_type) as log_types_count,
        min(created_at) as first_action_at,
        max(created_at) as last_action_at,
        max(action_log_id) as max_action_log_id

    from scoped
    group by user_id, created_date_id

)

select * from final
