-- Companies, each created by an existing user who becomes its owner. Verification comes
-- later, from accreditation requests (05_company_verification.sql). Messiness: tin too
-- short or with letters, statuses in odd case or unknown, tags in every broken shape.

create temp table gen_company as
select p.off + k as id, p.d, pg_temp.ts(p.t0, 140, p.off + k) as created,
    -- owners: recent users more often (people register to create their company)
    greatest(1, c.users_lo - floor(c.users_lo * power(pg_temp.r(141, p.off + k), 2)))::bigint as owner_id,
    case
        when pg_temp.r(142, p.off + k) < 0.70 then 'llp'
        when pg_temp.r(142, p.off + k) < 0.84 then 'ie'
        when pg_temp.r(142, p.off + k) < 0.88 then 'jsc'
        when pg_temp.r(142, p.off + k) < 0.92 then 'branch'
        when pg_temp.r(142, p.off + k) < 0.96 then 'foreign'
        else 'ngo'
    end as type
from gen_plan p
join gen_cum c on c.d = p.d
cross join generate_series(1, p.n) k
where p.entity = 'companies';
alter table gen_company add primary key (id);

insert into {schema}.account_company (id, tin, name, type, status, verified, verified_at, tags, employees, city_id,
    created_at, updated_at)
select c.id,
    case pg_temp.dk(143, c.id, 3)
        when 1 then left(t.tin, 10 + pg_temp.ri(144, c.id, 2)::integer)
        when 2 then 'KZ' || left(t.tin, 10)
        when 3 then overlay(t.tin placing 'O' from 1 + pg_temp.ri(144, c.id, 12)::integer)
        else t.tin
    end,
    case c.type
        when 'ie' then 'ИП ' || pg_temp.last_name(c.owner_id) || ' ' || left(pg_temp.first_name(c.owner_id), 1) || '.'
        when 'llp' then 'ТОО «' || n.name || '»'
        when 'jsc' then 'АО «' || n.name || '»'
        when 'branch' then 'Филиал ' || n.name || ' в г. Астана'
        when 'foreign' then n.name || pg_temp.pick(145, c.id, array[' Ltd.', ' Inc.', ' GmbH', ' LLC'])
        else 'ОЮЛ «Ассоциация ' || n.name || '»'
    end,
    c.type,
    pg_temp.dirty_status(case when pg_temp.r(146, c.id) < 0.92 then 'active'
        when pg_temp.r(146, c.id) < 0.95 then 'blocked' else 'deleted' end, 147, c.id, 'archived'),
    false, null,
    case pg_temp.dk(148, c.id, 6)
        when 0 then jsonb_build_object('tag_startup', g.startup, 'tag_it_company', g.it, 'tag_techpark', g.techpark, 'tag_ts_member', g.ts)
        when 1 then jsonb_build_object('tag_startup', g.startup, 'tag_it_company', g.it)
        when 2 then jsonb_build_object('tag_startup', g.startup::text, 'tag_it_company', g.it::text, 'tag_techpark', g.techpark::text, 'tag_ts_member', g.ts::text)
        when 3 then jsonb_build_object('tag_startup', g.startup::integer, 'tag_it_company', g.it::integer, 'tag_techpark', g.techpark::integer, 'tag_ts_member', g.ts::integer)
        when 4 then jsonb_build_object('tag_startup', null, 'tag_it_company', g.it, 'tag_techpark', null, 'tag_ts_member', null)
        when 5 then case when pg_temp.r(149, c.id) < 0.5 then '["tag_startup", "tag_it_company"]'::jsonb else '"startup"'::jsonb end
        else null
    end,
    case when pg_temp.r(150, c.id) < 0.12 then null else greatest(1, floor(exp(pg_temp.r(151, c.id) * 6)))::integer end,
    case
        when pg_temp.r(152, c.id) < 0.04 then null
        when pg_temp.r(153, c.id) < 0.45 then 1
        when pg_temp.r(153, c.id) < 0.75 then 2
        when pg_temp.r(153, c.id) < 0.82 then 3
        else 4 + pg_temp.ri(154, c.id, 15)
    end,
    c.created,
    c.created + (pg_temp.anchor() - c.created) * power(pg_temp.r(155, c.id), 3)
from gen_company c
cross join lateral (select case when c.type = 'ie' then pg_temp.iin(156, c.id)
    else to_char(c.created at time zone 'Asia/Almaty', 'YYMM') || case when c.type = 'branch' then '5' else '4' end
        || pg_temp.ri(157, c.id, 4)::text || lpad(pg_temp.ri(158, c.id, 1000000)::text, 6, '0') end as tin) t
cross join lateral (select pg_temp.pick(159, c.id, array['Qazaq', 'Nomad', 'Steppe', 'Alatau', 'Tengri', 'Altyn', 'Baiterek',
        'Saryarka', 'Zhetysu', 'Kokshe', 'Caspian', 'Turan', 'Orda', 'Silk Way', 'Astana', 'Almaty', 'Digital', 'Smart',
        'Quantum', 'Sapa'])
    || ' ' || pg_temp.pick(160, c.id, array['Soft', 'Tech', 'Labs', 'Systems', 'Solutions', 'Pay', 'AI', 'Data', 'Cloud',
        'Logistics', 'Health', 'Edu', 'Games', 'Robotics', 'Security', 'Analytics', 'Media', 'Finance', 'Agro', 'Mobile']) as name) n
cross join lateral (select pg_temp.r(161, c.id) < 0.35 as startup, pg_temp.r(162, c.id) < 0.6 as it,
    pg_temp.r(163, c.id) < 0.22 as techpark, pg_temp.r(164, c.id) < 0.1 as ts) g;

insert into gen_changes select 'account_company', count(*) from gen_company;

-- memberships: the owner, a few colleagues joining later, and (messiness) the same
-- (user, company) pair twice
create temp table gen_membership as
select c.id as company_id, c.owner_id as user_id, 'owner' as role, true as is_active, c.created, 0 as k
from gen_company c
union all
select c.id, greatest(1, c.owner_id + 1 - pg_temp.ri(166, c.id * 10 + k, 2000)), case when pg_temp.r(167, c.id * 10 + k) < 0.3 then 'admin' else 'member' end,
    pg_temp.r(168, c.id * 10 + k) < 0.9, pg_temp.between_ts(c.created, pg_temp.anchor(), 169, c.id * 10 + k, 2), k
from gen_company c cross join generate_series(1, floor(power(pg_temp.r(165, c.id), 2) * 4)::integer) k
union all
select c.id, c.owner_id, 'member', true, pg_temp.between_ts(c.created, pg_temp.anchor(), 170, c.id, 1), 9
from gen_company c
where pg_temp.dk(171, c.id, 1) = 1;

insert into {schema}.account_usercompany (id, user_id, company_id, role, is_active, created_at)
select (select max_id from gen_prev where tbl = 'account_usercompany') + row_number() over (order by m.created, m.company_id, m.k),
    m.user_id, m.company_id, m.role, m.is_active, m.created
from gen_membership m;

insert into gen_changes select 'account_usercompany', count(*) from gen_membership;

-- each company's owner, for requests and vacancies filed on its behalf
create temp table gen_owner as
select company_id, min(user_id) as user_id
from {schema}.account_usercompany
where role = 'owner'
group by company_id;
alter table gen_owner add primary key (company_id);
