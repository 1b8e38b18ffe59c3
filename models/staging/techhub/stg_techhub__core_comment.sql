{{ config(materialized='table') }}

{#-
    Every comment row, its polymorphic link resolved. Rows whose source is unknown or whose key is
    not numeric carry a set_aside_reason: dq.dq_set_aside lists them and the typed models
    (stg_techhub__core_comment__<source>) leave them out. Read the typed models, not this one.
-#}

{%- set targets = {
    'blog': 'core_blog',
    'event': 'core_event',
    'vacancy': 'core_vacancy',
    'techtask': 'core_techtask',
    'discussion': 'core_discussion',
} %}

with

source as (

    select * from {{ source('techhub', 'core_comment') }}

),

targets as (

    {% for name, table in targets.items() %}
        select
            '{{ name }}' as source,
            id as target_id
        from {{ source('techhub', table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

renamed as (

    select
        id as comment_id,
        {{ clean_enum('source', targets.keys() | list) }} as source,
        primary_key,
        {{ text_to_id('primary_key') }} as target_id,
        author_id,
        parent_id,
        text,
        is_deleted,
        {{ clean_timestamp('created_at') }} as created_at

    from source

),

final as (

    select
        renamed.comment_id,
        renamed.source,
        renamed.primary_key,
        renamed.target_id,
        case
            when renamed.source is null or renamed.source = 'unknown' then 'unknown_source'
            when renamed.target_id is null then 'non_numeric_key'
        end as set_aside_reason,
        -- null on rows set aside: there is no target to look for
        case
            when renamed.source <> 'unknown' and renamed.target_id is not null then targets.target_id is null
        end as is_orphan,
        renamed.author_id,
        renamed.parent_id,
        renamed.text,
        renamed.is_deleted,
        renamed.created_at,
        {{ local_date_id('renamed.created_at') }} as created_date_id

    from renamed
    left join targets
        on
            renamed.source = targets.source
            and renamed.target_id = targets.target_id

)

select * from final
