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
    )
}}

{#-
    One row per request-log row: a status transition of a service request. Incremental by
    request: the requests whose transitions changed in int_request_status_transitions since the
    last run (a log row newer than the last id loaded here, or one in the lookback window) are
    replaced whole. Log rows of requests missing from the source are kept (request_id then has no
    match in fact_service_request).
-#}

with

transitions as (

    select * from {{ ref('int_request_status_transitions') }}

),

affected_requests as (

    select distinct transitions.request_id
    from transitions
    {% if is_incremental() %}
        where
            transitions.request_log_id > (select coalesce(max(loaded.request_log_id), 0) from {{ this }} as loaded)
            or transitions.created_at >= (
                select least(max(loaded.transitioned_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'
    {% endif %}

),

final as (

    select
        transitions.request_log_id,
        transitions.request_id,
        transitions.status_from,
        transitions.status_to,
        transitions.author_id,
        transitions.created_at as transitioned_at,
        transitions.created_date_id as transition_date_id,
        transitions.transition_number,
        transitions.previous_status_to,
        transitions.hours_since_previous,
        transitions.is_out_of_sequence

    from transitions
    where transitions.request_id in (select affected_requests.request_id from affected_requests)

)

select * from final
