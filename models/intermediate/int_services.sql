{{ config(materialized='view') }}

{#- The staged services as the marts see them (marts never read staging directly). -#}

select * from {{ ref('stg_techhub__service_service') }}
