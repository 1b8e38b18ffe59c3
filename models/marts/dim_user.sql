{{
    config(
        materialized='incremental',
        unique_key='user_id',
        on_schema_change='fail',
        meta={'changed_keys': [{
            'feed': 'int_users', 'key': ['feed.user_id'], 'id': 'load_id', 'vanished_of': 'int_users', 'rows': 'count(*)',
        }]},
        indexes=[
            {'columns': ['role']},
            {'columns': ['registered_date_id']},
            {'columns': ['org_code']},
        ],
    )
}}

{#-
    One row per user; personal data masked, by int_users, which stores no clear value (clear
    values: pii.dim_user_pii). Incremental (macros/incremental/changed_keys.sql), keyed by user: it
    publishes the users int_users rewrote since the last run (its load_id), where late rows,
    updates in place and deletions are detected (see that model); a user who vanished there
    vanishes here.
-#}

with

users as (

    select * from {{ ref('int_users') }}
    where {{ changed_keys_filter('user_id') }}

),

final as (

    select
        user_id,
        masked_email as email,
        email_domain,
        masked_full_name as full_name,
        role,
        coalesce(is_active, false) as is_active,
        coalesce(is_verified, false) as is_verified,
        date_joined as registered_at,
        joined_date_id as registered_date_id,
        {{ local_month('date_joined') }} as registered_month,
        org_code,
        language,
        signup_channel,
        signup_method,
        last_login as last_login_at,
        updated_at

    from users

)

select * from final
