{{ config(materialized='view') }}

{#-
    The action-log rows that count as a user's activity: a logged user and a valid local day.
    A view, not a table: fact_user_activity_daily aggregates it by day and
    fact_user_activity_monthly reads it to find the months to recompute; a copy of 15M rows per
    night (the daily aggregate used to be stored here and again in the fact) cost more than the
    aggregation itself.
-#}

with

actions as (

    select
        action_log_id,
        user_id,
        log_type,
        action,
        created_at,
        created_date_id,
        load_id

    from {{ ref('stg_techhub__core_actionlog') }}

),

final as (

    select * from actions
    where
        user_id is not null
        and created_date_id is not null

)

select * from final
