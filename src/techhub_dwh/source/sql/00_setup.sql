-- Session-local helpers for the generator: everything lives in pg_temp and disappears with
-- the connection, so the source schema holds only the contract's tables.
-- Placeholders {seed}, {salt}, {dirty}, {scale}, {start_day}, {end_day}, {schema} are filled
-- in by generator.py with validated literals.

set local temp_buffers = '256MB';

-- uniform [0, 1) from (seed, stream, row key): a hash, so every row's values depend only on
-- its key and never on plan shape or parallelism. {salt} is 0 for generate and the window's
-- first day for advance, so successive advances draw fresh values for the same rows.
create function pg_temp.r(s integer, i bigint) returns double precision
language sql immutable parallel safe as $$
    select (hashint8extended(i, {seed}::bigint * 1000003 + {salt}::bigint * 7919 + s)
        & 4503599627370495)::double precision / 4503599627370496.0
$$;

create function pg_temp.ri(s integer, i bigint, n bigint) returns bigint
language sql immutable parallel safe as $$
    select floor(pg_temp.r(s, i) * n)::bigint
$$;

create function pg_temp.pick(s integer, i bigint, a text[]) returns text
language sql immutable parallel safe as $$
    select a[1 + floor(pg_temp.r(s, i) * cardinality(a))::integer]
$$;

-- which kind of messiness (1..n) a value gets, 0 for clean. Each kind has the rate
-- dirty_rate, capped so that at least 10% of values stay clean at very high rates.
create function pg_temp.dk(s integer, i bigint, n integer) returns integer
language sql immutable parallel safe as $$
    select case
        when {dirty}::double precision <= 0 then 0
        when pg_temp.r(s, i) < n * least({dirty}::double precision, 0.9 / n)
            then 1 + floor(pg_temp.r(s, i) / least({dirty}::double precision, 0.9 / n))::integer
        else 0
    end
$$;

-- for the hot loop of the action log: 64 random bits per (stream, row), cut into three
-- 20-bit uniforms by u20, so one hash serves three draws
create function pg_temp.h(s integer, i bigint) returns bigint
language sql immutable parallel safe as $$
    select hashint8extended(i, {seed}::bigint * 1000003 + {salt}::bigint * 7919 + s)
$$;

create function pg_temp.u20(h bigint, k integer) returns double precision
language sql immutable parallel safe as $$
    select ((h >> (20 * k)) & 1048575)::double precision / 1048576.0
$$;

-- dk for a uniform drawn elsewhere
create function pg_temp.dk_u(u double precision, n integer) returns integer
language sql immutable parallel safe as $$
    select case
        when {dirty}::double precision <= 0 then 0
        when u < n * least({dirty}::double precision, 0.9 / n) then 1 + floor(u / least({dirty}::double precision, 0.9 / n))::integer
        else 0
    end
$$;

create function pg_temp.anchor() returns timestamptz
language sql immutable as $$
    select (date '{end_day}' + 1)::timestamp at time zone 'Asia/Almaty'
$$;

create function pg_temp.wstart() returns timestamptz
language sql immutable as $$
    select (date '{start_day}')::timestamp at time zone 'Asia/Almaty'
$$;

create function pg_temp.local_day(t timestamptz) returns date
language sql immutable parallel safe as $$
    select (t at time zone 'Asia/Almaty')::date
$$;

-- a moment of the local day starting at t0 (the instant of its local midnight, from
-- gen_plan.t0: cheaper than converting a local time for every row): mostly business hours
-- with a peak early afternoon, some evening and night
create function pg_temp.ts(t0 timestamptz, s integer, i bigint) returns timestamptz
language sql immutable parallel safe as $$
    select t0 + case
        when pg_temp.r(s, i) < 0.82 then 8.5 + 5 * (pg_temp.r(s + 1, i) + pg_temp.r(s + 2, i))
        else 24 * pg_temp.r(s + 1, i)
    end * interval '1 hour'
$$;

-- a moment between a and b (b capped at the anchor), biased to early when p > 1
create function pg_temp.between_ts(a timestamptz, b timestamptz, s integer, i bigint, p double precision)
returns timestamptz
language sql immutable parallel safe as $$
    select a + (least(b, pg_temp.anchor()) - a) * power(pg_temp.r(s, i), p)
$$;

