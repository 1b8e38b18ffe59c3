{{ config(meta={'dagster': {'ref': {'name': 'fact_service_request'}}}) }}
{#-
    fact_service_request's processing times against the request and its log read straight from
    the source (cleaned with the staging macros), not through int_service_request_stages:
    sent_at = the first log row with status_to sent (else the request's sent_at), closed_at = the
    first log row with status_to success or reject (else its closed_at), and days_to_process =
    (closed_at - sent_at) in days rounded to 2 decimals, only for a request whose status is success
    or reject and whose close is after its sending, else null (warehouse.md). A request closed
    within about 7 minutes of its sending has 0.00 days: a value, not an error.
    A nightly build checks the requests it reloaded (the test window of the incremental model:
    macros/incremental/test_window.sql), a full refresh every request. Returns the requests where
    the fact and the source disagree.
-#}

{%- set request_statuses = ['draft', 'sent', 'approved', 'success', 'reject'] %}
{%- set window = changed_keys_test_window(ref('fact_service_request')) %}

with

source_requests as (

    select
        id as request_id,
        {{ clean_enum('status', request_statuses) }} as status,
        {{ clean_timestamp('sent_at') }} as sent_at,
        {{ clean_timestamp('closed_at') }} as closed_at

    from {{ source('techhub', 'service_servicerequest') }}

),

requests as (

    select * from source_requests
    {% if window %}where {{ window }}{% endif %}

),

log_rows as (

    select
        request_id,
        {{ clean_enum('status_to', request_statuses) }} as status_to,
        {{ clean_timestamp('created_at') }} as created_at

    from {{ source('techhub', 'service_servicerequestlog') }}
    {% if window %}where {{ window }}{% endif %}

),

log_times as (

    select
        request_id,
        min(created_at) filter (where status_to = 'sent') as first_sent_at,
        min(created_at) filter (where status_to in ('success', 'reject')) as first_closed_at

    from log_rows
    group by request_id

),

times as (

    select
        requests.request_id,
        requests.status,
        coalesce(log_times.first_sent_at, requests.sent_at) as sent_at,
        coalesce(log_times.first_closed_at, requests.closed_at) as closed_at

    from requests
    left join log_times
        on requests.request_id = log_times.request_id

),

expected as (

    select
        request_id,
        status,
        sent_at,
        closed_at,
        case
            when status in ('success', 'reject') and closed_at > sent_at
                then round((extract(epoch from closed_at - sent_at) / 86400)::numeric, 2)
        end as days_to_process

    from times

),

facts as (

    select * from {{ ref('fact_service_request') }}
    {% if window %}where {{ window }}{% endif %}

)

select
    coalesce(facts.request_id, expected.request_id) as request_id,
    expected.status as source_status,
    facts.sent_at,
    expected.sent_at as source_sent_at,
    facts.closed_at,
    expected.closed_at as source_closed_at,
    facts.days_to_process,
    expected.days_to_process as source_days_to_process

from facts
full outer join expected
    on facts.request_id = expected.request_id
where
    (facts.sent_at, facts.closed_at, facts.days_to_process)
    is distinct from (expected.sent_at, expected.closed_at, expected.days_to_process)
