{{ config(materialized='ephemeral') }}

{#- The staged rooms as the marts see them (marts never read staging directly). -#}

select
    room_id,
    name,
    floor,
    max_people,
    pavilion,
    is_active

from {{ ref('stg_techhub__booking_room') }}
