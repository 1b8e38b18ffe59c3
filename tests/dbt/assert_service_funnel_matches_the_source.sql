{{ config(meta={'dagster': {'ref': {'name': 'kpi_service_funnel'}}}, tags=['whole_source']) }}
{#-
    kpi_service_funnel against the requests and the request log read straight from the source
    (cleaned with the staging macros), not through int_service_request_stages and
    fact_service_request, which compute the stage flags the model sums. For every service (by
    code) and local month of creation: drafts = the requests, and sent, approved, succeeded,
    rejected = those whose status, or any log row's status_to, reached the stage (warehouse.md,
    "Reaching a stage"). Every cell must agree, and the funnel must hold exactly the (service,
    month) pairs that have requests. Returns the cells that differ.
-#}

{%- set request_statuses = ['draft', 'sent', 'approved', 'success', 'reject'] %}

with

requests as (

    select
        requests.id as request_id,
        trim(services.code) as service_code,
        {{ local_month(clean_timestamp('requests.created_at')) }} as month,
        {{ clean_enum('requests.status', request_statuses) }} as status

    from {{ source('techhub', 'service_servicerequest') }} as requests
    inner join {{ source('techhub', 'service_service') }} as services
        on requests.service_id = services.id

),

log_rows as (

    select
        request_id,
        {{ clean_enum('status_to', request_statuses) }} as status_to

    from {{ source('techhub', 'service_servicerequestlog') }}

),

-- what the log says each request reached, whatever order its rows came in
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
        requests.service_code,
        requests.month,
        count(*) as drafts,
        count(*) filter (
            where requests.status in ('sent', 'approved', 'success', 'reject') or log_stages.reached_sent
        ) as sent,
        count(*) filter (
            where requests.status in ('approved', 'success') or log_stages.reached_approved
        ) as approved,
        count(*) filter (where requests.status = 'success' or log_stages.reached_success) as succeeded,
        count(*) filter (where requests.status = 'reject' or log_stages.reached_reject) as rejected

    from requests
    left join log_stages
        on requests.request_id = log_stages.request_id
    where
        requests.service_code is not null
        and requests.month is not null
    group by requests.service_code, requests.month

),

funnel as (

    select * from {{ ref('kpi_service_funnel') }}

)

select
    coalesce(funnel.service_code, expected.service_code) as service_code,
    coalesce(funnel.month, expected.month) as month,
    funnel.drafts,
    expected.drafts as source_drafts,
    funnel.sent,
    expected.sent as source_sent,
    funnel.approved,
    expected.approved as source_approved,
    funnel.succeeded,
    expected.succeeded as source_succeeded,
    funnel.rejected,
    expected.rejected as source_rejected

from funnel
full outer join expected
    on
        funnel.service_code = expected.service_code
        and funnel.month = expected.month
where
    (
        coalesce(funnel.drafts, 0), coalesce(funnel.sent, 0), coalesce(funnel.approved, 0),
        coalesce(funnel.succeeded, 0), coalesce(funnel.rejected, 0)
    ) <> (
        coalesce(expected.drafts, 0), coalesce(expected.sent, 0), coalesce(expected.approved, 0),
        coalesce(expected.succeeded, 0), coalesce(expected.rejected, 0)
    )
