{{
    config(
        indexes=[
            {'columns': ['user_id', 'valid_from']},
            {'columns': ['is_current']},
        ],
    )
}}

{#-
    SCD2 history of users from the snapshot snap_user: one row per version, valid from
    valid_from (inclusive) to valid_to (exclusive; null = current). A user's first version is
    backdated to registration when that is earlier than the first snapshot that saw it, so that
    "as of t" finds every user registered at t; the warehouse did not observe the user before
    recorded_at, so a backdated version assumes the user looked then as when first recorded
    (is_backdated says so).
-#}

with

versions as (

    select
        *,
        row_number() over (partition by user_id order by dbt_valid_from asc) as version_number

    from {{ ref('snap_user') }}

),

final as (

    select
        dbt_scd_id as user_version_id,
        user_id,
        version_number,
        case
            when version_number = 1 and date_joined < dbt_valid_from::timestamptz then date_joined
            else dbt_valid_from::timestamptz
        end as valid_from,
        dbt_valid_to::timestamptz as valid_to,
        dbt_valid_from::timestamptz as recorded_at,
        coalesce(version_number = 1 and date_joined < dbt_valid_from::timestamptz, false) as is_backdated,
        dbt_valid_to is null as is_current,
        role,
        coalesce(is_active, false) as is_active,
        coalesce(is_verified, false) as is_verified,
        org_code,
        language

    from versions

)

select * from final
