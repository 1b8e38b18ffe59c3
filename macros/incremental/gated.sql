{#
    delete_vanished_keys (macros/marts/incremental.sql) behind a cheap check. Its anti-join reads
    the whole target and the whole upstream on every run, for keys that almost never vanish. A
    key vanishes only when all its upstream rows are gone, and then the target's totals (columns
    summing upstream rows, e.g. a row count) exceed the upstream's: `totals` maps each such
    target column to the upstream aggregate it sums (over the alias `upstream`, under
    `upstream_filter`). The comparison is an uncorrelated scalar subquery, a one-time filter:
    when the totals agree, PostgreSQL skips the anti-join, and the statement costs two
    aggregates.
#}
{% macro delete_vanished_keys_if_totals_differ(key, upstream, upstream_key=none, upstream_filter=none, totals={}) -%}
    {%- set totals_differ -%}
        select
            {%- for column, aggregate in totals.items() %}
            loaded_totals.{{ column }} is distinct from upstream_totals.{{ column }}
            {%- if not loop.last %} or{% endif %}
            {%- endfor %}
        from (
            select
                {%- for column in totals %}
                sum(target.{{ column }}) as {{ column }}{{ "," if not loop.last }}
                {%- endfor %}
            from {{ this }} as target
        ) as loaded_totals
        cross join (
            select
                {%- for column, aggregate in totals.items() %}
                {{ aggregate }} as {{ column }}{{ "," if not loop.last }}
                {%- endfor %}
            from {{ upstream }} as upstream
            {%- if upstream_filter %}
            where {{ upstream_filter }}
            {%- endif %}
        ) as upstream_totals
    {%- endset -%}
    {{ delete_vanished_keys(key, upstream, upstream_key, upstream_filter, only_when=totals_differ if totals else none) }}
{%- endmacro %}
