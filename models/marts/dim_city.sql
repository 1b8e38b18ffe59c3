{#- One row per city. -#}

with

cities as (

    select * from {{ ref('int_cities') }}

),

final as (

    select
        city_id,
        name,
        name_ru,
        name_kk,
        name_en,
        country

    from cities

)

select * from final
