{{
    config(
        materialized='incremental',
        unique_key=['content_type', 'content_id'],
        on_schema_change='fail',
        indexes=[
            {'columns': ['content_type', 'content_id'], 'unique': true},
        ],
        meta={'changed_keys': [{
            'feed': 'stg_techhub__core_actionlog', 'key': ['feed.log_type', 'feed.target_id'], 'id': 'load_id',
            'where': "feed.action = 'view' and feed.log_type in ('event', 'vacancy', 'blog') and feed.target_id is not null",
            'vanished_of': 'stg_techhub__core_actionlog', 'rows': 'sum(view_count)',
        }]},
    )
}}

{#-
    Views per content item: the action-log rows with action 'view' about an event, vacancy or blog
    whose primary_key resolved to a number, counted over all time (fact_event and fact_vacancy
    take view_count). Orphan keys are kept (the facts join on their own ids), so the result never
    depends on when a target row appeared. A view without a valid time still counts.
    Incremental (macros/incremental/changed_keys.sql), keyed by (content_type, content_id):
      - change detected: view rows loaded by stg_techhub__core_actionlog since the last run (its
        load_id); each item viewed is recounted over all its views (the staging index on
        (target_id, log_type) reads them);
      - a late row: staging loads it, so its item is recounted;
      - an update in place: the log is append-only (a full refresh takes an edit in);
      - a deletion: staging counts the rows it deleted; then the items whose view count no
        longer matches the log are recounted, and an item left without views disappears.
-#}

with

views as (

    select
        log_type as content_type,
        target_id as content_id,
        user_id,
        created_at

    from {{ ref('stg_techhub__core_actionlog') }}
    where
        action = 'view'
        and log_type in ('event', 'vacancy', 'blog')
        and target_id is not null
        and {{ changed_keys_filter(['log_type', 'target_id']) }}

),

final as (

    select
        content_type,
        content_id,
        count(*) as view_count,
        count(*) filter (where user_id is null) as anonymous_view_count,
        count(distinct user_id) as distinct_viewers,
        min(created_at) as first_view_at,
        max(created_at) as last_view_at

    from views
    group by content_type, content_id

)

select * from final
