with

source as (
    select * from {{ source('techhub', 'service_servicerequeststatus') }}
),

renamed as (
    select
        id as request_status_id,
        {{ clean_enum('code', ['draft', 'sent', 'approved', 'success', 'reject']) }} as code,
        {{ i18n_columns('name') }},
        sort_order
    from source
),

final as (
    select
        request_status_id,
        code,
        name_ru,
        name_kk,
        name_en,
        {{ i18n_display('name') }} as name,
        sort_order
    from renamed
)

select * from final
