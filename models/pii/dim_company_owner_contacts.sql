{{
    config(
        indexes=[
            {'columns': ['company_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per company with an owner: the owner's contacts in clear, and the company's TIN
    unmasked (for an individual entrepreneur it is the owner's IIN, which marts.dim_company hides).
    The owner comes from int_companies; the clear values from staging, because no stored
    intermediate table keeps them.
-#}

with

companies as (

    select
        company_id,
        owner_user_id

    from {{ ref('int_companies') }}

),

company_tins as (

    select
        company_id,
        tin

    from {{ ref('stg_techhub__account_company') }}

),

users as (

    select
        user_id,
        email,
        phone,
        first_name,
        last_name,
        middle_name

    from {{ ref('stg_techhub__account_user') }}

),

final as (

    select
        companies.company_id,
        company_tins.tin,
        companies.owner_user_id,
        users.email as owner_email,
        users.phone as owner_phone,
        users.first_name as owner_first_name,
        users.last_name as owner_last_name,
        users.middle_name as owner_middle_name

    from companies
    inner join users
        on companies.owner_user_id = users.user_id
    left join company_tins
        on companies.company_id = company_tins.company_id

)

select * from final