create function pg_temp.i18n(ru text, kk text, en text, s integer, i bigint) returns jsonb
language sql stable parallel safe as $$
    select case pg_temp.dk(s, i, 6)
        when 0 then jsonb_build_object('ru', ru, 'kk', kk, 'en', en)
        when 1 then case when pg_temp.r(s + 1, i) < 0.5
            then jsonb_build_object('ru', ru) else jsonb_build_object('en', en, 'kk', kk) end
        when 2 then jsonb_build_object('ru', '', 'kk', kk, 'en', '  ')
        when 3 then 'null'::jsonb
        when 4 then to_jsonb(ru)
        when 5 then jsonb_build_object('RU', ru, 'Kk', kk, 'EN', en)
        else null
    end
$$;

-- a status in unexpected case, or an unknown one
create function pg_temp.dirty_status(st text, s integer, i bigint, unknown text) returns text
language sql immutable parallel safe as $$
    select case pg_temp.dk(s, i, 3)
        when 0 then st
        when 1 then upper(st)
        when 2 then ' ' || initcap(st)
        else unknown
    end
$$;

-- k distinct ids in [1, n] (a stride by a prime larger than any user count), then the
-- spec's messiness: NULL, {}, a duplicate, a NULL element, an id of no user.
create function pg_temp.ids_first(s integer, i bigint, n bigint) returns integer
language sql immutable parallel safe as $$
    select (1 + (pg_temp.ri(s, i, greatest(n, 1)) + 1000003) % greatest(n, 1))::integer
$$;

-- the spec's messiness on an array of user ids: NULL, {}, a duplicate, a NULL element, an
-- id of no user. `a` is referenced once so that the function stays inlinable when `a` is
-- a subquery.
create function pg_temp.messy_ids(a integer[], s integer, i bigint, n bigint) returns integer[]
language sql immutable parallel safe as $$
    select case pg_temp.dk(s + 1, i, 5)
        when 1 then null
        when 2 then '{}'::integer[]
        else a || case pg_temp.dk(s + 1, i, 5)
            when 3 then array[pg_temp.ids_first(s, i, n)]
            when 4 then array[null::integer]
            when 5 then array[(n + 1000000 + pg_temp.ri(s + 2, i, 1000))::integer]
            else '{}'::integer[]
        end
    end
$$;

create function pg_temp.phone(i bigint) returns text
language sql immutable parallel safe as $$
    select '+7' || pg_temp.pick(31, i, array['701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778', '700'])
        || lpad(pg_temp.ri(32, i, 10000000)::text, 7, '0')
$$;

-- phones as people type them: '+7 (701) 123-45-67', '87011234567', '7011234567'
create function pg_temp.messy_phone(p text, s integer, i bigint) returns text
language sql immutable parallel safe as $$
    select case pg_temp.dk(s, i, 3)
        when 1 then '+7 (' || substr(p, 3, 3) || ') ' || substr(p, 6, 3) || '-' || substr(p, 9, 2) || '-' || substr(p, 11, 2)
        when 2 then '8' || substr(p, 3)
        when 3 then substr(p, 3)
        else p
    end
$$;

create function pg_temp.first_idx(i bigint) returns integer
language sql immutable parallel safe as $$
    select 1 + pg_temp.ri(21, i, 20)::integer
$$;

create function pg_temp.is_male(i bigint) returns boolean
language sql immutable parallel safe as $$
    select pg_temp.r(20, i) < 0.52
$$;

create function pg_temp.email(i bigint) returns text
language sql stable parallel safe as $$
    select (case when pg_temp.is_male(i)
        then (array['alikhan', 'nurlan', 'erlan', 'daniyar', 'arman', 'timur', 'aidos', 'baurzhan', 'dmitriy', 'sergey',
                    'alexey', 'ruslan', 'askhat', 'erzhan', 'sanzhar', 'azamat', 'maxim', 'igor', 'marat', 'yerassyl'])[pg_temp.first_idx(i)]
        else (array['aigerim', 'dinara', 'aliya', 'assel', 'zhanar', 'madina', 'gulnara', 'anna', 'ekaterina', 'olga',
                    'saule', 'kamila', 'tomiris', 'dana', 'aruzhan', 'anastasia', 'maria', 'saltanat', 'aizhan', 'zhuldyz'])[pg_temp.first_idx(i)]
        end) || case when pg_temp.r(22, i) < 0.5 then '.' else '' end || i
        || '@' || pg_temp.pick(23, i, array['mail.kz', 'gmail.com', 'gmail.com', 'gmail.com', 'mail.ru', 'yandex.kz', 'inbox.ru', 'outlook.com', 'bk.ru', 'icloud.com'])
