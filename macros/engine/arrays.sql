{#
    Array handling. `unnest_user_ids` turns an integer-array column into rows (one per element,
    with its position) for a lateral join; the bridge model cleans them.
#}
{% macro unnest_array(column) -%}
    {{ return(adapter.dispatch('unnest_array', 'techhub_dwh')(column)) }}
{%- endmacro %}

{% macro default__unnest_array(column) -%}
    unnest({{ column }})
{%- endmacro %}

{# Elements of a text array joined with a separator (null array -> null). #}
{% macro array_to_text(column, separator=', ') -%}
    {{ return(adapter.dispatch('array_to_text', 'techhub_dwh')(column, separator)) }}
{%- endmacro %}

{% macro default__array_to_text(column, separator) -%}
    array_to_string({{ column }}, '{{ separator }}')
{%- endmacro %}
