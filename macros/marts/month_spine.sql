{#
    Every month (first day, a date) from the earliest to the latest month of a set of month
    columns, and at least through the build's month: the KPIs' month axis, so a month without
    activity shows zeros instead of disappearing from a chart. `is_complete_month` is false for the
    build's month and any later one (their counts are still growing): trend charts leave them out.
    `months_sql` is a query returning one column named `month` (nulls ignored).
#}
{% macro month_spine(months_sql) -%}
    select
        spine_month::date as month,
        spine_month::date < {{ local_month(build_timestamp()) }} as is_complete_month
    from (
        select
            min(month) as first_month,
            greatest(max(month), {{ local_month(build_timestamp()) }}) as last_month
        from ({{ months_sql }}) as observed_months
        where month is not null
    ) as bounds
    cross join lateral generate_series(bounds.first_month, bounds.last_month, interval '1 month') as spine_month
{%- endmacro %}
