with

source as (
    select * from {{ source('techhub', 'techorda_courseapplication') }}
),

renamed as (
    select
        id as course_application_id,
        course_id,
        applicationform_id,
        user_id,
        {{ clean_enum('status', ['submitted', 'approved', 'rejected', 'studying', 'graduated', 'expelled']) }} as status,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at
    from source
)

select * from renamed
