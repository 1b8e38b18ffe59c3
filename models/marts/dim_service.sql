{{
    config(
        indexes=[
            {'columns': ['service_id'], 'unique': true},
            {'columns': ['org_code']},
        ],
    )
}}

{#- One row per service of the catalogue, keyed by its code. -#}

with

services as (

    select * from {{ ref('int_services') }}

),

final as (

    select
        code as service_code,
        service_id,
        name,
        name_ru,
        name_kk,
        name_en,
        org_code,
        kind,
        coalesce(is_active, false) as is_active,
        created_at

    from services

)

select * from final
