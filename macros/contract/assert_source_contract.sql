{#
    Schema drift, checked before anything is built (an on-run-start hook in dbt_project.yml).

    The source copy's catalog is compared with the contract as the dbt sources declare it
    (every column's data_type in models/staging/techhub/_techhub__sources.yml, transcribed from
    src/techhub_dwh/source/contract.yml). Only the source tables that this invocation's selected
    nodes read are checked: `dbt build` checks all of them, `dbt seed` none.

    - a contract table or column that is missing, or a column whose type is not compatible,
      stops the run with a compiler error naming the schema, table and column;
    - an extra table or column is ignored (staging selects columns by name).

    Compatible = the same type family: all string types (varchar of any length, text, char), all
    number types (smallint ... numeric, real), booleans; any other type is its own family (date,
    timestamptz, timestamp, jsonb, json, ...); an array's family is its element's. Same rules as
    `techhub-dwh source check` (src/techhub_dwh/source/drift.py), which also lists the notes.

    var source_contract_check: error (default), warn (log the problems and go on) or off.
#}
{% macro assert_source_contract() %}
    {{ return(adapter.dispatch('assert_source_contract', 'techhub_dwh')()) }}
{% endmacro %}

{% macro default__assert_source_contract() %}
    {%- set mode = var('source_contract_check', 'error') -%}
    {%- if not execute or mode == 'off' -%}
        {{ return('select 1 as source_contract_not_checked') }}
    {%- endif -%}

    {#- The source tables read by the selected nodes. -#}
    {%- set wanted = [] -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node is not none -%}
            {%- for dependency in node.depends_on.nodes -%}
                {%- if dependency.startswith('source.') and dependency not in wanted -%}
                    {%- do wanted.append(dependency) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if wanted | length == 0 -%}
        {{ return('select 1 as source_contract_not_needed') }}
    {%- endif -%}

    {%- set expected = [] -%}
    {%- for unique_id in wanted | sort -%}
        {%- set source_node = graph.sources[unique_id] -%}
        {%- for column in source_node.columns.values() -%}
            {%- do expected.append([source_node.schema, source_node.identifier, column.name, column.data_type or '']) -%}
        {%- endfor -%}
        {%- if source_node.columns | length == 0 -%}
            {%- do expected.append([source_node.schema, source_node.identifier, '', '']) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set family -%}
        case when {t}.typcategory = 'A' then 'array of ' else '' end
        || case coalesce({e}.typcategory, {t}.typcategory)
            when 'N' then 'number'
            when 'S' then 'string'
            when 'B' then 'boolean'
            else coalesce({e}.typname, {t}.typname)::text
        end
    {%- endset -%}

    {%- set check_sql -%}
        with expected (schema_name, table_name, column_name, declared_type) as (
            values
            {%- for row in expected %}
                ({% for value in row %}'{{ value | replace("'", "''") }}'{{ ', ' if not loop.last }}{% endfor %}){{ ',' if not loop.last }}
            {%- endfor %}
        ),

        actual as (
            select
                ns.nspname as schema_name,
                cls.relname as table_name,
                att.attname as column_name,
                format_type(att.atttypid, att.atttypmod) as type_name,
                {{ family.replace('{t}', 'typ').replace('{e}', 'elem') }} as family
            from pg_catalog.pg_class as cls
            inner join pg_catalog.pg_namespace as ns on cls.relnamespace = ns.oid
            inner join pg_catalog.pg_attribute as att
                on cls.oid = att.attrelid and att.attnum > 0 and not att.attisdropped
            inner join pg_catalog.pg_type as typ on att.atttypid = typ.oid
            left join pg_catalog.pg_type as elem on typ.typcategory = 'A' and typ.typelem = elem.oid
            where ns.nspname in (select distinct expected.schema_name from expected)
                and cls.relkind in ('r', 'p', 'v', 'm', 'f')
        ),

        checked as (
            select
                expected.schema_name,
                expected.table_name,
                expected.column_name,
                expected.declared_type,
                actual.type_name,
                actual.family,
                {{ family.replace('{t}', 'dtyp').replace('{e}', 'delem') }} as declared_family,
                exists (
                    select 1 from actual as any_column
                    where any_column.schema_name = expected.schema_name
                        and any_column.table_name = expected.table_name
                ) as table_exists
            from expected
            left join actual
                on expected.schema_name = actual.schema_name
                and expected.table_name = actual.table_name
                and expected.column_name = actual.column_name
            left join pg_catalog.pg_type as dtyp on dtyp.oid = to_regtype(nullif(expected.declared_type, ''))
            left join pg_catalog.pg_type as delem on dtyp.typcategory = 'A' and dtyp.typelem = delem.oid
        )

        select distinct
            schema_name,
            table_name,
            case when table_exists then column_name else '' end as column_name,
            case
                when not table_exists then 'table missing'
                when type_name is null then 'column missing (the contract needs ' || declared_type || ')'
                else 'type ' || type_name || ' is not compatible with the contract''s ' || declared_type
            end as problem
        from checked
        where not table_exists
            or (column_name <> '' and type_name is null)
            or (declared_type <> '' and family is distinct from declared_family)
        order by 1, 2, 3
    {%- endset -%}

    {%- set result = run_query(check_sql) -%}
    {%- set problems = [] -%}
    {%- for row in result.rows -%}
        {%- set where = row['schema_name'] ~ '.' ~ row['table_name'] ~ ('.' ~ row['column_name'] if row['column_name'] else '') -%}
        {%- do problems.append(where ~ ': ' ~ row['problem']) -%}
    {%- endfor -%}

    {%- if problems -%}
        {%- set message -%}
Source schema drift: the source copy does not match the contract, so nothing was built.
{% for problem in problems %}  - {{ problem }}
{% endfor -%}
Fix the copy, or (for a deliberate change of the source system) the contract and the dbt sources;
`techhub-dwh source check` lists every difference. Extra tables and columns are ignored.
        {%- endset -%}
        {%- if mode == 'warn' -%}
            {{ log('WARNING: ' ~ message, info=True) }}
        {%- else -%}
            {{ exceptions.raise_compiler_error(message) }}
        {%- endif -%}
    {%- else -%}
        {{ log('Source contract: the ' ~ wanted | length ~ ' source table(s) read by this run match it', info=True) }}
    {%- endif -%}
    {{ return('select 1 as source_contract_checked') }}
{% endmacro %}
