{{
    config(
        materialized='incremental',
        unique_key=['content_type', 'content_id'],
        on_schema_change='fail',
        indexes=[
            {'columns': ['content_type', 'content_id'], 'unique': true},
        ],
        meta={'changed_keys': [{
            'feed': 'stg_techhub__content_interactions', 'key': ['feed.content_type', 'feed.content_id'],
            'id': 'load_id', 'vanished_of': 'stg_techhub__content_interactions',
            'rows': 'sum(reactions_up + reactions_down + favorites)',
        }]},
    )
}}

{#-
    One row per content item with at least one interaction: distinct users who reacted up,
    reacted down, or added it to favourites (from the cleaned interaction bridge: null elements,
    duplicates and unknown users already dropped).
    Incremental (macros/incremental/changed_keys.sql), keyed by content item: it recounts the
    items the bridge rewrote since the last run (its load_id), where late rows, updates in place
    and deletions are detected (see stg_techhub__content_interactions); an item that vanished
    there vanishes here.
-#}

with

interactions as (

    select * from {{ ref('stg_techhub__content_interactions') }}
    where {{ changed_keys_filter(['content_type', 'content_id']) }}

),

final as (

    select
        content_type,
        content_id,
        count(*) filter (where kind = 'reaction_up') as reactions_up,
        count(*) filter (where kind = 'reaction_down') as reactions_down,
        count(*) filter (where kind = 'favorite') as favorites

    from interactions
    group by content_type, content_id

)

select * from final
