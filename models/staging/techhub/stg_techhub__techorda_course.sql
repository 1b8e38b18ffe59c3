with

source as (
    select * from {{ source('techhub', 'techorda_course') }}
),

extracted as (
    select
        id,
        school_id,
        flow_id,
        {{ json_get('data', 'title') }} as title_json,
        nullif(lower(trim({{ json_text('data', 'direction') }})), '') as direction,
        {{ clean_enum(json_text('data', 'format'), ['online', 'offline', 'hybrid']) }} as format,
        {{ json_number('data', 'seats') }} as seats,
        {{ json_number('data', 'price') }} as price,
        is_active,
        created_at
    from source
),

renamed as (
    select
        id as course_id,
        school_id,
        flow_id,
        {{ i18n_columns('title_json', 'title') }},
        direction,
        format,
        case when seats >= 0 and seats < 100000 and seats = trunc(seats) then seats::integer end as seats,
        case when price >= 0 and price < 1000000000 and price = trunc(price) then price::integer end as price,
        is_active,
        {{ clean_timestamp('created_at') }} as created_at
    from extracted
),

final as (
    select
        course_id,
        school_id,
        flow_id,
        title_ru,
        title_kk,
        title_en,
        {{ i18n_display('title') }} as title,
        direction,
        format,
        seats,
        price,
        is_active,
        created_at
    from renamed
)

select * from final
