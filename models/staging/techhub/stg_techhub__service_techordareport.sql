with

source as (
    select * from {{ source('techhub', 'service_techordareport') }}
),

renamed as (
    select
        id as techorda_report_id,
        assessment_id,
        data,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
