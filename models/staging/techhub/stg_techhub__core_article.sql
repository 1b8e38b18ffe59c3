with

source as (

    select * from {{ source('techhub', 'core_article') }}

),

renamed as (

    select
        id as article_id,
        {{ i18n_columns('title') }},
        {{ i18n_columns('content') }},
        category_id,
        author_id,
        {{ clean_enum('status', ['draft', 'sent', 'correction', 'success', 'reject']) }} as status,
        published,
        {{ clean_timestamp('published_at') }} as published_at,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at

    from source

),

final as (

    select
        article_id,
        title_ru,
        title_kk,
        title_en,
        {{ i18n_display('title') }} as title,
        content_ru,
        content_kk,
        content_en,
        {{ i18n_display('content') }} as content,
        category_id,
        author_id,
        status,
        published,
        coalesce(status = 'success' and published, false) as is_published,
        published_at,
        created_at,
        {{ local_date_id('created_at') }} as created_date_id,
        updated_at

    from renamed

)

select * from final
