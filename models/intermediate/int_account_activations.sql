{{ config(materialized='ephemeral') }}

{#- Activation-code requests without their contact details (the e-mail and phone stay in staging). -#}

select
    activation_id,
    channel,
    user_id,
    is_converted,
    attempts,
    created_at,
    created_date_id,
    expires_at,
    activated_at

from {{ ref('stg_techhub__account_activation') }}
