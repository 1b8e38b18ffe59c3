{# Time-zone handling: every business day and month is local Kazakhstan time (var business_timezone). #}

{# The local wall-clock timestamp (without time zone) of a timestamptz. #}
{% macro to_local(column) -%}
    {{ return(adapter.dispatch('to_local', 'techhub_dwh')(column)) }}
{%- endmacro %}

{% macro default__to_local(column) -%}
    ({{ column }} at time zone '{{ var("business_timezone") }}')
{%- endmacro %}

{# The local day as an integer yyyymmdd, joining dim_date.date_id. #}
{% macro local_date_id(column) -%}
    {{ return(adapter.dispatch('local_date_id', 'techhub_dwh')(column)) }}
{%- endmacro %}

{% macro default__local_date_id(column) -%}
    (to_char({{ to_local(column) }}, 'YYYYMMDD')::integer)
{%- endmacro %}

{# The first day of the local month, as a date. #}
{% macro local_month(column) -%}
    {{ return(adapter.dispatch('local_month', 'techhub_dwh')(column)) }}
{%- endmacro %}

{% macro default__local_month(column) -%}
    (date_trunc('month', {{ to_local(column) }})::date)
{%- endmacro %}

{# Hours between two timestamps, rounded to 2 decimals; null when the interval is not positive. #}
{% macro duration_hours(start_column, end_column) -%}
    {{ return(adapter.dispatch('duration_hours', 'techhub_dwh')(start_column, end_column)) }}
{%- endmacro %}

{% macro default__duration_hours(start_column, end_column) -%}
    (case when {{ end_column }} > {{ start_column }}
        then round((extract(epoch from ({{ end_column }} - {{ start_column }})) / 3600.0)::numeric, 2)
    end)
{%- endmacro %}

{# Days between two timestamps, rounded to 2 decimals; null when either is null. #}
{% macro duration_days(start_column, end_column) -%}
    {{ return(adapter.dispatch('duration_days', 'techhub_dwh')(start_column, end_column)) }}
{%- endmacro %}

{% macro default__duration_days(start_column, end_column) -%}
    round((extract(epoch from ({{ end_column }} - {{ start_column }})) / 86400.0)::numeric, 2)
{%- endmacro %}
