with

source as (
    select * from {{ source('techhub', 'service_service') }}
),

renamed as (
    select
        id as service_id,
        trim(code) as code,
        {{ i18n_columns('name') }},
        {{ i18n_columns('description') }},
        {{ clean_enum('kind', ['grant', 'accreditation', 'tax_preference', 'visa', 'acceleration', 'consultation', 'other']) }}
            as kind,
        nullif(trim(org_code), '') as org_code,
        is_active,
        {{ clean_timestamp('created_at') }} as created_at
    from source
),

final as (
    select
        service_id,
        code,
        name_ru,
        name_kk,
        name_en,
        {{ i18n_display('name') }} as name,
        description_ru,
        description_kk,
        description_en,
        {{ i18n_display('description') }} as description,
        kind,
        org_code,
        is_active,
        created_at
    from renamed
)

select * from final
