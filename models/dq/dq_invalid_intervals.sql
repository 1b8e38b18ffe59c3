{#-
    One row per event or booking whose end is not after its start (both set): staging keeps the
    row with a null duration_hours. A table rebuilt on every run (two small staged tables).
-#}

with

events as (

    select
        'core_event' as source_table,
        event_id::text as source_key,
        'datetime_end' as column_name,
        'invalid_interval' as issue,
        null as raw_value,
        'datetime_end is not after datetime_start: duration_hours is null' as detail

    from {{ ref('stg_techhub__core_event') }}
    where
        datetime_start is not null
        and datetime_end is not null
        and duration_hours is null

),

bookings as (

    select
        'booking_booking' as source_table,
        booking_id::text as source_key,
        'end' as column_name,
        'invalid_interval' as issue,
        null as raw_value,
        'end is not after start: duration_hours is null' as detail

    from {{ ref('stg_techhub__booking_booking') }}
    where
        starts_at is not null
        and ends_at is not null
        and duration_hours is null

),

unioned as (

    select * from events
    union all
    select * from bookings

),

final as (

    select
        source_table,
        source_key,
        column_name,
        issue,
        raw_value::text as raw_value,
        detail,
        {{ build_timestamp() }} as detected_at

    from unioned

)

select * from final
