{#- One row per bookable meeting room. -#}

with

rooms as (

    select * from {{ ref('int_rooms') }}

),

final as (

    select
        room_id,
        name,
        floor,
        max_people,
        pavilion,
        coalesce(is_active, false) as is_active

    from rooms

)

select * from final
