with

source as (

    select * from {{ source('techhub', 'core_event') }}

),

renamed as (

    select
        id as event_id,
        {{ i18n_columns('title') }},
        {{ i18n_columns('content') }},
        {{ clean_timestamp('datetime_start') }} as datetime_start,
        {{ clean_timestamp('datetime_end') }} as datetime_end,
        {{ clean_enum('event_type', ['meetup', 'conference', 'hackathon', 'workshop', 'webinar', 'demo_day', 'pitch']) }}
            as event_type,
        {{ clean_enum('event_format', ['online', 'offline', 'hybrid']) }} as event_format,
        author_id,
        company_id,
        organization_id,
        city_id,
        max_participants,
        {{ clean_enum('status', ['draft', 'sent', 'correction', 'success', 'reject']) }} as status,
        published,
        {{ clean_timestamp('published_at') }} as published_at,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at

    from source

),

final as (

    select
        event_id,
        title_ru,
        title_kk,
        title_en,
        {{ i18n_display('title') }} as title,
        content_ru,
        content_kk,
        content_en,
        {{ i18n_display('content') }} as content,
        datetime_start,
        datetime_end,
        {{ local_date_id('datetime_start') }} as event_date_id,
        {{ duration_hours('datetime_start', 'datetime_end') }} as duration_hours,
        event_type,
        event_format,
        author_id,
        company_id,
        organization_id,
        city_id,
        max_participants,
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
