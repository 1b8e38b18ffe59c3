-- The token itself (`key`, the source's primary key) is a secret and is never selected: the
-- source's columns are named, never `*`, so a DBA can revoke the build user's right on `key`
-- and the build still runs (test_security.py).
with

source as (
    select
        user_id,
        created
    from {{ source('techhub', 'authtoken_token') }}
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
