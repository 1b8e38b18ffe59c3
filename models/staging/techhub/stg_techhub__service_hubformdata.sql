-- The free-form answers (`data`) may hold personal data and are not kept.
with

source as (
    select * from {{ source('techhub', 'service_hubformdata') }}
),

renamed as (
    select
        id as hubformdata_id,
        hubform_id,
        user_id,
        company_id,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at
    from source
)

select * from renamed
