with

source as (
    select * from {{ source('techhub', 'booking_bookingstatus') }}
),

renamed as (
    select
        id as booking_status_id,
        booking_id,
        {{ clean_enum('status', ['active', 'finished', 'deactivated']) }} as status,
        author_id,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
