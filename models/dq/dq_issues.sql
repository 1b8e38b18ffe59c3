{{ config(materialized='view') }}

{#-
    Every value problem that staging cleaned but kept, for readers: the union of the dq models of
    one issue kind each (their columns, in this order). One row per problem value, and one per
    array element the interaction bridge dropped. A view: each kind is built (and, for the ones
    that follow the action log, kept incrementally) by its own model.
-#}

{%- set kinds = [
    'dq_unknown_enums',
    'dq_invalid_timestamps',
    'dq_invalid_intervals',
    'dq_invalid_values',
    'dq_orphan_keys',
    'dq_non_numeric_keys',
    'dq_dropped_array_elements',
] %}

with

unioned as (

    {% for kind in kinds %}
        select
            source_table,
            source_key,
            column_name,
            issue,
            raw_value,
            detail,
            detected_at

        from {{ ref(kind) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
