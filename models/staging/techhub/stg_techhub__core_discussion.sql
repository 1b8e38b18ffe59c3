with

source as (

    select * from {{ source('techhub', 'core_discussion') }}

),

renamed as (

    select
        id as discussion_id,
        nullif(trim(title), '') as title,
        content,
        author_id,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at

    from source

),

final as (

    select
        discussion_id,
        title,
        content,
        author_id,
        created_at,
        {{ local_date_id('created_at') }} as created_date_id,
        updated_at

    from renamed

)

select * from final
