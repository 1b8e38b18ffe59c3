{{
    config(
        materialized='incremental',
        unique_key='request_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['request_id'], 'unique': true},
            {'columns': ['load_id']},
        ],
        meta={'changed_keys': [
            {
                'feed': 'stg_techhub__service_servicerequest', 'key': ['feed.request_id'], 'id': 'request_id',
                'changed_at': 'updated_at', 'rows': 'count(*)',
            },
            {
                'feed': 'int_request_status_transitions', 'key': ['feed.request_id'], 'id': 'request_log_id',
                'changed_at': 'created_at', 'rows': 'sum(log_rows)',
            },
            {'feed': 'stg_techhub__service_service', 'mode': 'lookup'},
        ]},
    )
}}

{#-
    One row per service request with the workflow stages it reached (docs/kpi_services.md,
    "Reaching a stage": the current status or any log row's status_to), its first sent and first
    close times from the log, and days_to_process. fact_service_request publishes it.
    Reads the staged requests and the request log (through the view int_request_status_transitions),
    both narrowed to the requests it reloads, and the staged service catalogue (for service_code).
    Incremental (macros/incremental/changed_keys.sql), keyed by request:
      - change detected: requests with an id above the last one read or an updated_at in the
        lookback window; log rows with an id above the last one read or created in the window;
        any change to the small service catalogue reloads every request;
      - a late row: a log row with a new id, or committed late with its time in the window;
      - an update in place: a request's updated_at moves (Django's auto_now); a log row is
        append-only (an edit is taken in while its time is in the window);
      - a deletion: a count and id sum up to the last id read fall; then the requests whose rows
        no longer add up are reloaded, and a request deleted from the source disappears.
    load_id numbers the build that last wrote a row: fact_service_request follows it.
-#}

with

requests as (

    select * from {{ ref('stg_techhub__service_servicerequest') }}
    where {{ changed_keys_filter('request_id') }}

),

services as (

    select * from {{ ref('stg_techhub__service_service') }}

),

transitions as (

    select * from {{ ref('int_request_status_transitions') }}
    where {{ changed_keys_filter('request_id') }}

),

log_rollup as (

    select
        request_id,
        count(*) as log_rows,
        bool_or(status_to in ('sent', 'approved', 'success', 'reject')) as log_reached_sent,
        bool_or(status_to in ('approved', 'success')) as log_reached_approved,
        bool_or(status_to = 'success') as log_reached_success,
        bool_or(status_to = 'reject') as log_reached_reject,
        min(created_at) filter (where status_to = 'sent') as first_sent_log_at,
        min(created_at) filter (where status_to in ('success', 'reject')) as first_close_log_at,
        max(created_at) as last_transition_at

    from transitions
    group by request_id

),

joined as (

    select
        requests.request_id,
        requests.number,
        requests.service_id,
        services.code as service_code,
        requests.user_id,
        requests.company_id,
        requests.status,
        requests.created_at,
        requests.created_date_id,
        requests.sent_at,
        requests.closed_at,
        requests.updated_at,
        coalesce(log_rollup.log_rows, 0) as log_rows,
        log_rollup.last_transition_at,
        requests.status in ('sent', 'approved', 'success', 'reject')
        or coalesce(log_rollup.log_reached_sent, false) as reached_sent,
        requests.status in ('approved', 'success')
        or coalesce(log_rollup.log_reached_approved, false) as reached_approved,
        requests.status = 'success'
        or coalesce(log_rollup.log_reached_success, false) as reached_success,
        requests.status = 'reject'
        or coalesce(log_rollup.log_reached_reject, false) as reached_reject,
        coalesce(log_rollup.first_sent_log_at, requests.sent_at) as first_sent_at,
        coalesce(log_rollup.first_close_log_at, requests.closed_at) as first_closed_at

    from requests
    left join services
        on requests.service_id = services.service_id
    left join log_rollup
        on requests.request_id = log_rollup.request_id

),

final as (

    select
        request_id,
        number,
        service_id,
        service_code,
        user_id,
        company_id,
        status,
        created_at,
        created_date_id,
        sent_at,
        closed_at,
        updated_at,
        log_rows,
        last_transition_at,
        coalesce(reached_sent, false) as reached_sent,
        coalesce(reached_approved, false) as reached_approved,
        coalesce(reached_success, false) as reached_success,
        coalesce(reached_reject, false) as reached_reject,
        first_sent_at,
        {{ local_date_id('first_sent_at') }} as first_sent_date_id,
        first_closed_at,
        {{ local_date_id('first_closed_at') }} as first_closed_date_id,
        -- open requests have no processing time; an interval that is not positive has none either
        case
            when status in ('success', 'reject') and first_closed_at > first_sent_at
                then {{ duration_days('first_sent_at', 'first_closed_at') }}
        end as days_to_process,
        {{ changed_keys_load_id() }} as load_id

    from joined

)

select * from final
