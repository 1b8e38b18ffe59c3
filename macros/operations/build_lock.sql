{#
    One build at a time per warehouse database (src/techhub_dwh/build_lock.py): the first
    on-run-start hook of the dbt commands that write (build, run, seed, snapshot, retry).

    - Started by a build that holds the lock (`techhub-dwh build`, `techhub-dwh dbt build`, the
      Dagster dbt asset), dbt's connections carry the holder's backend pid in the setting
      techhub.build_lock_holder (PGOPTIONS); while that backend holds the lock, the run goes on.
    - Otherwise (plain `dbt build`) the hook takes the lock itself with pg_try_advisory_lock. dbt
      closes the hooks' connection once the on-run-start hooks have run, which releases it: plain
      dbt refuses to start while another build runs, but does not keep later builds out.
    - Held by another session: the run stops before anything is built, with one line naming the
      running build.

    The lock is pg_try_advisory_lock(1952804916, 1) (LOCK_CLASS, LOCK_ID in build_lock.py).
#}
{% macro take_build_lock() %}
    {{ return(adapter.dispatch('take_build_lock', 'techhub_dwh')()) }}
{% endmacro %}

{% macro default__take_build_lock() %}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'seed', 'snapshot', 'retry'] -%}
        {{ return('select 1 as build_lock_not_needed') }}
    {%- endif -%}

    {%- set holder_sql -%}
        select
            activity.pid,
            coalesce(nullif(activity.application_name, ''), 'an unnamed session') as application_name,
            coalesce(activity.usename::text, '?') as usename,
            coalesce(
                host(activity.client_addr), case activity.client_port when -1 then 'a local socket' end, '?'
            ) as client,
            coalesce(', since ' || to_char(activity.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'), '') as since,
            lock.pid::text = current_setting('techhub.build_lock_holder', true) as is_parent
        from pg_catalog.pg_locks as lock
        left join pg_catalog.pg_stat_activity as activity on lock.pid = activity.pid
        where
            lock.locktype = 'advisory'
            and lock.granted
            and lock.database = (select oid from pg_catalog.pg_database where datname = current_database())
            and lock.classid = 1952804916::oid
            and lock.objid = 1::oid
            and lock.objsubid = 2
            and lock.pid <> pg_backend_pid()
    {%- endset -%}

    {%- set held = run_query(holder_sql) -%}
    {%- if held.rows | length > 0 and held.rows[0]['is_parent'] -%}
        {{ log('Build lock: held by the build that started this run (backend pid ' ~ held.rows[0]['pid'] ~ ')', info=True) }}
        {{ return('select 1 as build_lock_inherited') }}
    {%- endif -%}
    {%- if held.rows | length == 0 and run_query('select pg_try_advisory_lock(1952804916, 1) as taken').rows[0]['taken'] -%}
        {{ log('Build lock: free; held during the on-run-start hooks only (dbt then closes their connection): '
               ~ '`techhub-dwh dbt ' ~ flags.WHICH ~ '` holds it for the whole run', info=True) }}
        {{ return('select 1 as build_lock_taken') }}
    {%- endif -%}

    {%- set running = run_query(holder_sql) -%}
    {%- if running.rows | length > 0 -%}
        {%- set row = running.rows[0] -%}
        {%- set who = row['application_name'] ~ ' (backend pid ' ~ row['pid'] ~ ', user ' ~ row['usename']
            ~ ', from ' ~ row['client'] ~ row['since'] ~ ')' -%}
    {%- else -%}
        {%- set who = 'a build that has just ended' -%}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('techhub-dwh: another build is running on database ' ~ target.dbname
        ~ ': ' ~ who ~ '; nothing was done, try again when it has finished') }}
{% endmacro %}
