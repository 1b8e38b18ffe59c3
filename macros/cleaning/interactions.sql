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

{# A hash of a content row's three interaction arrays: tells an incremental run which rows changed. #}
{% macro interaction_arrays_fingerprint(alias) -%}
    hashtext(concat_ws('|', coalesce({{ alias }}.reaction_up_users::text, '~'), coalesce({{ alias }}.reaction_down_users::text, '~'),
        coalesce({{ alias }}.favorite_users::text, '~')))::bigint
{%- endmacro %}

{#
    One row per content row with at least one interaction array element: content_type,
    content_id, arrays_fingerprint. The feed of stg_techhub__content_interactions: one fingerprint
    comparison for the six content tables.
#}
{% macro interaction_arrays_fingerprints() -%}
    {%- for content_type, table in content_interaction_tables().items() %}
    select
        '{{ content_type }}' as content_type,
        content.id as content_id,
        {{ interaction_arrays_fingerprint('content') }} as arrays_fingerprint
    from {{ source('techhub', table) }} as content
    where {{ has_interaction_elements('content') }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{# Whether a content row has at least one interaction array element (NULL elements included). #}
{% macro has_interaction_elements(alias) -%}
    coalesce(cardinality({{ alias }}.reaction_up_users), 0) + coalesce(cardinality({{ alias }}.reaction_down_users), 0)
        + coalesce(cardinality({{ alias }}.favorite_users), 0) > 0
{%- endmacro %}

{#
    Every interaction array (reaction_up_users, reaction_down_users, favorite_users) of every
    content table, one row per content row and array, NULL arrays included. Columns: content_type,
    content_table, content_id, kind, column_name, user_ids, arrays_fingerprint. With
    only_changed_keys, only the content rows an incremental run of the calling model reloads.
#}
{% macro interaction_arrays(only_changed_keys=false) -%}
    {%- for content_type, table in content_interaction_tables().items() %}
    select
        '{{ content_type }}' as content_type,
        '{{ table }}' as content_table,
        content.id as content_id,
        arrays.kind,
        arrays.column_name,
        arrays.user_ids,
        {{ interaction_arrays_fingerprint('content') }} as arrays_fingerprint
    from {{ source('techhub', table) }} as content
    cross join lateral (
        values
        ('reaction_up', 'reaction_up_users', content.reaction_up_users),
        ('reaction_down', 'reaction_down_users', content.reaction_down_users),
        ('favorite', 'favorite_users', content.favorite_users)
    ) as arrays (kind, column_name, user_ids)
    {%- if only_changed_keys %}
    where {{ changed_keys_filter(["'" ~ content_type ~ "'", 'content.id']) }}
    {%- endif %}
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
