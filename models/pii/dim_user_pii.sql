{{
    config(
        materialized='incremental',
        unique_key='user_id',
        on_schema_change='fail',
        meta={'changed_keys': [{
            'feed': 'int_users', 'key': ['feed.user_id'], 'id': 'load_id', 'vanished_of': 'int_users', 'rows': 'count(*)',
        }]},
        indexes=[
            {'columns': ['user_id'], 'unique': true},
            {'columns': ['email']},
            {'columns': ['phone']},
        ],
    )
}}

{#-
    One row per user with the personal data in clear (cleaned e-mail and phone, names). Only the
    PII role reads the pii schema; join to marts.dim_user on user_id. The users are those of
    int_users (the same rows as dim_user); their clear values come from staging, because no stored
    intermediate table keeps them. Incremental like dim_user: the users int_users rewrote since the
    last run (its load_id). int_users reloads a user whenever the source row changes (its id or
    updated_at), so the clear values read here are those of the same night.
-#}

with

users as (

    select user_id from {{ ref('int_users') }}
    where {{ changed_keys_filter('user_id') }}

),

clear_values as (

    -- the same keys, so that the view reads the source rows through its primary key
    select
        user_id,
        email,
        phone,
        first_name,
        last_name,
        middle_name

    from {{ ref('stg_techhub__account_user') }}
    where {{ changed_keys_filter('user_id') }}

),

final as (

    select
        users.user_id,
        clear_values.email,
        clear_values.phone,
        clear_values.first_name,
        clear_values.last_name,
        clear_values.middle_name

    from users
    -- a left join keeps the rows of dim_user: a user deleted from the source while the build
    -- runs keeps its row (without clear values) until the next night's int_users drops it
    left join clear_values
        on users.user_id = clear_values.user_id

)

select * from final
