{{
    config(
        indexes=[
            {'columns': ['created_date_id']},
            {'columns': ['user_id']},
        ],
    )
}}

{#-
    One row per activation-code request (the first step of registration). is_converted when a
    user account was created from it (user_id set). No contact details: they live in staging.
-#}

with

activations as (

    select * from {{ ref('int_account_activations') }}

),

final as (

    select
        activation_id,
        channel,
        user_id,
        coalesce(is_converted, false) as is_converted,
        attempts,
        created_at,
        created_date_id,
        {{ local_month('created_at') }} as created_month,
        expires_at,
        activated_at

    from activations

)

select * from final
