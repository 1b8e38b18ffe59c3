{#- Comments on a blog: the rows of stg_techhub__core_comment with source 'blog' and a numeric key. -#}

with

comments as (

    select * from {{ ref('stg_techhub__core_comment') }}

),

final as (

    select
        comment_id,
        target_id,
        is_orphan,
        author_id,
        parent_id,
        text,
        is_deleted,
        created_at,
        created_date_id

    from comments
    where
        source = 'blog'
        and set_aside_reason is null

)

select * from final
