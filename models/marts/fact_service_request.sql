{{
    config(
        materialized='incremental',
        unique_key='request_id',
        on_schema_change='fail',
        meta={'changed_keys': [{
            'feed': 'int_service_request_stages', 'key': ['feed.request_id'], 'id': 'load_id',
            'vanished_of': 'int_service_request_stages', 'rows': 'count(*)',
        }]},
        indexes=[
            {'columns': ['service_code']},
            {'columns': ['company_id']},
            {'columns': ['user_id']},
            {'columns': ['created_date_id']},
            {'columns': ['status']},
        ],
    )
}}

{#-
    One row per service request. is_approved = 1 when the request ever reached approved or
    success (its status or any log row), is_rejected = 1 when its status is reject;
    days_to_process from the first 'sent' log row (else sent_at) to the first success/reject
    log row (else closed_at), null while open or when not positive.
    Incremental (macros/incremental/changed_keys.sql), keyed by request: it publishes the rows
    int_service_request_stages rewrote since the last run (its load_id), where late rows,
    updates in place and deletions are detected (see that model); a request that vanished there
    vanishes here.
-#}

with

requests as (

    select * from {{ ref('int_service_request_stages') }}
    where {{ changed_keys_filter('request_id') }}

),

final as (

    select
        request_id,
        number as request_number,
        user_id,
        company_id,
        service_id,
        service_code,
        created_at,
        created_date_id,
        {{ local_month('created_at') }} as created_month,
        status,
        first_sent_at as sent_at,
        first_sent_date_id as sent_date_id,
        first_closed_at as closed_at,
        first_closed_date_id as closed_date_id,
        days_to_process::numeric(12, 2) as days_to_process,
        case when reached_approved then 1 else 0 end as is_approved,
        case when status = 'reject' then 1 else 0 end as is_rejected,
        case when reached_sent then 1 else 0 end as reached_sent,
        case when reached_approved then 1 else 0 end as reached_approved,
        case when reached_success then 1 else 0 end as reached_success,
        case when reached_reject then 1 else 0 end as reached_reject,
        log_rows,
        updated_at

    from requests

)

select * from final
