{%- set columns = [
    'user_id', 'activity_date_id', 'activity_date', 'activity_month', 'actions_count', 'views_count',
    'logins_count', 'creates_count', 'updates_count', 'deletes_count', 'log_types_count',
    'first_action_at', 'last_action_at', 'max_action_log_id',
] -%}

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
        post_hook=["{{ delete_vanished_keys('activity_date_id', ref('int_user_activity_daily')) }}"],
    )
}}

{#-
    One row per (user, local day) with at least one action-log row of that user: the daily
    activity fact behind MAU. Incremental by day (macros/marts/incremental.sql): the days whose
    rows in int_user_activity_daily differ from the ones loaded here (row count and a fingerprint
    of every column), or that are in the lookback window, are replaced whole; vanished days are
    dropped. user_id is the logged id, not checked against account_user (a KPI joins dim_user).
-#}

with

activity as (

    select
        {% for column in columns %}{{ column }},
        {% endfor -%}
        {{ row_fingerprint(columns) }} as row_fingerprint

    from {{ ref('int_user_activity_daily') }}

),

affected_days as (

    select distinct activity.activity_date_id
    from activity
    {% if is_incremental() %}
        where
            activity.last_action_at >= (
                select least(max(loaded.last_action_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'

        union

        select upstream.activity_date_id
        from (
            select
                activity_date_id,
                count(*) as user_days,
                sum(row_fingerprint) as fingerprint
            from activity
            group by activity_date_id
        ) as upstream
        left join (
            select
                activity_date_id,
                count(*) as user_days,
                sum({{ row_fingerprint(columns) }}) as fingerprint
            from {{ this }}
            group by activity_date_id
        ) as loaded
            on upstream.activity_date_id = loaded.activity_date_id
        where
            loaded.activity_date_id is null
            or upstream.user_days <> loaded.user_days
            or upstream.fingerprint <> loaded.fingerprint
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
