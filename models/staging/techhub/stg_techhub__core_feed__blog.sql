{#- Feed entries of a blog: the rows of stg_techhub__core_feed with source 'blog' and only that key set. -#}

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
        source = 'blog'
        and set_aside_reason is null

)

select * from final
