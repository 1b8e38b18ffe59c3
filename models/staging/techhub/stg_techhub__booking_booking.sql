with

source as (
    select * from {{ source('techhub', 'booking_booking') }}
),

renamed as (
    select
        id as booking_id,
        room_id,
        author_id,
        company_id,
        title,
        {{ clean_timestamp('start') }} as starts_at,
        {{ clean_timestamp('"end"') }} as ends_at,
        {{ clean_enum('status', ['active', 'finished', 'deactivated']) }} as status,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at
    from source
),

final as (
    select
        *,
        {{ duration_hours('starts_at', 'ends_at') }} as duration_hours,
        {{ local_date_id('starts_at') }} as booking_date_id
    from renamed
)

select * from final
