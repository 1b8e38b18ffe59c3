{{
    config(
        materialized='incremental',
        unique_key='request_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['request_log_id'], 'unique': true},
            {'columns': ['request_id']},
            {'columns': ['transition_date_id']},
            {'columns': ['status_to']},
        ],
        meta={'changed_keys': [{
            'feed': 'int_request_status_transitions', 'key': ['feed.request_id'], 'id': 'request_log_id',
            'changed_at': 'created_at', 'rows': 'count(*)',
        }]},
    )
}}

{#-
    One row per request-log row: a status transition of a service request, with its place in the
    request's history (ordered by time, invalid times last, then id). Log rows of requests missing
    from the source are kept (request_id then has no match in fact_service_request).
    Incremental (macros/incremental/changed_keys.sql), keyed by request, replaced whole so that a
    late or out-of-order row also renumbers its neighbours:
      - change detected: log rows with an id above the last one read, or created in the lookback
        window;
      - a late row: a new id (whatever its time) or, for a late commit, its time in the window;
      - an update in place: the log is append-only; an edited row is taken in while its time is
        in the lookback window, later only by a full refresh;
      - a deletion: the log's count and id sum up to the last id read fall; then the requests
        whose row count no longer matches are reloaded, and a request without rows disappears.
-#}

with

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
    where {{ changed_keys_filter('transitions.request_id') }}

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
