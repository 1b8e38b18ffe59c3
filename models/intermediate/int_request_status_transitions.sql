{{ config(materialized='view') }}

{#-
    One row per request-log row: a status transition of a service request, not yet placed in the
    request's history. A view: its readers each need something else (fact_request_status_transition
    sequences a request's rows, int_service_request_stages rolls them up), both only for the
    requests they reload, and a stored copy of the whole log cost more every night than reading it.
-#}

with

request_log as (

    select * from {{ ref('stg_techhub__service_servicerequestlog') }}

),

final as (

    select
        request_log_id,
        request_id,
        status_from,
        status_to,
        author_id,
        created_at,
        created_date_id

    from request_log

)

select * from final
