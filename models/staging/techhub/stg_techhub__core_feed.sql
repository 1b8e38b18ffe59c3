{{ config(materialized='table') }}

{#-
    Every feed row, its target resolved from the foreign key that `source` names. Rows whose
    source is unknown, whose named key is null, or that have another key set as well carry a
    set_aside_reason: dq.dq_set_aside lists them and the typed models
    (stg_techhub__core_feed__<source>) leave them out. Read the typed models, not this one.
-#}

{%- set targets = {
    'blog': ('blog_id', 'core_blog'),
    'event': ('event_id', 'core_event'),
    'article': ('article_id', 'core_article'),
    'techtask': ('tech_task_id', 'core_techtask'),
    'discussion': ('discussion_id', 'core_discussion'),
    'vacancy': ('vacancy_id', 'core_vacancy'),
} %}

with

source as (

    select * from {{ source('techhub', 'core_feed') }}

),

targets as (

    {% for name, (key, table) in targets.items() %}
        select
            '{{ name }}' as source,
            id as target_id
        from {{ source('techhub', table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

renamed as (

    select
        id as feed_id,
        {{ clean_enum('source', targets.keys() | list) }} as source,
        blog_id,
        event_id,
        article_id,
        tech_task_id,
        discussion_id,
        vacancy_id,
        is_pinned,
        {{ clean_timestamp('created_at') }} as created_at

    from source

),

resolved as (

    select
        *,
        case source
            {%- for name, (key, table) in targets.items() %}
                when '{{ name }}' then {{ key }}
            {%- endfor %}
        end as named_key,
        (
            {%- for name, (key, table) in targets.items() %}
                (case when {{ key }} is not null then 1 else 0 end){{ ' +' if not loop.last }}
            {%- endfor %}
        ) as keys_set

    from renamed

),

final as (

    select
        resolved.feed_id,
        resolved.source,
        resolved.blog_id,
        resolved.event_id,
        resolved.article_id,
        resolved.tech_task_id,
        resolved.discussion_id,
        resolved.vacancy_id,
        case
            when resolved.source is null or resolved.source = 'unknown' then 'unknown_source'
            when resolved.named_key is null and resolved.keys_set = 0 then 'missing_target_key'
            when resolved.named_key is null then 'source_key_mismatch'
            when resolved.keys_set > 1 then 'multiple_target_keys'
        end as set_aside_reason,
        case when resolved.keys_set = 1 then resolved.named_key end as target_id,
        -- null on rows set aside: there is no single target to look for
        case when resolved.keys_set = 1 and resolved.named_key is not null then targets.target_id is null end
            as is_orphan,
        resolved.is_pinned,
        resolved.created_at,
        {{ local_date_id('resolved.created_at') }} as created_date_id

    from resolved
    left join targets
        on
            resolved.source = targets.source
            and resolved.named_key = targets.target_id

)

select * from final
