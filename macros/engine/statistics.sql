{#
    Post-hook of every model (dbt_project.yml): fresh planner statistics on a table just built.
    PostgreSQL does not analyze a table made by `create table as`; until autovacuum comes by, the
    planner takes it for one row, and a relationships test or a join downstream in the same run
    picks a nested loop over thousands of rows (seen: 121 s instead of under 1 s at scale 1).
    Views have nothing to analyze, and neither has an incremental run: it changes a small part
    of the table, whose statistics stay representative (autovacuum re-analyzes a table once a
    tenth of it changed); analyzing every incremental table every night cost about a second
    each. Other engines compute statistics their own way: no-op there.
#}
{% macro analyze_built_table() -%}
    {{ return(adapter.dispatch('analyze_built_table', 'techhub_dwh')()) }}
{%- endmacro %}

{% macro default__analyze_built_table() -%}
{%- endmacro %}

{% macro postgres__analyze_built_table() -%}
    {%- if model.config.materialized == 'table' or (model.config.materialized == 'incremental' and not is_incremental()) -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
