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
        post_hook=["{{ delete_vanished_keys('activity_date_id', ref('stg_techhub__core_actionlog'), 'upstream.created_date_id',
            'upstream.user_id is not null') }}"],
    )
}}

{#-
    One row per (user, local day) with at least one action-log row of that user. Rows without a
    user (anonymous) or without a valid time (no local day) are left out; user ids are kept as
    logged (a KPI that needs existing users joins dim_user).
    Incremental by local day (macros/marts/incremental.sql): a run recomputes, and replaces whole,
    every day with an action-log row newer than the last id loaded or in the lookback window, and
    every day whose rows differ from what was loaded (row count and sum of ids: a late row, a purge);
    a post-hook drops days that vanished. The action log's rows are not edited in place.
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
        and created_date_id is not null

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

        union

        select upstream.created_date_id
        from (
            select
                created_date_id,
                count(*) as actions_count,
                sum(action_log_id) as action_log_id_sum
            from actions
            group by created_date_id
        ) as upstream
        left join (
            select
                activity_date_id,
                sum(actions_count) as actions_count,
                sum(action_log_id_sum) as action_log_id_sum
            from {{ this }}
            group by activity_date_id
        ) as loaded
            on upstream.created_date_id = loaded.activity_date_id
        where
            loaded.activity_date_id is null
            or upstream.actions_count <> loaded.actions_count
            or upstream.action_log_id_sum <> loaded.action_log_id_sum
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
        max(action_log_id) as max_action_log_id,
        sum(action_log_id) as action_log_id_sum

    from scoped
    group by user_id, created_date_id

)

select * from final
