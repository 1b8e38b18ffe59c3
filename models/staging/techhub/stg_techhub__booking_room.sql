with

source as (
    select * from {{ source('techhub', 'booking_room') }}
),

renamed as (
    select
        id as room_id,
        nullif(trim(name), '') as name,
        floor,
        max_people,
        nullif(trim(pavilion), '') as pavilion,
        is_active
    from source
)

select * from renamed
