with

source as (
    select * from {{ source('techhub', 'service_protocol') }}
),

renamed as (
    select
        id as protocol_id,
        service_id,
        nullif(trim(number), '') as number,
        meeting_date,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
