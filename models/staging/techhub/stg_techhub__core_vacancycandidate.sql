with

source as (

    select * from {{ source('techhub', 'core_vacancycandidate') }}

),

renamed as (

    select
        id as candidate_id,
        vacancy_id,
        user_id,
        {{ clean_enum('status', ['applied', 'reviewed', 'invited', 'rejected', 'hired']) }} as status,
        {{ clean_timestamp('created_at') }} as created_at

    from source

),

final as (

    select
        candidate_id,
        vacancy_id,
        user_id,
        status,
        created_at,
        {{ local_date_id('created_at') }} as created_date_id

    from renamed

)

select * from final
