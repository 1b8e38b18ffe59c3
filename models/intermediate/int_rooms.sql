{{ config(materialized='view') }}

{#- The staged rooms as the marts see them (marts never read staging directly). -#}

select * from {{ ref('stg_techhub__booking_room') }}
