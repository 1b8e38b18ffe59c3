{{
    config(
        materialized='incremental',
        unique_key='user_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['user_id'], 'unique': true},
            {'columns': ['load_id'], 'type': 'brin'},
        ],
        meta={'changed_keys': [
            {
                'feed': 'stg_techhub__account_user', 'key': ['feed.user_id'], 'id': 'user_id',
                'changed_at': 'updated_at', 'rows': 'count(*)',
            },
            {
                'feed': 'stg_techhub__account_activation', 'key': ['feed.user_id'], 'where': 'feed.user_id is not null',
                'id': 'activation_id', 'changed_at': 'created_at', 'rows': 'sum(activation_rows)',
            },
            {
                'feed': 'stg_techhub__social_auth_usersocialauth', 'key': ['feed.user_id'], 'id': 'social_auth_id',
                'changed_at': 'modified', 'rows': 'sum(oauth_link_rows)',
            },
        ]},
    )
}}

{#-
    One row per user: the staged user with the channel the account was created through. No
    personal data in clear: the e-mail and the name are stored masked (macros/marts/masking.sql),
    the phone and the middle name not at all; pii models read the clear values from staging.
    signup_channel is the channel ('sms' or 'email') of the user's earliest activation row that
    names the user (the activation created the account), else the provider of the user's
    earliest OAuth link ('google-oauth2', 'facebook', 'apple-id', 'egov': the account came from
    a social sign-in), else 'unknown' (an account created by an admin, or a source row lost).
    Unknown activation channels and providers are skipped in favour of the next evidence.
    Incremental (macros/incremental/changed_keys.sql), keyed by user:
      - change detected: users with an id above the last one read or an updated_at in the lookback
        window; activations and OAuth links with a new id or a time (created_at, modified) in the
        window, each reloading the user it names;
      - a late row: a new id, or a late commit with its time in the window;
      - an update in place: a user's updated_at moves; an activation gets its user_id when the
        account is created, so the new user reloads it; an OAuth link's `modified` moves;
      - a deletion: a table's count and id sum up to the last id read fall; then the users whose
        rows no longer add up (activation_rows, oauth_link_rows) are reloaded, and a deleted user
        disappears.
    load_id numbers the build that last wrote a user: dim_user and pii.dim_user_pii follow it.
-#}

with

users as (

    select * from {{ ref('stg_techhub__account_user') }}
    where {{ changed_keys_filter('user_id') }}

),

activations as (

    select
        user_id,
        channel,
        -- the earliest activation with a known channel first (all rows are counted, for the increments)
        row_number() over (
            partition by user_id
            order by channel in ('sms', 'email') desc, created_at asc nulls last, activation_id asc
        ) as rank_in_user,
        count(*) over (partition by user_id) as activation_rows

    from {{ ref('stg_techhub__account_activation') }}
    where
        user_id is not null
        and {{ changed_keys_filter('user_id') }}

),

oauth_links as (

    select
        user_id,
        provider,
        row_number() over (
            partition by user_id
            order by provider <> 'unknown' desc, created asc nulls last, social_auth_id asc
        ) as rank_in_user,
        count(*) over (partition by user_id) as oauth_link_rows

    from {{ ref('stg_techhub__social_auth_usersocialauth') }}
    where {{ changed_keys_filter('user_id') }}

),

first_activations as (

    select
        user_id,
        activation_rows,
        case when channel in ('sms', 'email') then channel end as signup_channel

    from activations
    where rank_in_user = 1

),

first_oauth_links as (

    select
        user_id,
        oauth_link_rows,
        case when provider <> 'unknown' then provider end as signup_channel

    from oauth_links
    where rank_in_user = 1

),

final as (

    select
        users.user_id,
        -- masked here, not in dim_user: this table is stored, and clear personal data is kept
        -- only in staging (views) and pii (which reads staging)
        {{ mask_email('users.email') }} as masked_email,
        users.email_domain,
        {{ mask_full_name('users.first_name', 'users.last_name') }} as masked_full_name,
        users.role,
        users.is_active,
        users.is_verified,
        users.org_code,
        users.language,
        users.date_joined,
        users.joined_date_id,
        users.last_login,
        users.updated_at,
        coalesce(activations.signup_channel, oauth_links.signup_channel, 'unknown') as signup_channel,
        case
            when activations.signup_channel is not null then 'activation'
            when oauth_links.signup_channel is not null then 'oauth'
            else 'unknown'
        end as signup_method,
        coalesce(activations.activation_rows, 0) as activation_rows,
        coalesce(oauth_links.oauth_link_rows, 0) as oauth_link_rows,
        {{ changed_keys_load_id() }} as load_id

    from users
    left join first_activations as activations
        on users.user_id = activations.user_id
    left join first_oauth_links as oauth_links
        on users.user_id = oauth_links.user_id

)

select * from final
