{{
    config(
        indexes=[
            {'columns': ['room_id']},
            {'columns': ['company_id']},
            {'columns': ['author_id']},
            {'columns': ['booking_date_id']},
        ],
    )
}}

{#-
    One row per room booking. booking_date_id is the local day of the start; duration_hours is
    (end - start) in hours, 2 decimals, null when not positive (or when a time is invalid).
-#}

with

bookings as (

    select * from {{ ref('int_bookings') }}

),

final as (

    select
        booking_id,
        author_id,
        company_id,
        room_id,
        starts_at,
        ends_at,
        booking_date_id,
        {{ local_month('starts_at') }} as booking_month,
        duration_hours,
        status,
        created_at,
        updated_at

    from bookings

)

select * from final