$$;

create function pg_temp.first_name(i bigint) returns text
language sql immutable parallel safe as $$
    select case when pg_temp.is_male(i)
        then (array['Алихан', 'Нурлан', 'Ерлан', 'Данияр', 'Арман', 'Тимур', 'Айдос', 'Бауыржан', 'Дмитрий', 'Сергей',
                    'Алексей', 'Руслан', 'Асхат', 'Ержан', 'Санжар', 'Азамат', 'Максим', 'Игорь', 'Марат', 'Ерасыл'])[pg_temp.first_idx(i)]
        else (array['Айгерим', 'Динара', 'Алия', 'Асель', 'Жанар', 'Мадина', 'Гульнара', 'Анна', 'Екатерина', 'Ольга',
                    'Сауле', 'Камила', 'Томирис', 'Дана', 'Аружан', 'Анастасия', 'Мария', 'Салтанат', 'Айжан', 'Жулдыз'])[pg_temp.first_idx(i)]
    end
$$;

create function pg_temp.last_name_base(i bigint) returns text
language sql immutable parallel safe as $$
    select pg_temp.pick(24, i, array['Ахметов', 'Нурланов', 'Сериков', 'Жумабаев', 'Касымов', 'Оспанов', 'Искаков',
        'Алиев', 'Иванов', 'Петров', 'Смирнов', 'Ким', 'Тулегенов', 'Бекмуханов', 'Абдрахманов', 'Садыков',
        'Кенжебаев', 'Мусин', 'Омаров', 'Байжанов', 'Сагинтаев', 'Есенов', 'Козлов', 'Попов'])
$$;

create function pg_temp.last_name(i bigint) returns text
language sql immutable parallel safe as $$
    select pg_temp.last_name_base(i)
        || case when not pg_temp.is_male(i) and pg_temp.last_name_base(i) <> 'Ким' then 'а' else '' end
$$;

create function pg_temp.middle_name(i bigint) returns text
language sql immutable parallel safe as $$
    select case when pg_temp.r(25, i) < 0.35 then null
        else pg_temp.pick(26, i, array['Серик', 'Нурлан', 'Ерлан', 'Марат', 'Асхат', 'Сергей', 'Игор', 'Бахыт', 'Кайрат', 'Болат'])
            || case when pg_temp.r(27, i) < 0.3 then case when pg_temp.is_male(i) then ' улы' else ' кызы' end
                    when pg_temp.is_male(i) then 'ович' else 'овна' end
    end
$$;

-- a 12-digit IIN: birth date, century/sex digit, serial
create function pg_temp.iin(s integer, i bigint) returns text
language sql stable parallel safe as $$
    select to_char(date '1965-01-01' + pg_temp.ri(s, i, 14000)::integer, 'YYMMDD')
        || (case when pg_temp.ri(s, i, 14000) < 12783 then 3 else 5 end + pg_temp.ri(s + 1, i, 2))::text
        || lpad(pg_temp.ri(s + 2, i, 100000)::text, 5, '0')
$$;

create function pg_temp.fake_file(folder text, kind text, t timestamptz, i bigint) returns text
language sql stable parallel safe as $$
    select folder || '/' || to_char(t at time zone 'Asia/Almaty', 'YYYY/MM') || '/' || kind || '_' || i
        || '_' || substr(md5(kind || i), 1, 8) || '.pdf'
$$;

-- the calendar: one row per local day with its activity weight (growth since 2019, weekly
-- and seasonal rhythm, public holidays, daily noise)
create temp table gen_day as
select
    d::date as d,
    exp(0.27 * (d::date - date '2019-01-01') / 365.25)
    * case when d::date between date '2020-03-16' and date '2020-06-30' then 0.7 else 1 end
    * (array[1.0, 1.05, 1.05, 1.0, 0.9, 0.35, 0.25])[extract(isodow from d)::integer]
    * (array[0.75, 0.95, 1.0, 1.05, 1.0, 0.9, 0.75, 0.8, 1.1, 1.15, 1.1, 1.0])[extract(month from d)::integer]
    * case when to_char(d, 'MM-DD') in ('01-01', '01-02', '01-07', '03-08', '03-21', '03-22', '03-23', '05-01',
        '05-07', '05-09', '07-06', '08-30', '10-25', '12-16') then 0.3 else 1 end
    * (0.85 + 0.3 * pg_temp.r(1, (d::date - date '2019-01-01')::bigint)) as w
