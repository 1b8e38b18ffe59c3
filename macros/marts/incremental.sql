{#
    Helpers of the incremental models over growing tables (action log, request log, participants,
    candidates). Each such model is replaced key by key (delete+insert on its partition key: a day,
    a request, an event, a vacancy). A run recomputes every key that
      - has a source row newer than the last id loaded, or created in the lookback window
        (var incremental_lookback_days), or
      - whose fingerprint (row count and a sum of per-row hashes) differs from what was loaded:
        a late row dated weeks ago, a row changed in place (a participant's status has no
        updated_at), or a row deleted in the source;
    and a post-hook deletes the keys that vanished from the source altogether. So an incremental
    run equals a full refresh, at the price of one aggregate scan of the upstream per run.
#}

{# A bigint hash of some columns' values (null-safe), summed per key into a fingerprint. #}
{% macro row_fingerprint(columns) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'techhub_dwh')(columns)) }}
{%- endmacro %}

{% macro default__row_fingerprint(columns) -%}
    hashtext(concat_ws('|', {% for column in columns %}coalesce({{ column }}::text, '~'){{ ", " if not loop.last }}{% endfor %}))::bigint
{%- endmacro %}

{#
    Post-hook: delete the rows of {{ this }} whose key no longer has any row upstream (a key
    whose upstream rows were all deleted never reaches delete+insert). `upstream_key` is an
    expression over the alias `upstream` (default: upstream.<key>). `only_when`, a condition with
    no reference to the rows (cheap totals, say), skips the anti-join when it is false: PostgreSQL
    evaluates such a condition once, before scanning anything. A full refresh has nothing to
    delete: the statement is then a no-op.
#}
{% macro delete_vanished_keys(key, upstream, upstream_key=none, upstream_filter=none, only_when=none) -%}
    {%- if not is_incremental() -%}
        {{ return('select 1') }}
    {%- endif -%}
    delete from {{ this }} as loaded
    where
        {%- if only_when %}
        ({{ only_when }}) and
        {%- endif %}
        not exists (
            select 1
            from {{ upstream }} as upstream
            where
                {{ upstream_key or ('upstream.' ~ key) }} = loaded.{{ key }}
                {%- if upstream_filter %}
                and {{ upstream_filter }}
                {%- endif %}
        )
{%- endmacro %}

{#
    The first row of a query, as a dict, run while the model compiles (empty at parse time).
    Incremental models read their watermarks through it, so that the SQL they run compares
    against literals: the planner then sees how few rows are new and uses the indexes, where a
    subquery's unknown value would have it scan the whole table.
#}
{% macro query_row(sql) -%}
    {%- if not execute -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set table = run_query(sql) -%}
    {{ return(dict(zip(table.column_names, table.rows[0]))) }}
{%- endmacro %}

{#
    The plan of an incremental run of fact_user_activity_daily (see its header), read while the
    model compiles: the local days to reload (date_ids, comma-separated) and a time before all of
    them (scan_from, a day early whatever the business time zone's offset). A macro rather than
    inline Jinja: the model stays readable, and sqlfluff lints SQL, not string building.
#}
{% macro user_activity_days_to_reload() -%}
    {%- set loaded = query_row(
        "select coalesce(max(max_action_log_id), 0) as max_action_log_id,
            coalesce((least(max(last_action_at), " ~ build_timestamp() ~ ")
                - interval '" ~ var('incremental_lookback_days') ~ " days')::text, '-infinity') as lookback_start,
            coalesce(sum(actions_count), 0) as actions_count
        from " ~ this) -%}
    {%- set upstream = query_row(
        "select count(*) as actions_count from " ~ ref('int_user_actions')
        ~ " where action_log_id <= " ~ loaded.max_action_log_id) -%}

    {%- set affected_days_sql -%}
        select actions.created_date_id
        from {{ ref('int_user_actions') }} as actions
        where
            actions.action_log_id > {{ loaded.max_action_log_id }}
            or actions.created_at >= '{{ loaded.lookback_start }}'::timestamptz
        {%- if upstream.actions_count != loaded.actions_count %}
            union
            select upstream.created_date_id
            from (
                select created_date_id, count(*) as actions_count
                from {{ ref('int_user_actions') }}
                where action_log_id <= {{ loaded.max_action_log_id }}
                group by created_date_id
            ) as upstream
            left join (
                select activity_date_id, sum(actions_count) as actions_count
                from {{ this }}
                group by activity_date_id
            ) as loaded_days
                on upstream.created_date_id = loaded_days.activity_date_id
            where loaded_days.activity_date_id is null or upstream.actions_count <> loaded_days.actions_count
        {%- endif %}
    {%- endset -%}

    {#- the days, and a time before all of them (a day early: any offset of the business time zone) -#}
    {{- return(query_row(
        "select coalesce(string_agg(distinct created_date_id::text, ', '), '') as date_ids,
            coalesce((to_date(min(created_date_id)::text, 'YYYYMMDD') - 1)::text, 'infinity') as scan_from
        from (" ~ affected_days_sql ~ ") as affected_days")) -}}
{%- endmacro %}
