with

source as (
    select * from {{ source('techhub', 'service_hubform') }}
),

renamed as (
    select
        id as hubform_id,
        service_id,
        version,
        schema,
        is_active,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
