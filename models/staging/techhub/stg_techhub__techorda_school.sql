with

source as (
    select * from {{ source('techhub', 'techorda_school') }}
),

extracted as (
    select
        id,
        company_id,
        {{ json_get('data', 'name') }} as name_json,
        nullif(trim({{ json_text('data', 'website') }}), '') as website,
        {{ json_number('data', 'rating') }} as rating,
        is_active
    from source
),

renamed as (
    select
        id as school_id,
        company_id,
        {{ i18n_columns('name_json', 'name') }},
        website,
        rating,
        is_active
    from extracted
),

final as (
    select
        school_id,
        company_id,
        name_ru,
        name_kk,
        name_en,
        {{ i18n_display('name') }} as name,
        website,
        rating,
        is_active
    from renamed
)

select * from final
