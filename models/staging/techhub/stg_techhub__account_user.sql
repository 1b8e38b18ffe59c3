-- The source's columns are named, never `*`: `password` (a secret) is not read, so a DBA can
-- revoke the build user's right on that column and the build still runs (test_security.py).
with

source as (
    select
        id,
        email,
        phone,
        first_name,
        last_name,
        middle_name,
        role,
        is_active,
        is_verified,
        org_code,
        language,
        date_joined,
        last_login,
        updated_at
    from {{ source('techhub', 'account_user') }}
),

renamed as (
    select
        id as user_id,
        {{ clean_email('email') }} as email,
        {{ clean_phone('phone') }} as phone,
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(trim(middle_name), '') as middle_name,
        {{ clean_enum('role', ['member', 'expert', 'moderator', 'manager', 'admin']) }} as role,
        is_active,
        is_verified,
        nullif(trim(org_code), '') as org_code,
        {{ clean_enum('language', ['ru', 'kk', 'en']) }} as language,
        {{ clean_timestamp('date_joined') }} as date_joined,
        {{ clean_timestamp('last_login') }} as last_login,
        {{ clean_timestamp('updated_at') }} as updated_at
    from source
),

final as (
    select
        *,
        nullif(split_part(email, '@', 2), '') as email_domain,
        {{ local_date_id('date_joined') }} as joined_date_id
    from renamed
)

select * from final
