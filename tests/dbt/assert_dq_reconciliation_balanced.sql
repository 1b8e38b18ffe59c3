{{ config(tags=['dq']) }}
{#-
    Nothing is lost: for every source table, rows kept by staging + rows set aside in dq = rows in
    the source; and dq_reconciliation covers every source table, those of the dbt sources (checked
    against the source contract) and those of techhub_source_tables(). Returns the failures.
-#}

{%- set tables = techhub_source_tables() | list %}
{%- if execute %}
    {%- for node in graph.sources.values() if node.source_name == 'techhub' and node.name not in tables %}
        {%- do tables.append(node.name) %}
    {%- endfor %}
{%- endif %}

with

reconciliation as (

    select * from {{ ref('dq_reconciliation') }}

),

expected as (

    {% for table in tables %}
        select '{{ table }}' as source_table
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

unbalanced as (

    select
        source_table,
        'source_rows ' || source_rows || ' <> staged_rows ' || staged_rows
        || ' + set_aside_rows ' || set_aside_rows as problem

    from reconciliation
    where
        source_rows is null
        or staged_rows is null
        or set_aside_rows is null
        or source_rows <> staged_rows + set_aside_rows

),

missing as (

    select
        expected.source_table,
        'missing from dq_reconciliation' as problem

    from expected
    left join reconciliation
        on expected.source_table = reconciliation.source_table
    where reconciliation.source_table is null

)

select * from unbalanced
union all
select * from missing
