with

source as (
    select * from {{ source('techhub', 'service_servicerequest') }}
),

renamed as (
    select
        id as request_id,
        nullif(trim(number), '') as number,
        service_id,
        user_id,
        company_id,
        hubformdata_id,
        {{ clean_enum('status', ['draft', 'sent', 'approved', 'success', 'reject']) }} as status,
        bp_status_id,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('sent_at') }} as sent_at,
        {{ clean_timestamp('closed_at') }} as closed_at,
        {{ clean_timestamp('updated_at') }} as updated_at
    from source
),

final as (
    select
        *,
        {{ local_date_id('created_at') }} as created_date_id
    from renamed
)

select * from final
