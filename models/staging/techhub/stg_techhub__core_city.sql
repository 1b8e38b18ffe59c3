with

source as (
    select * from {{ source('techhub', 'core_city') }}
),

renamed as (
    select
        id as city_id,
        {{ i18n_columns('name') }},
        case when upper(trim(country)) ~ '^[A-Z]{2}$' then upper(trim(country)) end as country
    from source
),

final as (
    select
        city_id,
        name_ru,
        name_kk,
        name_en,
        {{ i18n_display('name') }} as name,
        country
    from renamed
)

select * from final
