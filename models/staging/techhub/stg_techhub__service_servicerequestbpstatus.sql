with

source as (
    select * from {{ source('techhub', 'service_servicerequestbpstatus') }}
),

renamed as (
    select
        id as bp_status_id,
        service_id,
        nullif(lower(trim(code)), '') as code,
        {{ i18n_columns('name') }},
        {{ clean_enum('status_code', ['draft', 'sent', 'approved', 'success', 'reject']) }} as status_code,
        sort_order
    from source
),

final as (
    select
        bp_status_id,
        service_id,
        code,
        name_ru,
        name_kk,
        name_en,
        {{ i18n_display('name') }} as name,
        status_code,
        sort_order
    from renamed
)

select * from final
