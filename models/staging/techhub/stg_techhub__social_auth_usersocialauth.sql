-- The source's columns are named, never `*`: `extra_data` (the provider's tokens, a secret) is
-- not read, so a DBA can revoke the build user's right on that column and the build still runs
-- (test_security.py).
with

source as (
    select
        id,
        user_id,
        provider,
        uid,
        created,
        modified
    from {{ source('techhub', 'social_auth_usersocialauth') }}
),

renamed as (
    select
        id as social_auth_id,
        user_id,
        {{ clean_enum('provider', ['google-oauth2', 'facebook', 'apple-id', 'egov']) }} as provider,
        nullif(trim(uid), '') as uid,
        {{ clean_timestamp('created') }} as created,
        {{ clean_timestamp('modified') }} as modified
    from source
),

final as (
    select
        *,
        {{ local_date_id('created') }} as created_date_id
    from renamed
)

select * from final
