{{ config(materialized='ephemeral') }}

{#- The staged cities as the marts see them (marts never read staging directly). -#}

select
    city_id,
    name,
    name_ru,
    name_kk,
    name_en,
    country

from {{ ref('stg_techhub__core_city') }}
