{#
    `unique_by_index`: the column is unique because a unique index on exactly that column exists,
    which makes duplicates impossible. It replaces the `unique` test (a full aggregation) on the
    largest tables: it reads the catalogue only. On an engine without indexes it falls back to the
    ordinary unique check. Fails (one row) when the index is missing.
#}
{% test unique_by_index(model, column_name) %}
    {{ return(adapter.dispatch('test_unique_by_index', 'techhub_dwh')(model, column_name)) }}
{% endtest %}

{% macro postgres__test_unique_by_index(model, column_name) %}
    select 'no unique index on {{ model }} ({{ column_name }})' as problem
    where not exists (
        select 1
        from pg_index as index_row
        inner join pg_class as table_row on index_row.indrelid = table_row.oid
        inner join pg_namespace as schema_row on table_row.relnamespace = schema_row.oid
        inner join pg_attribute as column_row
            on column_row.attrelid = table_row.oid and column_row.attnum = index_row.indkey[0]
        where
            index_row.indisunique
            and index_row.indisvalid
            and index_row.indnkeyatts = 1
            and index_row.indpred is null
            and schema_row.nspname = '{{ model.schema }}'
            and table_row.relname = '{{ model.identifier }}'
            and column_row.attname = '{{ column_name }}'
    )
{% endmacro %}

{% macro default__test_unique_by_index(model, column_name) %}
    select {{ column_name }} as unique_field, count(*) as n_records
    from {{ model }}
    where {{ column_name }} is not null
    group by {{ column_name }}
    having count(*) > 1
{% endmacro %}
