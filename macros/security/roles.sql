{#
    The warehouse's reader roles, created idempotently before every run:
      techhub_bi   reads marts and kpi (dashboards, analysts);
      techhub_pii  is a member of techhub_bi and also reads pii.
    Table privileges come from each layer's `grants` config (dbt_project.yml); schema usage is
    granted after the run, once the schemas exist. Passwords come from TECHHUB_BI_PASSWORD and
    TECHHUB_PII_PASSWORD; without them the roles can log in only where the server trusts them.
    A build user without CREATEROLE gets a warning, not a failure: an administrator then creates
    the roles once (README, "Roles").
#}
{% macro create_warehouse_roles() %}
    {{ return(adapter.dispatch('create_warehouse_roles', 'techhub_dwh')()) }}
{% endmacro %}

{% macro default__create_warehouse_roles() %}
    {%- set roles = {
        'techhub_bi': env_var('TECHHUB_BI_PASSWORD', ''),
        'techhub_pii': env_var('TECHHUB_PII_PASSWORD', ''),
    } -%}
    do $roles$
    begin
    {%- for role, password in roles.items() %}
        begin
            if not exists (select 1 from pg_roles where rolname = '{{ role }}') then
                create role {{ role }} login;
            end if;
            {%- if password %}
            alter role {{ role }} login password {{ "'" ~ password | replace("'", "''") ~ "'" }};
            {%- endif %}
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
