{{ config(materialized='ephemeral') }}

{#- The staged room bookings (without their free-text title) as the marts see them (marts never read staging directly). -#}

select
    booking_id,
    room_id,
    author_id,
    company_id,
    starts_at,
    ends_at,
    booking_date_id,
    duration_hours,
    status,
    created_at,
    updated_at

from {{ ref('stg_techhub__booking_booking') }}
