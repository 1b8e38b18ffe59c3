with

source as (
    select * from {{ source('techhub', 'service_vote') }}
),

renamed as (
    select
        id as vote_id,
        protocol_id,
        request_id,
        expert_id,
        {{ clean_enum('vote', ['for', 'against', 'abstain']) }} as vote,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
