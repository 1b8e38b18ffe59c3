{%- set columns = [
    'request_log_id', 'request_id', 'status_from', 'status_to', 'author_id', 'transitioned_at',
    'transition_date_id', 'transition_number', 'previous_status_to', 'hours_since_previous',
    'is_out_of_sequence',
] -%}

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
        post_hook=["{{ delete_vanished_keys('request_id', ref('int_request_status_transitions')) }}"],
    )
}}

{#-
    One row per request-log row: a status transition of a service request. Incremental by request
    (macros/marts/incremental.sql): the requests whose transitions in int_request_status_transitions
    differ from the ones loaded here (row count and a fingerprint of every column), or have a
    transition in the lookback window, are replaced whole; requests whose log vanished are dropped.
    Log rows of requests missing from the source are kept (request_id then has no match in
    fact_service_request).
-#}

with

transitions as (

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
        hours_since_previous::numeric(14, 2) as hours_since_previous,
        is_out_of_sequence

    from {{ ref('int_request_status_transitions') }}

),

fingerprinted as (

    select
        *,
        {{ row_fingerprint(columns) }} as row_fingerprint

    from transitions

),

affected_requests as (

    select distinct fingerprinted.request_id
    from fingerprinted
    {% if is_incremental() %}
        where
            fingerprinted.transitioned_at >= (
                select least(max(loaded.transitioned_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'

        union

        select upstream.request_id
        from (
            select
                request_id,
                count(*) as transitions,
                sum(row_fingerprint) as fingerprint
            from fingerprinted
            group by request_id
        ) as upstream
        left join (
            select
                request_id,
                count(*) as transitions,
                sum({{ row_fingerprint(columns) }}) as fingerprint
            from {{ this }}
            group by request_id
        ) as loaded
            on upstream.request_id = loaded.request_id
        where
            loaded.request_id is null
            or upstream.transitions <> loaded.transitions
            or upstream.fingerprint <> loaded.fingerprint
    {% endif %}

),

final as (

    select
        fingerprinted.request_log_id,
        fingerprinted.request_id,
        fingerprinted.status_from,
        fingerprinted.status_to,
        fingerprinted.author_id,
        fingerprinted.transitioned_at,
        fingerprinted.transition_date_id,
        fingerprinted.transition_number,
        fingerprinted.previous_status_to,
        fingerprinted.hours_since_previous,
        fingerprinted.is_out_of_sequence

    from fingerprinted
    where fingerprinted.request_id in (select affected_requests.request_id from affected_requests)

)

select * from final
