-- The action log: by far the largest table. Each day's volume follows the calendar's
-- weight. Activity is skewed: a few power users (every 50th id) make a quarter of the
-- actions, active users (every 7th id) a third, everybody else shares the rest, so most
-- users are quiet; recent users are more active than old ones; anonymous visitors only view. Targets are existing rows,
-- recent ones viewed most. Messiness: keys of missing rows, 'abc', '', ' 42 ', an unknown
-- log type ('news'), actions in upper case.

-- login details (fake addresses and browsers) come from a small table: building a JSON
-- object for every login row would cost more than the rest of the row
create temp table gen_login_data as
select k, jsonb_build_object(
        'ip', '10.' || pg_temp.ri(912, k, 256) || '.' || pg_temp.ri(913, k, 256) || '.' || pg_temp.ri(914, k, 256),
        'user_agent', pg_temp.pick(915, k, array['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0',
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1', 'Mozilla/5.0 (Macintosh) Safari/605.1',
            'TechHub/3.2 (Android 14)', 'TechHub/3.2 (iOS 17)'])) as data
from generate_series(0, 996) k;
alter table gen_login_data add primary key (k);

insert into {schema}.core_actionlog (id, log_type, primary_key, action, user_id, data, created_at)
select a.id,
    case when a.dirt = 5 then 'news' else a.log_type end,
    case a.dirt
        when 1 then (a.target + 50000000)::text
        when 2 then 'abc'
        when 3 then ''
        when 4 then ' ' || a.target || ' '
        else a.target::text
    end,
    case when pg_temp.dk(911, a.id, 1) = 1 then upper(a.action) else a.action end,
    a.user_id,
    case when a.action = 'login' then ld.data
        when a.log_type = 'service_request' and a.action = 'update' then '{"field": "status"}'::jsonb
    end,
    a.created
from (
    select c.id, c.created, c.dirt, c.log_type, c.action, c.user_id,
        case
            when c.log_type = 'user' then c.user_id
            else greatest(1, c.hi - floor(c.hi * power(c.y, 3)))::bigint
        end as target
    from (
        select b.id, b.created, b.y, pg_temp.dk_u(b.d, 5) as dirt,
            case
                when b.x < 0.20 or b.x >= 0.96 or (b.x >= 0.88 and b.x < 0.93) then 'user'
                when b.x < 0.36 then 'event'
                when b.x < 0.50 then 'blog'
                when b.x < 0.61 then 'vacancy'
                when b.x < 0.65 then 'article'
                when b.x < 0.67 then 'techtask'
                when b.x < 0.71 then 'discussion'
                when b.x < 0.79 then 'service_request'
                when b.x < 0.84 then 'company'
                when b.x < 0.88 then 'booking'
                else (array['event', 'blog', 'vacancy'])[1 + floor(b.z * 3)::integer]
            end as log_type,
            case
                when b.x < 0.20 then 'login'
                when b.x < 0.71 then 'view'
                when b.x < 0.79 then case when b.z < 0.6 then 'view' else 'update' end
                when b.x < 0.84 then case when b.z < 0.8 then 'view' else 'update' end
                when b.x < 0.88 then case when b.z < 0.5 then 'create' else 'view' end
                when b.x < 0.93 then case when b.z < 0.7 then 'view' else 'update' end
                when b.x < 0.96 then 'create'
                else 'logout'
            end as action,
            case
                when b.x >= 0.20 and b.x < 0.71 and b.z < 0.12 then null
                when b.u < 0.25 and b.users_hi >= 50
                    then 50 * (1 + floor(floor(b.users_hi / 50) * power(b.v, 2)))::bigint
                when b.u < 0.60 and b.users_hi >= 7
                    then 7 * (floor(b.users_hi / 7) - floor(floor(b.users_hi / 7) * power(b.v, 1.5)))::bigint
                else greatest(1, b.users_hi - floor(b.users_hi * power(b.v, 1.5)))::bigint
            end as user_id,
            case
                when b.x < 0.36 then b.events_hi
                when b.x < 0.50 then b.blogs_hi
                when b.x < 0.61 then b.vacancies_hi
                when b.x < 0.65 then b.articles_hi
                when b.x < 0.67 then b.techtasks_hi
                when b.x < 0.71 then b.discussions_hi
                when b.x < 0.79 then b.requests_lo
                when b.x < 0.84 then b.companies_hi
                when b.x < 0.88 then b.bookings_hi
                when b.x < 0.93 then 1
                when b.x < 0.96 then (array[b.events_hi, b.blogs_hi, b.vacancies_hi])[1 + floor(b.z * 3)::integer]
                else 1
            end as hi
        from (
            select h.id, h.users_hi, h.companies_hi, h.requests_lo, h.events_hi, h.blogs_hi, h.vacancies_hi,
                h.articles_hi, h.techtasks_hi, h.discussions_hi, h.bookings_hi,
                pg_temp.u20(h.h1, 0) as x, pg_temp.u20(h.h1, 1) as y, pg_temp.u20(h.h1, 2) as z,
                pg_temp.u20(h.h2, 0) as u, pg_temp.u20(h.h2, 1) as v, pg_temp.u20(h.h3, 2) as d,
                -- the same hours as pg_temp.ts: business hours peaking early afternoon, some night
                h.t0 + case when pg_temp.u20(h.h2, 2) < 0.82
                    then 8.5 + 5 * (pg_temp.u20(h.h3, 0) + pg_temp.u20(h.h3, 1))
                    else 24 * pg_temp.u20(h.h3, 0) end * interval '1 hour' as created
            from (
                select p.off + k as id, p.t0, pg_temp.h(904, p.off + k) as h1, pg_temp.h(905, p.off + k) as h2,
                    pg_temp.h(906, p.off + k) as h3,
                    g.users_hi, g.companies_hi, g.requests_lo, g.events_hi, g.blogs_hi, g.vacancies_hi, g.articles_hi,
                    g.techtasks_hi, g.discussions_hi, g.bookings_hi
                from gen_plan p
                join gen_cum g on g.d = p.d
                cross join generate_series(1, p.n) k
                where p.entity = 'actionlog'
                offset 0
            ) h
            offset 0
        ) b
        offset 0
    ) c
    offset 0
) a
left join gen_login_data ld on ld.k = a.user_id % 997;

insert into gen_changes select 'core_actionlog', sum(n) from gen_plan where entity = 'actionlog';
