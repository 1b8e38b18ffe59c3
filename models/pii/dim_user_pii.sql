{{
    config(
        indexes=[
            {'columns': ['user_id'], 'unique': true},
            {'columns': ['email']},
            {'columns': ['phone']},
        ],
    )
}}

{#-
    One row per user with the personal data in clear (cleaned e-mail and phone, names). Only the
    PII role reads the pii schema; join to marts.dim_user on user_id.
-#}

select
    user_id,
    email,
    phone,
    first_name,
    last_name,
    middle_name

from {{ ref('int_users') }}
