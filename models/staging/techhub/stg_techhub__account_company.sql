with

source as (
    select * from {{ source('techhub', 'account_company') }}
),

renamed as (
    select
        id as company_id,
        {{ clean_tin('tin') }} as tin,
        nullif(trim(name), '') as name,
        {{ clean_enum('type', ['llp', 'jsc', 'ie', 'branch', 'foreign', 'ngo']) }} as type,
        {{ clean_enum('status', ['active', 'blocked', 'deleted']) }} as status,
        verified,
        {{ clean_timestamp('verified_at') }} as verified_at,
        {{ json_truthy('tags', 'tag_startup') }} as is_startup,
        {{ json_truthy('tags', 'tag_it_company') }} as is_it_company,
        {{ json_truthy('tags', 'tag_techpark') }} as is_techpark_resident,
        {{ json_truthy('tags', 'tag_ts_member') }} as is_ts_member,
        employees,
        city_id,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at
    from source
),

final as (
    select
        *,
        {{ local_date_id('created_at') }} as created_date_id,
        {{ local_date_id('verified_at') }} as verified_date_id
    from renamed
)

select * from final
