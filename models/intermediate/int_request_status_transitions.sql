{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='request_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['request_log_id'], 'unique': true},
            {'columns': ['request_id']},
        ],
        post_hook=["{{ delete_vanished_keys('request_id', ref('stg_techhub__service_servicerequestlog')) }}"],
    )
}}

{#-
    One row per request-log row, with its place in the request's history. Incremental by request
    (macros/marts/incremental.sql): a run recomputes every log row of the requests that have a log
    row newer than the last id loaded, or created in the last var('incremental_lookback_days') days,
    or whose log differs from what was loaded (a late row dated weeks ago, a changed or deleted
    row: compared by row count and fingerprint); a post-hook drops requests whose log vanished.
    Recomputing whole requests also refreshes the neighbours of a late or out-of-order row.
-#}

with

request_log as (

    select
        *,
        {{ row_fingerprint(['request_log_id', 'status_from', 'status_to', 'author_id', 'created_at']) }}
            as row_fingerprint

    from {{ ref('stg_techhub__service_servicerequestlog') }}

),

affected_requests as (

    select distinct request_log.request_id
    from request_log
    {% if is_incremental() %}
        where
            request_log.request_log_id > (select coalesce(max(loaded.request_log_id), 0) from {{ this }} as loaded)
            or request_log.created_at >= (
                select least(max(loaded.created_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'

        union

        select upstream.request_id
        from (
            select
                request_id,
                count(*) as log_rows,
                sum(row_fingerprint) as fingerprint
            from request_log
            group by request_id
        ) as upstream
        left join (
            select
                request_id,
                count(*) as log_rows,
                sum(row_fingerprint) as fingerprint
            from {{ this }}
            group by request_id
        ) as loaded
            on upstream.request_id = loaded.request_id
        where
            loaded.request_id is null
            or upstream.log_rows <> loaded.log_rows
            or upstream.fingerprint <> loaded.fingerprint
    {% endif %}

),

scoped as (

    select request_log.*
    from request_log
    where request_log.request_id in (select affected_requests.request_id from affected_requests)

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
        row_fingerprint,
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
        created_at,
        created_date_id,
        transition_number,
        previous_status_to,
        {{ duration_hours('previous_created_at', 'created_at') }} as hours_since_previous,
        coalesce(status_from is not null and status_from <> coalesce(previous_status_to, status_from), false)
            as is_out_of_sequence,
        row_fingerprint

    from sequenced

)

select * from final
