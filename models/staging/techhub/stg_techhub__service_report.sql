with

source as (
    select * from {{ source('techhub', 'service_report') }}
),

renamed as (
    select
        id as report_id,
        request_id,
        report_date,
        {{ clean_enum('status', ['draft', 'sent', 'accepted', 'rejected']) }} as status,
        data,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
