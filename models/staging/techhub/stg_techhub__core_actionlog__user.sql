{#-
    Action-log rows about a user (log_type 'user') whose key is numeric; is_orphan when
    no account_user row has that id. A view over the incremental stg_techhub__core_actionlog.
-#}

with

action_log as (

    select * from {{ ref('stg_techhub__core_actionlog') }}

),

targets as (

    select id from {{ source('techhub', 'account_user') }}

),

final as (

    select
        action_log.action_log_id,
        action_log.target_id,
        targets.id is null as is_orphan,
        action_log.action,
        action_log.user_id,
        action_log.created_at,
        action_log.created_date_id

    from action_log
    left join targets
        on action_log.target_id = targets.id
    where
        action_log.log_type = 'user'
        and action_log.target_id is not null

)

select * from final
