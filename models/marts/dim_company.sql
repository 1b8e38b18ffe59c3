{{
    config(
        indexes=[
            {'columns': ['status']},
            {'columns': ['city_id']},
            {'columns': ['created_date_id']},
        ],
    )
}}

{#-
    One row per company. tin is the 12-digit BIN of a legal entity (llp, jsc, branch, foreign,
    ngo); for an individual entrepreneur (type 'ie') the number is the owner's IIN, personal data,
    and a company of unknown type may be one, so both are null (int_companies keeps no other TIN).
-#}

with

companies as (

    select * from {{ ref('int_companies') }}

),

final as (

    select
        company_id,
        legal_entity_tin as tin,
        name,
        type,
        status,
        coalesce(verified, false) as verified,
        verified_at,
        verified_date_id,
        coalesce(is_startup, false) as is_startup,
        coalesce(is_it_company, false) as is_it_company,
        coalesce(is_techpark_resident, false) as is_techpark_resident,
        coalesce(is_ts_member, false) as is_ts_member,
        employees,
        city_id,
        created_at,
        created_date_id,
        {{ local_month('created_at') }} as created_month,
        updated_at,
        owner_user_id,
        active_members

    from companies

)

select * from final
