with

source as (
    select * from {{ source('techhub', 'techorda_flow') }}
),

renamed as (
    select
        id as flow_id,
        nullif(trim(name), '') as name,
        start_date,
        end_date
    from source
)

select * from renamed
