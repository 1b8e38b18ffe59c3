{#
    Tests that cost what the change costs. dbt wraps the model of every generic data test in
    get_where_subquery (it applies the test's `where` config); this project's version also
    narrows a test of a changed_keys model, after an incremental build of it, to the keys that
    build reloaded (observability.<model>__changed_keys): the rows nothing touched were tested
    when they were written. A full refresh (`--full-refresh`), a full build of the model and CI
    test every row. Singular tests, and unique_by_index (a look at the catalogue), are not
    narrowed.
#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set window = changed_keys_test_window(relation) -%}
    {%- if window -%}
        {%- do conditions.append(window) -%}
    {%- endif -%}
    {%- if conditions -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{# The condition selecting the keys the model's last build reloaded, or none to test every row. #}
{% macro changed_keys_test_window(relation) -%}
    {%- set test_name = ((model or {}).get('test_metadata') or {}).get('name') -%}
    {%- if not execute or flags.FULL_REFRESH or relation is string or relation.identifier is none
        or test_name == 'unique_by_index' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.alias == relation.identifier and node.schema == relation.schema
        and node.config.materialized == 'incremental' and (node.config.meta or {}).get('changed_keys') -%}
        {%- set last_build = query_row("select reloaded_keys from " ~ incremental_state_relation()
            ~ " where model_name = '" ~ node.alias ~ "' and feed_name = '__self__'") -%}
        {%- if last_build.get('reloaded_keys') is not none -%}
            {%- set unique_key = node.config.unique_key -%}
            {%- set keys = ([unique_key] if unique_key is string else unique_key) -%}
            {{ return(_in_changed_keys(keys, node.alias, keys)) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}
