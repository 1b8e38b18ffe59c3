{#
    Engine-specific JSON access. Models call these macros and never an engine's JSON
    operators, so another engine (Spark) only needs its own implementations here.
#}

{# The text of `key` in a JSON object column; null when absent, JSON null, or not an object. #}
{% macro json_text(column, key) -%}
    {{ return(adapter.dispatch('json_text', 'techhub_dwh')(column, key)) }}
{%- endmacro %}

{% macro default__json_text(column, key) -%}
    ({{ column }} ->> '{{ key }}')
{%- endmacro %}

{# The JSON type of a value: object, array, string, number, boolean, null (SQL null when SQL null). #}
{% macro json_type(column) -%}
    {{ return(adapter.dispatch('json_type', 'techhub_dwh')(column)) }}
{%- endmacro %}

{% macro default__json_type(column) -%}
    jsonb_typeof({{ column }})
{%- endmacro %}

{# A bare JSON string's text (the value itself, unquoted). #}
{% macro json_scalar_text(column) -%}
    {{ return(adapter.dispatch('json_scalar_text', 'techhub_dwh')(column)) }}
{%- endmacro %}

{% macro default__json_scalar_text(column) -%}
    ({{ column }} #>> '{}')
{%- endmacro %}

{#
    The text under `key` of a JSON object, the key matched case-insensitively ("RU" = "ru").
    The exact-case key is tried first: it is the common case and needs no scan of the object.
#}
{% macro json_text_ci(column, key) -%}
    {{ return(adapter.dispatch('json_text_ci', 'techhub_dwh')(column, key)) }}
{%- endmacro %}

{% macro default__json_text_ci(column, key) -%}
    coalesce(
        {{ column }} ->> '{{ key }}',
        case when jsonb_typeof({{ column }}) = 'object' then (
            select entry.value #>> '{}'
            from jsonb_each({{ column }}) as entry
            where lower(entry.key) = '{{ key | lower }}' and jsonb_typeof(entry.value) = 'string'
            order by entry.key
            limit 1
        ) end
    )
{%- endmacro %}

{#
    True only for JSON true, "true", 1 or "1" under `key`; false for anything else, including a
    missing key, JSON null, another value or a column that is not an object.
#}
{% macro json_truthy(column, key) -%}
    {{ return(adapter.dispatch('json_truthy', 'techhub_dwh')(column, key)) }}
{%- endmacro %}

{% macro default__json_truthy(column, key) -%}
    coalesce(
        ({{ column }} -> '{{ key }}') in ('true'::jsonb, '"true"'::jsonb, '1'::jsonb, '"1"'::jsonb),
        false
    )
{%- endmacro %}

{# The JSON value under `key` of a JSON object column (null when absent or not an object), as JSON. #}
{% macro json_get(column, key) -%}
    {{ return(adapter.dispatch('json_get', 'techhub_dwh')(column, key)) }}
{%- endmacro %}

{% macro default__json_get(column, key) -%}
    ({{ column }} -> '{{ key }}')
{%- endmacro %}

{#
    The number under `key` of a JSON object column, as numeric: a JSON number, or a JSON string
    holding a plain decimal number (" 25 ", "-3.5"); null for anything else (missing, null, "abc",
    true, an object, or the column not an object).
#}
{% macro json_number(column, key) -%}
    {{ return(adapter.dispatch('json_number', 'techhub_dwh')(column, key)) }}
{%- endmacro %}

{% macro default__json_number(column, key) -%}
    (case
        when jsonb_typeof({{ column }} -> '{{ key }}') = 'number'
            then ({{ column }} ->> '{{ key }}')::numeric
        when jsonb_typeof({{ column }} -> '{{ key }}') = 'string'
            and trim({{ column }} ->> '{{ key }}') ~ '^-?[0-9]{1,15}(\.[0-9]{1,6})?$'
            then trim({{ column }} ->> '{{ key }}')::numeric
    end)
{%- endmacro %}
