with

source as (

    select * from {{ source('techhub', 'core_vacancy') }}

),

renamed as (

    select
        id as vacancy_id,
        {{ i18n_columns('title') }},
        {{ i18n_columns('description') }},
        {{ clean_enum('vacancy_type', ['full_time', 'part_time', 'internship', 'contract', 'remote']) }}
            as vacancy_type,
        {{ valid_salary_bound('salary_min') }} as valid_salary_min,
        {{ valid_salary_bound('salary_max') }} as valid_salary_max,
        {{ clean_enum('currency', ['KZT', 'USD'], upper=true) }} as currency,
        author_id,
        company_id,
        city_id,
        is_closed,
        {{ clean_timestamp('closed_at') }} as closed_at,
        {{ clean_enum('status', ['draft', 'sent', 'correction', 'success', 'reject']) }} as status,
        published,
        {{ clean_timestamp('published_at') }} as published_at,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at

    from source

),

final as (

    select
        vacancy_id,
        title_ru,
        title_kk,
        title_en,
        {{ i18n_display('title') }} as title,
        description_ru,
        description_kk,
        description_en,
        {{ i18n_display('description') }} as description,
        vacancy_type,
        -- both valid bounds in the wrong order: neither can be trusted
        case when not coalesce(valid_salary_min > valid_salary_max, false) then valid_salary_min end as salary_min,
        case when not coalesce(valid_salary_min > valid_salary_max, false) then valid_salary_max end as salary_max,
        currency,
        author_id,
        company_id,
        city_id,
        is_closed,
        closed_at,
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
