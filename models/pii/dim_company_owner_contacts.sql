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
-#}

with

companies as (

    select * from {{ ref('int_companies') }}

),

users as (

    select * from {{ ref('int_users') }}

),

final as (

    select
        companies.company_id,
        companies.tin,
        companies.owner_user_id,
        users.email as owner_email,
        users.phone as owner_phone,
        users.first_name as owner_first_name,
        users.last_name as owner_last_name,
        users.middle_name as owner_middle_name

    from companies
    inner join users
        on companies.owner_user_id = users.user_id

)

select * from final
