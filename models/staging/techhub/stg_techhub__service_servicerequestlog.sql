with

source as (
    select * from {{ source('techhub', 'service_servicerequestlog') }}
),

renamed as (
    select
        id as request_log_id,
        request_id,
        {{ clean_enum('status_from', ['draft', 'sent', 'approved', 'success', 'reject']) }} as status_from,
        {{ clean_enum('status_to', ['draft', 'sent', 'approved', 'success', 'reject']) }} as status_to,
        author_id,
        comment,
        {{ clean_timestamp('created_at') }} as created_at
    from source
),

final as (
    select
        *,
        {{ local_date_id('created_at') }} as created_date_id
    from renamed
)

select * from final
