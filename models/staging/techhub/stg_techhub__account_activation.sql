with

source as (
    select * from {{ source('techhub', 'account_activation') }}
),

renamed as (
    select
        id as activation_id,
        {{ clean_enum('channel', ['sms', 'email']) }} as channel,
        {{ clean_email('email') }} as email,
        {{ clean_phone('phone') }} as phone,
        user_id,
        user_id is not null as is_converted,
        attempts,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('expires_at') }} as expires_at,
        {{ clean_timestamp('activated_at') }} as activated_at
    from source
),

final as (
    select
        *,
        {{ local_date_id('created_at') }} as created_date_id
    from renamed
)

select * from final
