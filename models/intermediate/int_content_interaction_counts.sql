{{
    config(
        indexes=[
            {'columns': ['content_type', 'content_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per content item with at least one interaction: distinct users who reacted up,
    reacted down, or added it to favourites (from the cleaned interaction bridge: null elements,
    duplicates and unknown users already dropped).
-#}

select
    content_type,
    content_id,
    count(distinct user_id) filter (where kind = 'reaction_up') as reactions_up,
    count(distinct user_id) filter (where kind = 'reaction_down') as reactions_down,
    count(distinct user_id) filter (where kind = 'favorite') as favorites

from {{ ref('stg_techhub__content_interactions') }}
group by content_type, content_id
