{{
    config(
        indexes=[
            {'columns': ['company_id', 'valid_from']},
            {'columns': ['is_current']},
        ],
    )
}}

{#-
    SCD2 history of companies from the snapshot snap_company: one row per version, valid from
    valid_from (inclusive) to valid_to (exclusive; null = current). A company's first version is
    backdated to its creation when that is earlier than the first snapshot that saw it, so that
    "as of t" finds every company that existed at t; the warehouse did not observe the company
    before recorded_at, so a backdated version assumes the company looked then as it did when
    first recorded (is_backdated says so).
-#}

with

versions as (

    select
        *,
        row_number() over (partition by company_id order by dbt_valid_from asc) as version_number

    from {{ ref('snap_company') }}

),

final as (

    select
        dbt_scd_id as company_version_id,
        company_id,
        version_number,
        case
            when version_number = 1 and created_at < dbt_valid_from::timestamptz then created_at
            else dbt_valid_from::timestamptz
        end as valid_from,
        dbt_valid_to::timestamptz as valid_to,
        dbt_valid_from::timestamptz as recorded_at,
        coalesce(version_number = 1 and created_at < dbt_valid_from::timestamptz, false) as is_backdated,
        dbt_valid_to is null as is_current,
        name,
        type,
        status,
        coalesce(verified, false) as verified,
        verified_at,
        coalesce(is_startup, false) as is_startup,
        coalesce(is_it_company, false) as is_it_company,
        coalesce(is_techpark_resident, false) as is_techpark_resident,
        coalesce(is_ts_member, false) as is_ts_member,
        employees,
        city_id

    from versions

)

select * from final
