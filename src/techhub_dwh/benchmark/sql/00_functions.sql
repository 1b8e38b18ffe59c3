-- The approach the source team would take without dbt: plain SQL materialized views in the
-- schema mv_bench, reading the raw source copy (the schema name {source} is substituted), each
-- refreshed whole every night in the order of these files.
--
-- Helper functions a TechHub engineer would write once. Each is a single SQL expression, so
-- PostgreSQL inlines it: they cost nothing at run time compared with writing the expression out.
-- Statements end with a semicolon at the end of a line; the benchmark splits on that.

create function mv_bench.enum(v text) returns text
language sql immutable parallel safe
as $$ select lower(trim(v)) $$;

create function mv_bench.pk(k text) returns bigint
language sql immutable parallel safe
as $$ select case when trim(k) ~ '^[0-9]{1,18}$' then trim(k)::bigint end $$;

create function mv_bench.valid_ts(t timestamptz) returns timestamptz
language sql stable parallel safe
as $$ select case when t >= '2015-01-01'::timestamptz and t <= now() + interval '1 year' then t end $$;

create function mv_bench.local_date_id(t timestamptz) returns integer
language sql stable parallel safe
as $$ select to_char(t at time zone 'Asia/Almaty', 'YYYYMMDD')::integer $$;

create function mv_bench.local_month(t timestamptz) returns date
language sql stable parallel safe
as $$ select date_trunc('month', t at time zone 'Asia/Almaty')::date $$;

create function mv_bench.i18n(j jsonb, lang text) returns text
language sql immutable parallel safe
as $$
    select nullif(trim(case jsonb_typeof(j)
        when 'object' then coalesce(j ->> lang, j ->> upper(lang))
        when 'string' then case when lang = 'ru' then j #>> '{}' end
    end), '')
$$;

create function mv_bench.i18n_display(j jsonb) returns text
language sql immutable parallel safe
as $$ select coalesce(mv_bench.i18n(j, 'ru'), mv_bench.i18n(j, 'en'), mv_bench.i18n(j, 'kk')) $$;

create function mv_bench.truthy(v jsonb) returns boolean
language sql immutable parallel safe
as $$ select coalesce(v in ('true'::jsonb, '"true"'::jsonb, '1'::jsonb, '"1"'::jsonb), false) $$;
