{#
    The warehouse's reader roles, created idempotently before every run:
      techhub_bi   reads marts and kpi (dashboards, analysts);
      techhub_pii  is a member of techhub_bi and also reads pii.
    Table privileges come from each layer's `grants` config (dbt_project.yml); schema usage is
    granted after the run, once the schemas exist. The roles are created without a password:
    dbt never sees one (it writes what its Jinja reads into its artifacts and logs). The build's
    Python side sets TECHHUB_BI_PASSWORD / TECHHUB_PII_PASSWORD as SCRAM verifiers before dbt
    runs (src/techhub_dwh/reader_passwords.py); a plain `dbt build` leaves passwords as they are.
    A build user without CREATEROLE gets a warning, not a failure: an administrator then creates
    the roles once (README, "Roles").
#}
{% macro create_warehouse_roles() %}
    {{ return(adapter.dispatch('create_warehouse_roles', 'techhub_dwh')()) }}
{% endmacro %}

{% macro default__create_warehouse_roles() %}
    do $roles$
    begin
    {%- for role in ['techhub_bi', 'techhub_pii'] %}
        begin
            if not exists (select 1 from pg_roles where rolname = '{{ role }}') then
                create role {{ role }} login;
            end if;
        exception
            when duplicate_object then null;  -- another build created it meanwhile
            when insufficient_privilege then
                raise warning 'techhub-dwh: cannot create role {{ role }}: the build user lacks CREATEROLE';
        end;
    {%- endfor %}
        begin
            grant techhub_bi to techhub_pii;
        exception
            when insufficient_privilege or undefined_object then
                raise warning 'techhub-dwh: cannot make techhub_pii a member of techhub_bi';
        end;
    end
    $roles$;
{% endmacro %}

{# Schema usage for the reader roles; nothing else of the warehouse is theirs to see. #}
{% macro grant_schema_usage() %}
    {%- set usage = {'marts': 'techhub_bi', 'kpi': 'techhub_bi', 'reference': 'techhub_bi', 'pii': 'techhub_pii'} -%}
    do $usage$
    begin
    {%- for schema, role in usage.items() %}
        if exists (select 1 from pg_namespace where nspname = '{{ schema }}')
            and exists (select 1 from pg_roles where rolname = '{{ role }}') then
            grant usage on schema {{ schema }} to {{ role }};
        end if;
    {%- endfor %}
    end
    $usage$;
{% endmacro %}
