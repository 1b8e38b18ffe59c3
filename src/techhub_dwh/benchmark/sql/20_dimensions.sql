-- The dimensions of the star schema, as plain materialized views over the raw source.

create materialized view mv_bench.dim_date as
select
    to_char(d, 'YYYYMMDD')::integer as date_id,
    d::date as date,
    extract(year from d)::integer as year,
    extract(quarter from d)::integer as quarter,
    extract(month from d)::integer as month,
    extract(week from d)::integer as week,
    extract(day from d)::integer as day,
    extract(isodow from d)::integer as day_of_week,
    extract(isodow from d) in (6, 7) as is_weekend,
    to_char(d, 'MM-DD') in (
        '01-01', '01-02', '01-07', '03-08', '03-21', '03-22', '03-23', '05-01', '05-07', '05-09',
        '07-06', '08-30', '10-25', '12-16'
    ) as is_holiday,
    to_char(d, 'TMMonth') as month_name_en
from generate_series(
    '2019-01-01'::timestamp,
    date_trunc('year', now() at time zone 'Asia/Almaty') + interval '2 years' - interval '1 day',
    interval '1 day'
) as d;

create materialized view mv_bench.dim_org as
select
    o.code as org_code,
    mv_bench.i18n(o.name, 'ru') as name_ru,
    mv_bench.i18n(o.name, 'kk') as name_kk,
    mv_bench.i18n(o.name, 'en') as name_en,
    o.is_active as active
from {source}.core_organization as o;

create materialized view mv_bench.dim_city as
select
    c.id as city_id,
    mv_bench.i18n_display(c.name) as name,
    mv_bench.i18n(c.name, 'ru') as name_ru,
    mv_bench.i18n(c.name, 'kk') as name_kk,
    mv_bench.i18n(c.name, 'en') as name_en,
    upper(trim(c.country)) as country
from {source}.core_city as c;

create materialized view mv_bench.dim_room as
select r.id as room_id, r.name, r.floor, r.max_people, r.pavilion, r.is_active
from {source}.booking_room as r;

create materialized view mv_bench.dim_service as
select
    s.id as service_id,
    s.code as service_code,
    mv_bench.i18n(s.name, 'ru') as name_ru,
    mv_bench.i18n(s.name, 'kk') as name_kk,
    mv_bench.i18n(s.name, 'en') as name_en,
    s.org_code,
    mv_bench.enum(s.kind) as kind,
    s.is_active
from {source}.service_service as s;

create materialized view mv_bench.dim_user as
with first_social as (
    select distinct on (user_id) user_id, mv_bench.enum(provider) as provider
    from {source}.social_auth_usersocialauth
    order by user_id, created
),

first_activation as (
    select distinct on (user_id) user_id, mv_bench.enum(channel) as channel
    from {source}.account_activation
    where user_id is not null
    order by user_id, created_at
),

cleaned as (
    select
        u.*,
        nullif(lower(trim(u.email)), '') as clean_email,
        mv_bench.valid_ts(u.date_joined) as registered_at
    from {source}.account_user as u
)

select
    u.id as user_id,
    case when position('@' in u.clean_email) > 1
        then left(u.clean_email, 1) || '***@' || split_part(u.clean_email, '@', 2)
    end as email,
    nullif(split_part(u.clean_email, '@', 2), '') as email_domain,
    nullif(trim(concat_ws(' ', nullif(trim(u.first_name), ''),
        left(nullif(trim(u.last_name), ''), 1) || '.')), '') as full_name,
    mv_bench.enum(u.role) as role,
    u.is_active,
    u.is_verified,
    u.registered_at,
    mv_bench.local_date_id(u.registered_at) as registered_date_id,
    u.org_code,
    mv_bench.enum(u.language) as language,
    coalesce(s.provider, a.channel) as signup_channel
from cleaned as u
left join first_social as s on s.user_id = u.id
left join first_activation as a on a.user_id = u.id;

create materialized view mv_bench.dim_company as
select
    c.id as company_id,
    case when mv_bench.enum(c.type) <> 'ie' and trim(c.tin) ~ '^[0-9]{12}$' then trim(c.tin) end as tin,
    c.name,
    mv_bench.enum(c.type) as type,
    mv_bench.enum(c.status) as status,
    c.verified,
    mv_bench.valid_ts(c.verified_at) as verified_at,
    mv_bench.truthy(c.tags -> 'tag_startup') as is_startup,
    mv_bench.truthy(c.tags -> 'tag_it_company') as is_it_company,
    mv_bench.truthy(c.tags -> 'tag_techpark') as is_techpark_resident,
    mv_bench.truthy(c.tags -> 'tag_ts_member') as is_ts_member,
    c.employees,
    c.city_id,
    mv_bench.valid_ts(c.created_at) as created_at,
    mv_bench.local_date_id(mv_bench.valid_ts(c.created_at)) as created_date_id
from {source}.account_company as c;
