{#-
    One row per company segment (startup, it_company, techpark_resident, ts_member, all; the
    segment list and order come from the seed enum_labels): active companies, the verified ones
    among them, and the verified share. A company can be in several segments; `all` counts each
    active company once.
-#}

with

segments as (

    select
        value as segment,
        sort_order

    from {{ ref('enum_labels') }}
    where enum = 'company_segment'

),

active_companies as (

    select * from {{ ref('dim_company') }}
    where status = 'active'

),

segment_members as (

    select
        segments.segment,
        active_companies.company_id,
        active_companies.verified

    from segments
    inner join active_companies
        on
            (segments.segment = 'startup' and active_companies.is_startup)
            or (segments.segment = 'it_company' and active_companies.is_it_company)
            or (segments.segment = 'techpark_resident' and active_companies.is_techpark_resident)
            or (segments.segment = 'ts_member' and active_companies.is_ts_member)
            or segments.segment = 'all'

),

counted as (

    select
        segment,
        count(*) as companies,
        count(*) filter (where verified) as verified

    from segment_members
    group by segment

),

final as (

    select
        segments.segment,
        coalesce(counted.companies, 0) as companies,
        coalesce(counted.verified, 0) as verified,
        round(counted.verified::numeric / nullif(counted.companies, 0), 4) as share_verified,
        segments.sort_order

    from segments
    left join counted
        on segments.segment = counted.segment

)

select * from final
