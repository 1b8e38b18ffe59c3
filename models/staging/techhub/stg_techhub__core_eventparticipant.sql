with

source as (

    select * from {{ source('techhub', 'core_eventparticipant') }}

),

renamed as (

    select
        id as participant_id,
        event_id,
        user_id,
        {{ clean_enum('status', ['registered', 'attended', 'cancelled']) }} as status,
        {{ clean_timestamp('created_at') }} as created_at

    from source

),

final as (

    select
        participant_id,
        event_id,
        user_id,
        status,
        created_at,
        {{ local_date_id('created_at') }} as created_date_id

    from renamed

)

select * from final
