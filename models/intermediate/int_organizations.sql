{{ config(materialized='ephemeral') }}

{#- The staged organisations as the marts see them (marts never read staging directly). -#}

select
    organization_id,
    code,
    name,
    name_ru,
    name_kk,
    name_en,
    is_active

from {{ ref('stg_techhub__core_organization') }}
