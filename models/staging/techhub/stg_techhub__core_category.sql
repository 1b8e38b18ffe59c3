with

source as (
    select * from {{ source('techhub', 'core_category') }}
),

renamed as (
    select
        id as category_id,
        {{ i18n_columns('name') }},
        {{ clean_enum('kind', ['blog', 'article']) }} as kind
    from source
),

final as (
    select
        category_id,
        name_ru,
        name_kk,
        name_en,
        {{ i18n_display('name') }} as name,
        kind
    from renamed
)

select * from final
