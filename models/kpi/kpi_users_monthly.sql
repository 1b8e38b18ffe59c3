{#-
    One row per local month: monthly active users, new users, activation requests and their
    conversion. See the docs block kpi_users_monthly.
-#}

with

activity as (

    -- one row per (user, month) already: the users of a month are counted, not deduplicated
    select
        activity.activity_month as month,
        count(*) as mau

    from {{ ref('fact_user_activity_monthly') }} as activity
    inner join {{ ref('dim_user') }} as users
        on activity.user_id = users.user_id
    group by activity.activity_month

),

new_users as (

    select
        registered_month as month,
        count(*) as new_users

    from {{ ref('dim_user') }}
    where registered_month is not null
    group by registered_month

),

activations as (

    select
        created_month as month,
        count(*) as activations,
        count(*) filter (where is_converted) as activations_converted

    from {{ ref('fact_account_activation') }}
    where created_month is not null
    group by created_month

),

months as (

    {{ month_spine(
        'select month from activity union all select month from new_users union all select month from activations'
    ) }}

),

final as (

    select
        months.month,
        months.is_complete_month,
        coalesce(activity.mau, 0) as mau,
        coalesce(new_users.new_users, 0) as new_users,
        coalesce(activations.activations, 0) as activations,
        coalesce(activations.activations_converted, 0) as activations_converted,
        round(activations.activations_converted::numeric / nullif(activations.activations, 0), 4)
            as registration_conversion

    from months
    left join activity
        on months.month = activity.month
    left join new_users
        on months.month = new_users.month
    left join activations
        on months.month = activations.month

)

select * from final
