{{ config(meta={'dagster': {'ref': {'name': 'fact_service_request'}}}) }}
{#-
    fact_service_request's stage flags against the request and its log read straight from the
    source (cleaned with the staging macros), not through int_service_request_stages, which
    computes them: reached_sent, reached_approved, reached_success, reached_reject are 1 exactly
    when the request's status or any of its log rows' status_to reached the stage (warehouse.md,
    "Reaching a stage"), is_approved = reached_approved (so a request that reached success is
    approved), is_rejected = 1 exactly when its status is reject; and the fact holds exactly the
    source's requests.
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
        {{ clean_enum('status', request_statuses) }} as status

    from {{ source('techhub', 'service_servicerequest') }}

),

requests as (

    select * from source_requests
    {% if window %}where {{ window }}{% endif %}

),

log_rows as (

    select
        request_id,
        {{ clean_enum('status_to', request_statuses) }} as status_to

    from {{ source('techhub', 'service_servicerequestlog') }}
    {% if window %}where {{ window }}{% endif %}

),

log_stages as (

    select
        request_id,
        bool_or(status_to in ('sent', 'approved', 'success', 'reject')) as reached_sent,
        bool_or(status_to in ('approved', 'success')) as reached_approved,
        bool_or(status_to = 'success') as reached_success,
        bool_or(status_to = 'reject') as reached_reject

    from log_rows
    group by request_id

),

expected as (

    select
        requests.request_id,
        requests.status,
        (requests.status in ('sent', 'approved', 'success', 'reject') or log_stages.reached_sent is true)::int
            as reached_sent,
        (requests.status in ('approved', 'success') or log_stages.reached_approved is true)::int as reached_approved,
        (requests.status = 'success' or log_stages.reached_success is true)::int as reached_success,
        (requests.status = 'reject' or log_stages.reached_reject is true)::int as reached_reject,
        (requests.status = 'reject')::int as is_rejected

    from requests
    left join log_stages
        on requests.request_id = log_stages.request_id

),

facts as (

    select * from {{ ref('fact_service_request') }}
    {% if window %}where {{ window }}{% endif %}

)

select
    coalesce(facts.request_id, expected.request_id) as request_id,
    expected.status as source_status,
    facts.reached_sent,
    expected.reached_sent as source_reached_sent,
    facts.reached_approved,
    expected.reached_approved as source_reached_approved,
    facts.reached_success,
    expected.reached_success as source_reached_success,
    facts.reached_reject,
    expected.reached_reject as source_reached_reject,
    facts.is_approved,
    facts.is_rejected,
    expected.is_rejected as source_is_rejected

from facts
full outer join expected
    on facts.request_id = expected.request_id
where
    (
        facts.reached_sent, facts.reached_approved, facts.reached_success, facts.reached_reject,
        facts.is_approved, facts.is_rejected
    ) is distinct from (
        expected.reached_sent, expected.reached_approved, expected.reached_success, expected.reached_reject,
        expected.reached_approved, expected.is_rejected
    )
