with

source as (
    select * from {{ source('techhub', 'core_organization') }}
),

renamed as (
    select
        id as organization_id,
        trim(code) as code,
        {{ i18n_columns('name') }},
        is_active
    from source
),

final as (
    select
        organization_id,
        code,
        name_ru,
        name_kk,
        name_en,
        {{ i18n_display('name') }} as name,
        is_active
    from renamed
)

select * from final
