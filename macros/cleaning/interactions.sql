{# The content tables that carry interaction arrays, by content type. #}
{% macro content_interaction_tables() -%}
    {{ return({
        'event': 'core_event',
        'blog': 'core_blog',
        'vacancy': 'core_vacancy',
        'article': 'core_article',
        'techtask': 'core_techtask',
        'discussion': 'core_discussion',
    }) }}
{%- endmacro %}

{#
    Every interaction array (reaction_up_users, reaction_down_users, favorite_users) of every
    content table, one row per content row and array, NULL arrays included. Columns: content_type,
    content_table, content_id, kind, column_name, user_ids.
#}
{% macro interaction_arrays() -%}
    {%- for content_type, table in content_interaction_tables().items() %}
    select
        '{{ content_type }}' as content_type,
        '{{ table }}' as content_table,
        content.id as content_id,
        arrays.kind,
        arrays.column_name,
        arrays.user_ids
    from {{ source('techhub', table) }} as content
    cross join lateral (
        values
        ('reaction_up', 'reaction_up_users', content.reaction_up_users),
        ('reaction_down', 'reaction_down_users', content.reaction_down_users),
        ('favorite', 'favorite_users', content.favorite_users)
    ) as arrays (kind, column_name, user_ids)
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#
    Every element of the interaction arrays, raw: NULL elements, duplicates and unknown users
    included. Columns: content_type, content_table, content_id, kind, column_name, user_id.
    stg_techhub__content_interactions keeps the clean ones; dq.dq_issues counts the others.
#}
{% macro interaction_elements() -%}
    select
        arrays.content_type,
        arrays.content_table,
        arrays.content_id,
        arrays.kind,
        arrays.column_name,
        element.user_id
    from ({{ interaction_arrays() }}) as arrays
    cross join lateral {{ unnest_array('arrays.user_ids') }} as element (user_id)
{%- endmacro %}
