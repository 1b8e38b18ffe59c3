{{ config(materialized='view') }}

{#- The staged organizations as the marts see them (marts never read staging directly). -#}

select * from {{ ref('stg_techhub__core_organization') }}
