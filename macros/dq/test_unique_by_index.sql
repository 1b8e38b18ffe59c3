{#
    `unique_by_index`: the column (or, on the model, the combination `columns`) is unique because
    a unique index on exactly those columns exists, which makes duplicates impossible. It
    replaces the `unique` test (a full aggregation) on the largest tables: it reads the catalogue
    only. On an engine without indexes it falls back to the ordinary unique check. Fails (one row)
    when the index is missing.
#}
{% test unique_by_index(model, column_name=none, columns=none) %}
    {{ return(adapter.dispatch('test_unique_by_index', 'techhub_dwh')(model, columns or [column_name])) }}
{% endtest %}

{% macro postgres__test_unique_by_index(model, columns) %}
    select 'no unique index on {{ model }} ({{ columns | join(", ") }})' as problem
    where not exists (
        select 1
        from pg_index as index_row
        inner join pg_class as table_row on index_row.indrelid = table_row.oid
        inner join pg_namespace as schema_row on table_row.relnamespace = schema_row.oid
        where
            index_row.indisunique
            and index_row.indisvalid
            and index_row.indnatts = {{ columns | length }}
            and index_row.indpred is null
            and index_row.indexprs is null
            and schema_row.nspname = '{{ model.schema }}'
            and table_row.relname = '{{ model.identifier }}'
            and (
                select array_agg(column_row.attname::text order by column_row.attname::text)
                from pg_attribute as column_row
                where
                    column_row.attrelid = table_row.oid
                    and column_row.attnum = any(index_row.indkey::int2 [])
            ) = array[{% for column in columns | sort %}'{{ column }}'{{ ", " if not loop.last }}{% endfor %}]::text []
    )
{% endmacro %}

{% macro default__test_unique_by_index(model, columns) %}
    select {{ columns | join(", ") }}, count(*) as n_records
    from {{ model }}
    where {% for column in columns %}{{ column }} is not null{{ " and " if not loop.last }}{% endfor %}
    group by {{ columns | join(", ") }}
    having count(*) > 1
{% endmacro %}
