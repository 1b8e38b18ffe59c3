{#- One row per organisation (the hub's operators and partners), keyed by its code. -#}

with

organizations as (

    select * from {{ ref('int_organizations') }}

),

final as (

    select
        code as org_code,
        organization_id,
        name,
        name_ru,
        name_kk,
        name_en,
        coalesce(is_active, false) as active

    from organizations

)

select * from final
