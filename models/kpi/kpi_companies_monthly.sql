{#- One row per local month of company creation: new companies and how many of them are verified now. -#}

with

companies as (

    select
        created_month as month,
        count(*) as new_companies,
        count(*) filter (where verified) as verified_companies

    from {{ ref('dim_company') }}
    where created_month is not null
    group by created_month

),

months as (

    {{ month_spine('select month from companies') }}

),

final as (

    select
        months.month,
        months.is_complete_month,
        coalesce(companies.new_companies, 0) as new_companies,
        coalesce(companies.verified_companies, 0) as verified_companies

    from months
    left join companies
        on months.month = companies.month

)

select * from final
