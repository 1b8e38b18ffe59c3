{#- Feed entries of a event: the rows of stg_techhub__core_feed with source 'event' and only that key set. -#}

with

feed as (

    select * from {{ ref('stg_techhub__core_feed') }}

),

final as (

    select
        feed_id,
        target_id,
        is_orphan,
        is_pinned,
        created_at,
        created_date_id

    from feed
    where
        source = 'event'
        and set_aside_reason is null

)

select * from final
