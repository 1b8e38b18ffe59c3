-- Vacancies of companies (posted by the company's owner) and their candidates. Messiness:
-- salaries with min > max, negative, zero or absurd; a closed_at at the epoch.

create temp table gen_vacancy as
with b as materialized (
    select p.off + k as id, p.d, pg_temp.ts(p.t0, 400, p.off + k) as created, c.users_lo,
        greatest(1, c.companies_lo - floor(c.companies_lo * power(pg_temp.r(401, p.off + k), 1.5)))::bigint as company_id
    from gen_plan p
    join gen_cum c on c.d = p.d
    cross join generate_series(1, p.n) k
    where p.entity = 'vacancies'
)
select b.*, b.created + (0.05 + 2 * power(pg_temp.r(402, b.id), 2)) * interval '1 day' as pub,
    case when pg_temp.r(403, b.id) < 0.88 then 'KZT' else 'USD' end as currency,
    case
        when pg_temp.r(404, b.id) < 0.55 then 'full_time'
        when pg_temp.r(404, b.id) < 0.65 then 'part_time'
        when pg_temp.r(404, b.id) < 0.77 then 'internship'
        when pg_temp.r(404, b.id) < 0.85 then 'contract'
        else 'remote'
    end as vacancy_type,
    1 + pg_temp.ri(405, b.id, 16)::integer as title_idx
from b;
alter table gen_vacancy add primary key (id);
alter table gen_vacancy add column status text, add column closed timestamptz, add column smin integer, add column smax integer;
update gen_vacancy set status = pg_temp.moderation(406, id, pub),
    closed = case when pg_temp.r(407, id) < 0.8 then pub + (14 + 100 * pg_temp.r(408, id)) * interval '1 day' end,
    smin = case when currency = 'KZT' then (15 + floor(150 * power(pg_temp.r(409, id), 1.5)))::integer * 10000
        else (5 + floor(55 * power(pg_temp.r(409, id), 1.5)))::integer * 100 end;
update gen_vacancy set smax = (smin * (1.2 + 0.6 * pg_temp.r(410, id)) / 1000)::integer * 1000;
update gen_vacancy set closed = null where closed > pg_temp.anchor() or status <> 'success';

insert into {schema}.core_vacancy (id, title, description, vacancy_type, salary_min, salary_max, currency, author_id,
    company_id, city_id, is_closed, closed_at, status, published, published_at, created_at, updated_at,
    reaction_up_users, reaction_down_users, favorite_users)
select v.id,
    pg_temp.i18n((array['Python-разработчик', 'Frontend-разработчик', 'Java-разработчик', 'Аналитик данных', 'QA-инженер',
            'DevOps-инженер', 'Продакт-менеджер', 'UX/UI-дизайнер', 'Мобильный разработчик', 'Data Scientist',
            'Системный администратор', 'Менеджер проектов', 'Go-разработчик', 'SMM-менеджер', 'HR-менеджер', 'Тестировщик'])[v.title_idx],
        (array['Python-әзірлеуші', 'Frontend-әзірлеуші', 'Java-әзірлеуші', 'Деректер талдаушысы', 'QA-инженер',
            'DevOps-инженер', 'Продакт-менеджер', 'UX/UI-дизайнер', 'Мобильді әзірлеуші', 'Data Scientist',
            'Жүйелік әкімші', 'Жоба менеджері', 'Go-әзірлеуші', 'SMM-менеджер', 'HR-менеджер', 'Тестілеуші'])[v.title_idx],
        (array['Python developer', 'Frontend developer', 'Java developer', 'Data analyst', 'QA engineer',
            'DevOps engineer', 'Product manager', 'UX/UI designer', 'Mobile developer', 'Data scientist',
            'System administrator', 'Project manager', 'Go developer', 'SMM manager', 'HR manager', 'Tester'])[v.title_idx],
        411, v.id),
    pg_temp.i18n('Ищем специалиста в команду. Опыт от 1 года.', 'Командаға маман іздейміз.', 'We are hiring. 1+ year of experience.', 412, v.id),
    v.vacancy_type,
    case
        when pg_temp.r(413, v.id) < 0.18 then null
        when pg_temp.r(413, v.id) < 0.23 then null
        else case pg_temp.dk(414, v.id, 4) when 1 then v.smax when 2 then -v.smin when 3 then 0 else v.smin end
    end,
    case
        when pg_temp.r(413, v.id) < 0.18 then null
        when pg_temp.r(413, v.id) >= 0.23 and pg_temp.r(413, v.id) < 0.28 then null
        else case pg_temp.dk(414, v.id, 4) when 1 then v.smin when 4 then 2000000000 else v.smax end
    end,
    v.currency,
    coalesce(o.user_id, 1), v.company_id,
    case when v.vacancy_type = 'remote' or pg_temp.r(415, v.id) < 0.05 then null
        when pg_temp.r(416, v.id) < 0.5 then 1 when pg_temp.r(416, v.id) < 0.85 then 2 else 3 + pg_temp.ri(417, v.id, 13) end,
    v.closed is not null,
    case when v.closed is not null and pg_temp.dk(418, v.id, 1) = 1 then timestamptz '1970-01-01 00:00:00+00' else v.closed end,
    pg_temp.dirty_status(v.status, 419, v.id, 'moderation'),
    v.status = 'success',
    case when v.status = 'success' then v.pub end,
    v.created,
    coalesce(v.closed, case when v.status = 'success' then v.pub else v.created + least(pg_temp.anchor() - v.created, interval '3 hours') end),
    case when v.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(420, v.id, v.users_lo) + j * 1000003) % v.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(421, v.id), 2) * 20)::integer, v.users_lo)::integer) j), 420, v.id, v.users_lo) else '{}' end,
    case when v.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(422, v.id, v.users_lo) + j * 1000003) % v.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(423, v.id), 4) * 4)::integer, v.users_lo)::integer) j), 422, v.id, v.users_lo) else '{}' end,
    case when v.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(424, v.id, v.users_lo) + j * 1000003) % v.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(425, v.id), 3) * 25)::integer, v.users_lo)::integer) j), 424, v.id, v.users_lo) else '{}' end
from gen_vacancy v
left join gen_owner o on o.company_id = v.company_id;

insert into gen_changes select 'core_vacancy', count(*) from gen_vacancy;

create temp table gen_candidate as
select v.id as vacancy_id, j,
    (1 + (pg_temp.ri(430, v.id, v.users_lo) + j * 1000003) % v.users_lo) as user_id,
    pg_temp.between_ts(v.pub, coalesce(v.closed, v.pub + interval '60 days'), 431, v.id * 1000 + j, 1.5) as created,
    case
        when pg_temp.r(432, v.id * 1000 + j) < 0.45 then 'applied'
        when pg_temp.r(432, v.id * 1000 + j) < 0.65 then 'reviewed'
        when pg_temp.r(432, v.id * 1000 + j) < 0.77 then 'invited'
        when pg_temp.r(432, v.id * 1000 + j) < 0.97 then 'rejected'
        else 'hired'
    end as status
from gen_vacancy v
cross join generate_series(1, least(v.users_lo, floor(power(pg_temp.r(433, v.id), 2) * 30)::integer)::integer) j
where v.status = 'success';

insert into {schema}.core_vacancycandidate (id, vacancy_id, user_id, status, created_at)
select (select max_id from gen_prev where tbl = 'core_vacancycandidate') + row_number() over (order by c.created, c.vacancy_id, c.j),
    c.vacancy_id, c.user_id, c.status, c.created
from gen_candidate c;

insert into gen_changes select 'core_vacancycandidate', count(*) from gen_candidate;
