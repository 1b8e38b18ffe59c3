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
    PII role reads the pii schema; join to marts.dim_user on user_id. Incremental like
    dim_user: the users int_users rewrote since the last run (its load_id).
-#}

select
    user_id,
    email,
    phone,
    first_name,
    last_name,
    middle_name

from {{ ref('int_users') }}
where {{ changed_keys_filter('user_id') }}
