with

source as (
    select * from {{ source('techhub', 'techorda_assessment') }}
),

renamed as (
    select
        id as assessment_id,
        course_application_id,
        score,
        passed,
        {{ clean_timestamp('assessed_at') }} as assessed_at
    from source
)

select * from renamed
