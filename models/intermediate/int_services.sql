{{ config(materialized='ephemeral') }}

{#- The staged services as the marts see them (marts never read staging directly). -#}

select
    service_id,
    code,
    name,
    name_ru,
    name_kk,
    name_en,
    description,
    description_ru,
    description_kk,
    description_en,
    kind,
    org_code,
    is_active,
    created_at

from {{ ref('stg_techhub__service_service') }}
