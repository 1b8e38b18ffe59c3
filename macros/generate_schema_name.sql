{#
    Custom schemas are used exactly as named (staging, marts, kpi, ...) on every target, with
    no "<target>_" prefix, so a dashboard's SQL runs unchanged against any environment.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
