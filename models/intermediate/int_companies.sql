{{
    config(
        indexes=[
            {'columns': ['company_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per company: the staged company with its owner (the earliest active 'owner' link in
    account_usercompany, else the earliest owner link) and its number of active members.
    The TIN is kept only for the legal forms that are legal entities (their TIN is the company's
    BIN, public); an individual entrepreneur's (`ie`) is the owner's IIN, personal data, and a
    company of unknown form may be one, so neither is stored here (pii reads them from staging).
-#}

{%- set legal_entity_types = ['llp', 'jsc', 'branch', 'foreign', 'ngo'] %}

with

companies as (

    select * from {{ ref('stg_techhub__account_company') }}

),

memberships as (

    select * from {{ ref('stg_techhub__account_usercompany') }}

),

owners as (

    select
        company_id,
        user_id,
        row_number() over (
            partition by company_id
            order by is_active desc, created_at asc nulls last, user_company_id asc
        ) as rank_in_company

    from memberships
    where role = 'owner'

),

member_counts as (

    select
        company_id,
        count(distinct user_id) filter (where is_active) as active_members

    from memberships
    group by company_id

),

final as (

    select
        companies.company_id,
        case
            when companies.type in ('{{ legal_entity_types | join("', '") }}') then companies.tin
        end as legal_entity_tin,
        companies.name,
        companies.type,
        companies.status,
        companies.verified,
        companies.verified_at,
        companies.verified_date_id,
        companies.is_startup,
        companies.is_it_company,
        companies.is_techpark_resident,
        companies.is_ts_member,
        companies.employees,
        companies.city_id,
        companies.created_at,
        companies.created_date_id,
        companies.updated_at,
        owners.user_id as owner_user_id,
        coalesce(member_counts.active_members, 0) as active_members

    from companies
    left join owners
        on
            companies.company_id = owners.company_id
            and owners.rank_in_company = 1
    left join member_counts
        on companies.company_id = member_counts.company_id

)

select * from final
