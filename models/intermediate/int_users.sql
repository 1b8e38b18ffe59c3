{{
    config(
        indexes=[
            {'columns': ['user_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per user: the staged user with the channel the account was created through.
    signup_channel is the channel ('sms' or 'email') of the user's earliest activation row that
    names the user (the activation created the account), else the provider of the user's
    earliest OAuth link ('google-oauth2', 'facebook', 'apple-id', 'egov': the account came from
    a social sign-in), else 'unknown' (an account created by an admin, or a source row lost).
    Unknown activation channels and providers are skipped in favour of the next evidence.
-#}

with

users as (

    select * from {{ ref('stg_techhub__account_user') }}

),

activations as (

    select
        user_id,
        channel,
        row_number() over (partition by user_id order by created_at asc nulls last, activation_id asc) as rank_in_user

    from {{ ref('stg_techhub__account_activation') }}
    where
        user_id is not null
        and channel in ('sms', 'email')

),

oauth_links as (

    select
        user_id,
        provider,
        row_number() over (partition by user_id order by created asc nulls last, social_auth_id asc) as rank_in_user

    from {{ ref('stg_techhub__social_auth_usersocialauth') }}
    where provider <> 'unknown'

),

final as (

    select
        users.user_id,
        users.email,
        users.email_domain,
        users.phone,
        users.first_name,
        users.last_name,
        users.middle_name,
        users.role,
        users.is_active,
        users.is_verified,
        users.org_code,
        users.language,
        users.date_joined,
        users.joined_date_id,
        users.last_login,
        users.updated_at,
        coalesce(activations.channel, oauth_links.provider, 'unknown') as signup_channel,
        case
            when activations.channel is not null then 'activation'
            when oauth_links.provider is not null then 'oauth'
            else 'unknown'
        end as signup_method

    from users
    left join activations
        on
            users.user_id = activations.user_id
            and activations.rank_in_user = 1
    left join oauth_links
        on
            users.user_id = oauth_links.user_id
            and oauth_links.rank_in_user = 1

)

select * from final
