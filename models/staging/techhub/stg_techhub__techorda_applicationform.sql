-- The form's `data` is personal data; only coarse, non-identifying fields are extracted
-- (city, education, employment, birth year). The IIN and the full birth date are not kept.
with

source as (
    select * from {{ source('techhub', 'techorda_applicationform') }}
),

extracted as (
    select
        id,
        user_id,
        nullif(trim({{ json_text('data', 'city') }}), '') as city,
        nullif(lower(trim({{ json_text('data', 'education') }})), '') as education,
        nullif(lower(trim({{ json_text('data', 'employment') }})), '') as employment,
        trim({{ json_text('data', 'birth_date') }}) as birth_date_text,
        created_at
    from source
),

renamed as (
    select
        id as applicationform_id,
        user_id,
        city,
        education,
        employment,
        case
            when birth_date_text ~ '^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}' then left(birth_date_text, 4)::integer
        end as birth_year,
        {{ clean_timestamp('created_at') }} as created_at
    from extracted
)

select * from renamed
