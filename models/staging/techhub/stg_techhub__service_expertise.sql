with

source as (
    select * from {{ source('techhub', 'service_expertise') }}
),

renamed as (
    select
        id as expertise_id,
        request_id,
        expert_id,
        score,
        {{ clean_enum('conclusion', ['positive', 'negative', 'revision']) }} as conclusion,
        comment,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('finished_at') }} as finished_at
    from source
)

select * from renamed