from generate_series(date '2019-01-01', greatest(date '{end_day}', date '2026-11-22'), interval '1 day') d;

-- what grows day by day: rows at scale 1 over 2019-01-01..2026-11-22 (the reference period),
-- the first day it exists, and its table (for id offsets)
create temp table gen_entity (entity text primary key, base double precision, first_day date, tbl text);
insert into gen_entity values
    ('users', 50000, '2019-01-01', 'account_user'),
    ('activations', 15000, '2019-01-01', null),
    ('companies', 5000, '2019-01-01', 'account_company'),
    ('requests', 100000, '2019-01-01', 'service_servicerequest'),
    ('events', 6000, '2019-01-01', 'core_event'),
    ('blogs', 8000, '2019-01-01', 'core_blog'),
    ('vacancies', 6000, '2019-01-01', 'core_vacancy'),
    ('articles', 2000, '2019-01-01', 'core_article'),
    ('techtasks', 1200, '2020-06-01', 'core_techtask'),
    ('discussions', 3000, '2021-01-01', 'core_discussion'),
    ('bookings', 30000, '2019-09-01', 'booking_booking'),
    ('appforms', 20000, '2020-12-01', 'techorda_applicationform'),
    ('actionlog', 1500000, '2019-01-01', 'core_actionlog');

-- max id of every table before this run: new rows get ids above it, children are made
-- only for parents above it
create temp table gen_prev (tbl text primary key, max_id bigint);
insert into gen_prev
{prev_ids};

create temp table gen_plan as
with sref as (
    -- the reference period's total weight: scale 1 has `base` rows over it
    select e.entity, sum(g.w) as w
    from gen_entity e join gen_day g on g.d between e.first_day and date '2026-11-22'
    group by e.entity
), x as (
    select e.entity, e.tbl, g.d,
        case when g.d >= e.first_day then {scale} * e.base * g.w / s.w else 0 end as x
    from gen_entity e join sref s on s.entity = e.entity cross join gen_day g
    where g.d between date '{start_day}' and date '{end_day}'
), c as (
    select *, sum(x) over (partition by entity order by d) as cx from x
), n as (
    select entity, tbl, d, (floor(cx + 0.5) - floor(cx - x + 0.5))::integer as n from c
)
select n.entity, n.d, (n.d::timestamp at time zone 'Asia/Almaty') as t0, n.n,
    coalesce((select max_id from gen_prev p where p.tbl = n.tbl), 0)
        + sum(n.n) over (partition by n.entity order by n.d) - n.n as off
from n;
create index on gen_plan (entity, d);

-- per day, how many rows of each entity exist before (lo) and at the end of (hi) that day:
-- foreign keys pick among rows that already exist
create temp table gen_cum as
select d,
    greatest(max(off) filter (where entity = 'users'), 1) as users_lo,
    greatest(max(off + n) filter (where entity = 'users'), 1) as users_hi,
    greatest(max(off) filter (where entity = 'companies'), 1) as companies_lo,
    greatest(max(off + n) filter (where entity = 'companies'), 1) as companies_hi,
    greatest(max(off) filter (where entity = 'requests'), 1) as requests_lo,
    greatest(max(off + n) filter (where entity = 'events'), 1) as events_hi,
    greatest(max(off + n) filter (where entity = 'blogs'), 1) as blogs_hi,
    greatest(max(off + n) filter (where entity = 'vacancies'), 1) as vacancies_hi,
    greatest(max(off + n) filter (where entity = 'articles'), 1) as articles_hi,
    greatest(max(off + n) filter (where entity = 'techtasks'), 1) as techtasks_hi,
    greatest(max(off + n) filter (where entity = 'discussions'), 1) as discussions_hi,
    greatest(max(off + n) filter (where entity = 'bookings'), 1) as bookings_hi
from gen_plan
group by d;
create unique index on gen_cum (d);

-- what each step changed (advance reports inserted + updated rows per table)
create temp table gen_changes (tbl text, n bigint);

-- moderation (flow 4): most items are published a little after creation; items whose
-- publication would fall after the anchor are still waiting in 'sent'
create function pg_temp.moderation(s integer, i bigint, pub timestamptz) returns text
language sql immutable parallel safe as $$
    select case
        when pg_temp.r(s, i) < 0.06 then 'draft'
        when pg_temp.r(s, i) < 0.10 then 'reject'
        when pg_temp.r(s, i) < 0.13 then 'correction'
        when pub > pg_temp.anchor() then 'sent'
        else 'success'
    end
$$;
