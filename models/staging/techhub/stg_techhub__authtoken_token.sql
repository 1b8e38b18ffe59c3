-- The token itself (`key`, the source's primary key) is a secret and is never selected.
with

source as (
    select * from {{ source('techhub', 'authtoken_token') }}
),

renamed as (
    select
        user_id,
        {{ clean_timestamp('created') }} as created
    from source
),

final as (
    select
        *,
        {{ local_date_id('created') }} as created_date_id
    from renamed
)

select * from final
