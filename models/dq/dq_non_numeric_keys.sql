{{
    config(
        materialized='incremental',
        unique_key=['source_table', 'source_key'],
        on_schema_change='fail',
        indexes=[
            {'columns': ['source_table', 'source_key'], 'unique': true},
        ],
        meta={'changed_keys': [{
            'feed': 'stg_techhub__core_actionlog', 'key': ["'core_actionlog'", 'feed.action_log_id::text'],
            'id': 'load_id', 'where': 'feed.target_id is null',
            'vanished_of': 'stg_techhub__core_actionlog', 'rows': 'count(*)',
        }]},
    )
}}

{#-
    One row per action-log row whose primary_key is not a number after trim (staging keeps the row
    with a null target_id), with the raw key. Grain: one row per such core_actionlog row. (A
    comment's non-numeric key sets the row aside: dq_set_aside.)
    Incremental (macros/incremental/changed_keys.sql), keyed by (source_table, source_key):
      - change detected: the rows stg_techhub__core_actionlog loaded since the last run (its
        load_id) with a null target_id; a log row's key never changes, so nothing is re-checked;
      - a late row: staging loads it, so it is checked;
      - an update in place: the log is append-only (a full refresh takes an edit in);
      - a deletion: staging counts the log rows it deleted; then its rows with a null target_id
        are compared with the rows here, and those whose log row is gone are deleted.
-#}

with

action_log as (

    select action_log.action_log_id

    from {{ ref('stg_techhub__core_actionlog') }} as action_log
    where
        action_log.target_id is null
        and {{ dq_changed_ids('core_actionlog', 'action_log.action_log_id') }}

),

final as (

    select
        'core_actionlog' as source_table,
        action_log.action_log_id::text as source_key,
        'primary_key' as column_name,
        'non_numeric_key' as issue,
        (
            select source_row.primary_key::text
            from {{ source('techhub', 'core_actionlog') }} as source_row
            where source_row.id = action_log.action_log_id
        ) as raw_value,
        'primary_key is not a number after trim: target_id is null' as detail,
        {{ build_timestamp() }} as detected_at

    from action_log

)

select * from final
