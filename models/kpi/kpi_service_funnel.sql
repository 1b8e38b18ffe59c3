{#-
    One row per (service, local month of the request's creation) with at least one request:
    how many requests were created (drafts = all requests), and how many of them reached sent,
    approved, success and reject (docs/kpi_services.md, "Reaching a stage"). Requests without a
    valid creation time or whose service is not in the catalogue are left out.
-#}

with

requests as (

    select * from {{ ref('fact_service_request') }}
    where
        service_code is not null
        and created_month is not null

),

final as (

    select
        service_code,
        created_month as month,
        created_month < {{ local_month(build_timestamp()) }} as is_complete_month,
        count(*) as drafts,
        sum(reached_sent) as sent,
        sum(reached_approved) as approved,
        sum(reached_success) as succeeded,
        sum(reached_reject) as rejected

    from requests
    group by service_code, created_month

)

select * from final
