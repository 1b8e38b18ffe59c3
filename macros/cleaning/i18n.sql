{#
    Flattens an i18n JSONB column ({"ru": ..., "kk": ..., "en": ...}) into <name>_ru, <name>_kk,
    <name>_en and the display column <name> = first non-null of ru, en, kk.
    Keys match case-insensitively; empty or blank strings are null; a bare JSON string is the
    Russian text; SQL NULL, JSON null, numbers and arrays give nulls.
    Use in a CTE's select list; the display column reads the three language columns, so the
    caller selects them from a CTE: {{ i18n_columns('title') }} then {{ i18n_display('title') }}.
#}
{% macro i18n_text(column, language) -%}
    nullif(trim(
        case {{ json_type(column) }}
            when 'object' then {{ json_text_ci(column, language) }}
            {%- if language == 'ru' %}
            when 'string' then {{ json_scalar_text(column) }}
            {%- endif %}
        end
    ), '')
{%- endmacro %}

{% macro i18n_columns(column, name=none) -%}
    {%- set name = name or column -%}
    {{ i18n_text(column, 'ru') }} as {{ name }}_ru,
    {{ i18n_text(column, 'kk') }} as {{ name }}_kk,
    {{ i18n_text(column, 'en') }} as {{ name }}_en
{%- endmacro %}

{% macro i18n_display(name) -%}
    coalesce({{ name }}_ru, {{ name }}_en, {{ name }}_kk)
{%- endmacro %}
