{#-
    One row per service of the catalogue: non-draft requests, the mean processing time of the
    closed ones (days, 2 decimals), the approval rate among decided requests, and a dense rank
    by requests (1 = most requested; services without requests share the last rank).
-#}

with

services as (

    select * from {{ ref('dim_service') }}

),

requests as (

    select
        service_code,
        count(*) filter (where status <> 'draft') as requests,
        avg(days_to_process) filter (where status <> 'draft') as avg_days_to_process,
        count(*) filter (where is_approved = 1 and is_rejected = 0) as approved_requests,
        count(*) filter (where is_approved = 1 or is_rejected = 1) as decided_requests

    from {{ ref('fact_service_request') }}
    where service_code is not null
    group by service_code

),

final as (

    select
        services.service_code,
        coalesce(requests.requests, 0) as requests,
        round(requests.avg_days_to_process, 2) as avg_days_to_process,
        round(requests.approved_requests::numeric / nullif(requests.decided_requests, 0), 4) as approval_rate,
        dense_rank() over (order by coalesce(requests.requests, 0) desc) as rank_by_requests

    from services
    left join requests
        on services.service_code = requests.service_code

)

select * from final
