{{ config(materialized='view') }}

{#- The staged room bookings as the marts see them (marts never read staging directly). -#}

select * from {{ ref('stg_techhub__booking_booking') }}
