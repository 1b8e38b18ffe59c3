{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='view_date_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['content_type', 'content_id']},
            {'columns': ['view_date_id']},
        ],
        post_hook=["{{ delete_vanished_keys('view_date_id', ref('stg_techhub__core_actionlog'),
            'coalesce(upstream.created_date_id, 0)',
            \"upstream.action = 'view' and upstream.log_type in ('event', 'vacancy', 'blog')
            and upstream.target_id is not null\") }}"],
    )
}}

{#-
    Views per (content type, content id, local day), from the typed action-log models: rows with
    action 'view' whose primary_key resolved to a number. Orphan keys are kept here (the facts
    join on their own ids), so the result never depends on when a target row appeared.
    view_date_id is 0 for a view without a valid time: view_count counts every view row, dated
    or not. Incremental by day as int_user_activity_daily (macros/marts/incremental.sql); day 0
    is recomputed on every run.
-#}

with

views as (

    {% for content_type in ['event', 'vacancy', 'blog'] %}
        select
            '{{ content_type }}' as content_type,
            target_id as content_id,
            action_log_id,
            user_id,
            created_at,
            coalesce(created_date_id, 0) as view_date_id
        from {{ ref('stg_techhub__core_actionlog__' ~ content_type) }}
        where action = 'view'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

affected_days as (

    select distinct views.view_date_id
    from views
    {% if is_incremental() %}
        where
            views.action_log_id > (select coalesce(max(loaded.max_action_log_id), 0) from {{ this }} as loaded)
            or views.created_at >= (
                select least(max(loaded.last_view_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'
            or views.view_date_id = 0

        union

        select upstream.view_date_id
        from (
            select
                view_date_id,
                count(*) as view_count,
                sum(action_log_id) as action_log_id_sum
            from views
            group by view_date_id
        ) as upstream
        left join (
            select
                view_date_id,
                sum(view_count) as view_count,
                sum(action_log_id_sum) as action_log_id_sum
            from {{ this }}
            group by view_date_id
        ) as loaded
            on upstream.view_date_id = loaded.view_date_id
        where
            loaded.view_date_id is null
            or upstream.view_count <> loaded.view_count
            or upstream.action_log_id_sum <> loaded.action_log_id_sum
    {% endif %}

),

scoped as (

    select views.*
    from views
    where views.view_date_id in (select affected_days.view_date_id from affected_days)

),

final as (

    select
        content_type,
        content_id,
        view_date_id,
        count(*) as view_count,
        count(*) filter (where user_id is null) as anonymous_view_count,
        count(distinct user_id) as distinct_viewers,
        max(created_at) as last_view_at,
        max(action_log_id) as max_action_log_id,
        sum(action_log_id) as action_log_id_sum

    from scoped
    group by content_type, content_id, view_date_id

)

select * from final
