{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='request_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['request_id']},
            {'columns': ['transition_date_id']},
            {'columns': ['status_to']},
        ],
        post_hook=["{{ delete_vanished_keys('request_id', ref('int_request_status_transitions'),
            only_when='(select count(*) from ' ~ this ~ ')
                <> (select count(*) from ' ~ ref('int_request_status_transitions') ~ ')') }}"],
    )
}}

{#-
    One row per request-log row: a status transition of a service request, with its place in the
    request's history (ordered by time, invalid times last, then id). Log rows of requests missing
    from the source are kept (request_id then has no match in fact_service_request).
    Incremental by request, replaced whole so that a late or out-of-order row also renumbers its
    neighbours: a run reloads every request with a log row newer than the last id loaded or in the
    lookback window. The log is append-only (a late row gets a new id); the one other change, rows
    deleted from it, shows in the count and id sum of the rows up to the last id loaded, and only
    then are the requests compared one by one (and a post-hook, under a count check, drops requests
    whose whole log vanished). The watermarks are read while the model compiles (query_row), so
    the statement filters on literals.
-#}

{%- if is_incremental() -%}
    {%- set loaded = query_row(
        "select coalesce(max(request_log_id), 0) as max_request_log_id,
            coalesce((least(max(transitioned_at), " ~ build_timestamp() ~ ")
                - interval '" ~ var('incremental_lookback_days') ~ " days')::text, '-infinity') as lookback_start,
            count(*) as log_rows,
            coalesce(sum(request_log_id), 0) as request_log_id_sum
        from " ~ this) -%}
    {%- set upstream = query_row(
        "select count(*) as log_rows, coalesce(sum(request_log_id), 0) as request_log_id_sum
        from " ~ ref('int_request_status_transitions') ~ "
        where request_log_id <= " ~ loaded.max_request_log_id) -%}
    {%- set loaded_rows_changed = upstream.log_rows != loaded.log_rows
        or upstream.request_log_id_sum != loaded.request_log_id_sum -%}
{%- endif %}

with

{% if is_incremental() %}
    affected_requests as (

        select transitions.request_id
        from {{ ref('int_request_status_transitions') }} as transitions
        where
            transitions.request_log_id > {{ loaded.max_request_log_id }}
            or transitions.created_at >= '{{ loaded.lookback_start }}'::timestamptz
        {%- if loaded_rows_changed %}

            union

            select upstream.request_id
            from (
                select
                    request_id,
                    count(*) as log_rows,
                    sum(request_log_id) as request_log_id_sum
                from {{ ref('int_request_status_transitions') }}
                where request_log_id <= {{ loaded.max_request_log_id }}
                group by request_id
            ) as upstream
            left join (
                select
                    request_id,
                    count(*) as log_rows,
                    sum(request_log_id) as request_log_id_sum
                from {{ this }}
                group by request_id
            ) as loaded_requests
                on upstream.request_id = loaded_requests.request_id
            where
                loaded_requests.request_id is null
                or upstream.log_rows <> loaded_requests.log_rows
                or upstream.request_log_id_sum <> loaded_requests.request_log_id_sum
        {%- endif %}

    ),
{% endif %}

scoped as (

    select
        transitions.request_log_id,
        transitions.request_id,
        transitions.status_from,
        transitions.status_to,
        transitions.author_id,
        transitions.created_at,
        transitions.created_date_id

    from {{ ref('int_request_status_transitions') }} as transitions
    {% if is_incremental() %}
        where transitions.request_id in (select affected_requests.request_id from affected_requests)
    {% endif %}

),

sequenced as (

    select
        request_log_id,
        request_id,
        status_from,
        status_to,
        author_id,
        created_at,
        created_date_id,
        row_number() over request_history as transition_number,
        lag(status_to) over request_history as previous_status_to,
        lag(created_at) over request_history as previous_created_at

    from scoped
    window request_history as (partition by request_id order by created_at asc nulls last, request_log_id asc)

),

final as (

    select
        request_log_id,
        request_id,
        status_from,
        status_to,
        author_id,
        created_at as transitioned_at,
        created_date_id as transition_date_id,
        transition_number,
        previous_status_to,
        {{ duration_hours('previous_created_at', 'created_at') }}::numeric(14, 2) as hours_since_previous,
        coalesce(status_from is not null and status_from <> coalesce(previous_status_to, status_from), false)
            as is_out_of_sequence

    from sequenced

)

select * from final
