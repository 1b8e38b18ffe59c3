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
        post_hook=["{{ delete_vanished_keys_if_totals_differ('view_date_id', ref('stg_techhub__core_actionlog'),
            'coalesce(upstream.created_date_id, 0)',
            \"upstream.action = 'view' and upstream.log_type in ('event', 'vacancy', 'blog')
            and upstream.target_id is not null\",
            totals={'view_count': 'count(*)', 'action_log_id_sum': 'sum(upstream.action_log_id)'}) }}"],
    )
}}

{#-
    Views per (content type, content id, local day): action-log rows with action 'view' about an
    event, vacancy or blog whose primary_key resolved to a number. Orphan keys are kept here (the
    facts join on their own ids), so the result never depends on when a target row appeared.
    view_date_id is 0 for a view without a valid time: view_count counts every view row, dated
    or not.

    It reads stg_techhub__core_actionlog once, not the typed views
    stg_techhub__core_actionlog__<type>: the same rows (they add only the log_type and non-null
    target_id filters, and a left join to the target for an is_orphan flag not used here), but
    one index scan instead of three unioned into a materialized CTE.

    Incremental by day (the scheme of macros/marts/incremental.sql): day 0 and the days of rows
    after the watermark are recomputed. The per-day fingerprint comparison with the whole
    upstream, which finds an old day changed in place or deleted, runs only when the upstream's
    totals (rows, id sum and day-weighted id sum of the views up to the last id loaded) differ
    from the loaded ones: on the usual night nothing old changed, and comparing totals is one
    aggregate instead of a per-day join. The post-hook deleting vanished days is gated the same
    way (delete_vanished_keys_if_totals_differ). The rows to recompute are read through the
    staging model's created_at index: a local day's rows lie within two days of any of its rows
    (a margin for days longer than 24 hours, as Almaty's 2024-02-29).
-#}

with

views as not materialized (

    select
        log_type as content_type,
        target_id as content_id,
        action_log_id,
        user_id,
        created_at,
        coalesce(created_date_id, 0) as view_date_id
    from {{ ref('stg_techhub__core_actionlog') }}
    where
        action = 'view'
        and log_type in ('event', 'vacancy', 'blog')
        and target_id is not null

),

{% if is_incremental() %}

    {#- The loaded side's watermark and totals, read with query_row before the query is planned:
        as literals (not subqueries) they let the planner read the new rows through the staging
        model's action_log_id and created_at indexes. -#}
    {%- set loaded = query_row(
        "select coalesce(max(max_action_log_id), 0)::text as max_action_log_id,
            coalesce((least(max(last_view_at), " ~ build_timestamp() ~ ")
                - interval '" ~ var('incremental_lookback_days') ~ " days')::text, '') as lookback_start,
            coalesce(sum(view_count), 0)::text as view_count,
            coalesce(sum(action_log_id_sum), 0)::text as action_log_id_sum,
            coalesce(sum(action_log_id_sum * view_date_id), 0)::text as day_weighted_id_sum
        from " ~ this) -%}
    {%- set max_action_log_id = loaded.max_action_log_id -%}
    {%- set lookback_start = ("'" ~ loaded.lookback_start ~ "'::timestamptz") if loaded.lookback_start
        else 'null::timestamptz' -%}

    upstream_totals as (

        select
            count(*) as view_count,
            coalesce(sum(views.action_log_id), 0) as action_log_id_sum,
            coalesce(sum(views.action_log_id * views.view_date_id), 0) as day_weighted_id_sum
        from views
        where views.action_log_id <= {{ max_action_log_id }}

    ),

    affected_days as (

        select
            views.view_date_id,
            min(views.created_at) as first_view_at
        from views
        where
            views.action_log_id > {{ max_action_log_id }}
            or views.created_at >= {{ lookback_start }}
            or views.created_at is null
        group by views.view_date_id

        union all

        select
            upstream.view_date_id,
            upstream.first_view_at
        from (
            select
                view_date_id,
                count(*) as view_count,
                sum(action_log_id) as action_log_id_sum,
                min(created_at) as first_view_at
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
            (
                select
                    upstream_totals.view_count <> {{ loaded.view_count }}
                    or upstream_totals.action_log_id_sum <> {{ loaded.action_log_id_sum }}
                    or upstream_totals.day_weighted_id_sum <> {{ loaded.day_weighted_id_sum }}
                from upstream_totals
            )
            and (
                loaded.view_date_id is null
                or upstream.view_count <> loaded.view_count
                or upstream.action_log_id_sum <> loaded.action_log_id_sum
            )

    ),

    scoped as (

        select views.*
        from views
        where
            views.view_date_id in (select affected_days.view_date_id from affected_days)
            and (
                views.created_at is null
                or views.created_at >= (
                    select min(affected_days.first_view_at) from affected_days
                ) - interval '2 days'
            )

    ),

{% else %}

    scoped as (

        select * from views

    ),

{% endif %}

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
