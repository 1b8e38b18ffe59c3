{#- One row per user role: active users, verified active users and the verified share. -#}

with

users as (

    select * from {{ ref('dim_user') }}

),

final as (

    select
        role,
        count(*) filter (where is_active) as active_users,
        count(*) filter (where is_active and is_verified) as verified_users,
        round(
            (count(*) filter (where is_active and is_verified))::numeric
            / nullif(count(*) filter (where is_active), 0),
            4
        ) as share_verified

    from users
    where role is not null
    group by role

)

select * from final
