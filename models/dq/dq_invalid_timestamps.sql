{{
    config(
        materialized='incremental',
        unique_key=['source_table', 'source_key'],
        on_schema_change='fail',
        indexes=[
            {'columns': ['source_table', 'source_key']},
        ],
        meta={
            'changed_keys': [{
                'feed': 'stg_techhub__core_actionlog', 'key': ["'core_actionlog'", 'feed.action_log_id::text'],
                'id': 'load_id', 'where': 'feed.created_at is null', 'loaded_where': "source_table = 'core_actionlog'",
                'vanished_of': 'stg_techhub__core_actionlog', 'rows': 'count(*)',
            }],
            'changed_keys_rebuilt': 'true',
        },
    )
}}

{#-
    One row per timestamp that staging nulled as invalid: before var('min_valid_timestamp')
    (2015-01-01) or more than a year after the build. Every timestamptz column of every source
    table (read from the dbt sources, whose types are checked against the source contract); the
    action log's one, created_at, included. Grain: (source_table, source_key, column_name).
    Incremental (macros/incremental/changed_keys.sql), keyed by the source row (source_table,
    source_key). Every run replaces the rows already flagged (meta changed_keys_rebuilt: a time
    more than a year ahead becomes valid as the build date moves) and the small tables' part,
    which this SQL emits whole on every run; of the action log it checks only the changed keys:
      - change detected: the log rows stg_techhub__core_actionlog loaded since the last run (its
        load_id) with a null created_at (staging nulls an invalid time; the source column is not
        null; a valid time never becomes invalid), the raw value read from the source by id;
      - a late row: staging loads it, so it is checked;
      - an update in place: the log is append-only (a full refresh takes an edit in); a small
        table's row is checked again on every run;
      - a deletion: a flagged row is checked again on every run and, gone, leaves.
-#}

{#- created_at is the action log's one timestamp column: checked from the staged nulls below -#}
{%- if execute and dq_timestamp_columns('core_actionlog') != ['created_at'] -%}
    {{ exceptions.raise_compiler_error("dq_invalid_timestamps checks created_at only: core_actionlog has " ~ dq_timestamp_columns('core_actionlog')) }}
{%- endif -%}

with

small_tables as (

    {% set ns = namespace(first=true) %}
    {% for table in techhub_source_tables() if table != 'core_actionlog' %}
        {%- set columns = dq_timestamp_columns(table) if execute else ['created_at'] %}
        {%- if columns %}
            {{ 'union all' if not ns.first }}
            {%- set ns.first = false %}
            select
                '{{ table }}' as source_table,
                source_row.{{ dq_source_key(table) }}::text as source_key,
                checks.column_name,
                checks.value

            from {{ source('techhub', table) }} as source_row
            cross join
                lateral (
                    values
                    {%- for column in columns %}
                        ('{{ column }}', source_row.{{ adapter.quote(column) }}){{ ',' if not loop.last }}
                    {%- endfor %}
                ) as checks (column_name, value)
            where
                -- only the (few) rows with an invalid time are expanded into one row per column
                (
                    {%- for column in columns %}
                        {{ is_invalid_timestamp('source_row.' ~ adapter.quote(column)) }}{{ ' or' if not loop.last }}
                    {%- endfor %}
                )
                and {{ is_invalid_timestamp('checks.value') }}
        {%- endif %}
    {% endfor %}

),

action_log_candidates as (

    -- a created_at staged as null is one the cleaning rejected: its raw value is fetched by
    -- primary key and checked again against this build's bounds
    select
        action_log.action_log_id,
        (
            select source_row.created_at
            from {{ source('techhub', 'core_actionlog') }} as source_row
            where source_row.id = action_log.action_log_id
        ) as raw_created_at

    from {{ ref('stg_techhub__core_actionlog') }} as action_log
    where
        action_log.created_at is null
        and {{ dq_changed_ids('core_actionlog', 'action_log.action_log_id') }}

),

action_log as (

    select
        'core_actionlog' as source_table,
        action_log_id::text as source_key,
        'created_at' as column_name,
        raw_created_at as value

    from action_log_candidates
    where {{ is_invalid_timestamp('raw_created_at') }}

),

unioned as (

    select * from small_tables
    union all
    select * from action_log

),

final as (

    select
        source_table,
        source_key,
        column_name,
        'invalid_timestamp' as issue,
        value::text as raw_value,
        case
            when value < '{{ var("min_valid_timestamp") }}'::timestamptz
                then 'before {{ var("min_valid_timestamp") }}'
            else 'more than a year after the build'
        end as detail,
        {{ build_timestamp() }} as detected_at

    from unioned

)

select * from final
