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

{#
    The integers from start to stop, as a set-returning expression for a lateral join
    (`cross join lateral {{ integer_series('1', 'n') }} as series (n)`): one row per occurrence.
#}
{% macro integer_series(start, stop) -%}
    {{ return(adapter.dispatch('integer_series', 'techhub_dwh')(start, stop)) }}
{%- endmacro %}

{% macro default__integer_series(start, stop) -%}
    generate_series({{ start }}, {{ stop }})
{%- endmacro %}

{# The number of elements of an array, NULL elements included (null array -> null, {} -> 0). #}
{% macro array_size(column) -%}
    {{ return(adapter.dispatch('array_size', 'techhub_dwh')(column)) }}
{%- endmacro %}

{% macro default__array_size(column) -%}
    cardinality({{ column }})
{%- endmacro %}
