-- TechOrda: quarterly study flows, schools (companies), their courses per flow; students'
-- application forms, course applications, assessments and the schools' reports.

insert into {schema}.techorda_flow (id, name, start_date, end_date)
select (select max_id from gen_prev where tbl = 'techorda_flow') + row_number() over (order by q),
    'Q' || extract(quarter from q) || ' ' || extract(year from q), q::date + 14, (q + interval '4 months')::date + 13
from generate_series(date '2021-01-01', date_trunc('quarter', date '{end_day}') + interval '3 months', interval '3 months') q
where not exists (select from {schema}.techorda_flow f where f.name = 'Q' || extract(quarter from q) || ' ' || extract(year from q));

-- schools are made once, by generate
insert into {schema}.techorda_school (id, company_id, data, is_active)
select j, 1 + (pg_temp.ri(800, 0, c.n) + j * 1000003) % c.n,
    jsonb_build_object(
        'name', pg_temp.i18n(pg_temp.pick(801, j, array['Code', 'Byte', 'Tech', 'Data', 'Dev', 'IT']) || ' '
            || pg_temp.pick(802, j, array['Academy', 'School', 'Lab', 'Camp', 'Hub']) || ' ' || j,
            pg_temp.pick(801, j, array['Code', 'Byte', 'Tech', 'Data', 'Dev', 'IT']) || ' мектебі ' || j,
            pg_temp.pick(801, j, array['Code', 'Byte', 'Tech', 'Data', 'Dev', 'IT']) || ' ' || pg_temp.pick(802, j, array['Academy', 'School', 'Lab', 'Camp', 'Hub']) || ' ' || j,
            803, j),
        'website', 'https://school' || j || '.kz',
        'rating', round((3.5 + 1.5 * pg_temp.r(804, j))::numeric, 1)),
    pg_temp.r(805, j) < 0.9
from generate_series(1, greatest(3, round(50 * {scale}))::integer) j
-- companies counted from the day plan, not the table: this file runs on the second
-- connection, which cannot see the companies the first one is loading
cross join (select max(companies_hi) as n from gen_cum) c
where not exists (select from {schema}.techorda_school);

-- courses for every flow that has none yet
insert into {schema}.techorda_course (id, school_id, flow_id, data, is_active, created_at)
select (select max_id from gen_prev where tbl = 'techorda_course') + row_number() over (order by f.id, j),
    1 + (pg_temp.ri(806, f.id, s.n) + j * 7) % s.n, f.id,
    jsonb_build_object(
        'title', pg_temp.i18n(t.ru, t.kk, t.en, 807, f.id * 1000 + j),
        'direction', t.direction,
        'format', pg_temp.pick(808, f.id * 1000 + j, array['online', 'online', 'offline', 'hybrid']),
        'seats', 20 + 5 * pg_temp.ri(809, f.id * 1000 + j, 9),
        'price', case when pg_temp.r(810, f.id * 1000 + j) < 0.5 then 0 else (15 + pg_temp.ri(811, f.id * 1000 + j, 31)) * 10000 end),
    pg_temp.r(812, f.id * 1000 + j) < 0.95,
    least((f.start_date - 45 + interval '10 hours') at time zone 'Asia/Almaty', pg_temp.anchor() - interval '1 hour')
from {schema}.techorda_flow f
cross join (select count(*) as n from {schema}.techorda_school) s
cross join generate_series(1, greatest(2, round(12 * {scale}))::integer) j
cross join lateral (select * from (values
    (1, 'python', 'Python-разработка', 'Python әзірлеу', 'Python development'),
    (2, 'frontend', 'Frontend-разработка', 'Frontend әзірлеу', 'Frontend development'),
    (3, 'java', 'Java-разработка', 'Java әзірлеу', 'Java development'),
    (4, 'data_analytics', 'Анализ данных', 'Деректерді талдау', 'Data analytics'),
    (5, 'qa', 'Тестирование ПО', 'БҚ тестілеу', 'Software testing'),
    (6, 'devops', 'DevOps', 'DevOps', 'DevOps'),
    (7, 'ui_ux', 'UI/UX-дизайн', 'UI/UX дизайн', 'UI/UX design'),
    (8, 'mobile', 'Мобильная разработка', 'Мобильді әзірлеу', 'Mobile development'),
    (9, 'cybersecurity', 'Кибербезопасность', 'Киберқауіпсіздік', 'Cybersecurity'),
    (10, 'project_management', 'Управление проектами', 'Жобаларды басқару', 'Project management')
) v (n, direction, ru, kk, en) where v.n = 1 + (f.id + j) % 10) t
where s.n > 0 and not exists (select from {schema}.techorda_course c where c.flow_id = f.id);

create temp table gen_course as
select c.flow_id, row_number() over (partition by c.flow_id order by c.id) as rn, c.id, fl.start_date, fl.end_date,
    count(*) over (partition by c.flow_id) as n
from {schema}.techorda_course c
join {schema}.techorda_flow fl on fl.id = c.flow_id;
alter table gen_course add primary key (flow_id, rn);
create temp table gen_flow_first as select flow_id, start_date, n from gen_course where rn = 1;

create temp table gen_appform as
select p.off + k as id, pg_temp.ts(p.t0, 820, p.off + k) as created,
    greatest(1, c.users_lo - floor(c.users_lo * power(pg_temp.r(821, p.off + k), 2)))::bigint as user_id
from gen_plan p
join gen_cum c on c.d = p.d
cross join generate_series(1, p.n) k
where p.entity = 'appforms';
alter table gen_appform add primary key (id);

insert into {schema}.techorda_applicationform (id, user_id, data, created_at)
select a.id, a.user_id,
    jsonb_build_object(
        'iin', pg_temp.iin(822, a.id),
        'birth_date', date '1965-01-01' + pg_temp.ri(822, a.id, 14000)::integer,
        'city', pg_temp.pick(823, a.id, array['Алматы', 'Астана', 'Шымкент', 'Караганда', 'Актобе', 'Атырау', 'Павлодар']),
        'education', pg_temp.pick(824, a.id, array['school', 'college', 'bachelor', 'bachelor', 'master']),
        'employment', pg_temp.pick(825, a.id, array['student', 'employed', 'unemployed', 'self_employed']),
        'phone', pg_temp.phone(a.user_id)),
    a.created
from gen_appform a;

insert into gen_changes select 'techorda_applicationform', count(*) from gen_appform;

-- an application to a course of the next flow to start; its status follows the flow's dates
create temp table gen_courseapp as
select a.id as form_id, j, a.id * 10 + j as k, a.user_id, a.created + j * interval '3 minutes' as created,
    c.id as course_id, c.start_date, c.end_date,
    case
        when c.start_date > pg_temp.local_day(pg_temp.anchor()) then case when pg_temp.r(830, a.id * 10 + j) < 0.6 then 'submitted'
            when pg_temp.r(830, a.id * 10 + j) < 0.85 then 'approved' else 'rejected' end
        when c.end_date > pg_temp.local_day(pg_temp.anchor()) then case when pg_temp.r(830, a.id * 10 + j) < 0.7 then 'studying'
            when pg_temp.r(830, a.id * 10 + j) < 0.95 then 'rejected' else 'expelled' end
        else case when pg_temp.r(830, a.id * 10 + j) < 0.55 then 'graduated'
            when pg_temp.r(830, a.id * 10 + j) < 0.85 then 'rejected' else 'expelled' end
    end as status
from gen_appform a
cross join generate_series(1, case when pg_temp.r(831, a.id) < 0.25 then 2 else 1 end) j
cross join lateral (
    select flow_id, n from gen_flow_first g
    where g.start_date > pg_temp.local_day(a.created)
    order by g.start_date limit 1
) f
join gen_course c on c.flow_id = f.flow_id
    and c.rn = 1 + (pg_temp.ri(832, a.id, 1000) + j) % f.n;
alter table gen_courseapp add column id bigint;
update gen_courseapp x set id = o.id
from (select k, (select max_id from gen_prev where tbl = 'techorda_courseapplication') + row_number() over (order by created, k) as id
      from gen_courseapp) o
where o.k = x.k;

insert into {schema}.techorda_courseapplication (id, course_id, applicationform_id, user_id, status, created_at, updated_at)
select a.id, a.course_id, a.form_id, a.user_id, pg_temp.dirty_status(a.status, 833, a.k, 'pending'), a.created,
    least(pg_temp.anchor(), case a.status
        when 'submitted' then a.created
        when 'approved' then a.created + (3 + pg_temp.ri(834, a.k, 11)) * interval '1 day'
        when 'rejected' then a.created + (3 + pg_temp.ri(834, a.k, 11)) * interval '1 day'
        when 'studying' then (a.start_date + interval '10 hours') at time zone 'Asia/Almaty'
        when 'graduated' then (a.end_date + interval '18 hours') at time zone 'Asia/Almaty'
        else (a.start_date + 30 + interval '12 hours') at time zone 'Asia/Almaty'
    end)
from gen_courseapp a;

insert into gen_changes select 'techorda_courseapplication', count(*) from gen_courseapp;

-- an entry test for every application that was decided, and a final one at the flow's end
create temp table gen_assessment as
select a.id as app_id, 1 as step, a.k,
    least(pg_temp.anchor(), a.created + (3 + pg_temp.ri(834, a.k, 11)) * interval '1 day' - interval '2 hours') as assessed,
    case when a.status = 'rejected' then round((10 + 49.99 * pg_temp.r(840, a.k))::numeric, 2)
        else round((60 + 40 * pg_temp.r(840, a.k))::numeric, 2) end as score
from gen_courseapp a where a.status <> 'submitted'
union all
select a.id, 2, a.k,
    least(pg_temp.anchor(), case when a.status = 'graduated' then (a.end_date + interval '15 hours') at time zone 'Asia/Almaty'
        else (a.start_date + 29 + interval '15 hours') at time zone 'Asia/Almaty' end),
    case when a.status = 'graduated' then round((60 + 40 * pg_temp.r(841, a.k))::numeric, 2)
        else round((20 + 39 * pg_temp.r(841, a.k))::numeric, 2) end
from gen_courseapp a where a.status in ('graduated', 'expelled');
alter table gen_assessment add column id bigint;
update gen_assessment x set id = o.id
from (select app_id, step, (select max_id from gen_prev where tbl = 'techorda_assessment')
        + row_number() over (order by assessed, app_id, step) as id from gen_assessment) o
where o.app_id = x.app_id and o.step = x.step;

insert into {schema}.techorda_assessment (id, course_application_id, score, passed, assessed_at)
select id, app_id, score, score >= 60, assessed from gen_assessment;

insert into gen_changes select 'techorda_assessment', count(*) from gen_assessment;

create temp table gen_tor as
select x.id as assessment_id, x.k, least(pg_temp.anchor(), x.assessed + (1 + pg_temp.ri(850, x.k, 10)) * interval '1 day') as created
from gen_assessment x
where x.step = 2 and x.score >= 60;

insert into {schema}.service_techordareport (id, assessment_id, data, created_at)
select (select max_id from gen_prev where tbl = 'service_techordareport') + row_number() over (order by t.created, t.assessment_id),
    t.assessment_id,
    jsonb_build_object('attendance', round((0.7 + 0.3 * pg_temp.r(851, t.k))::numeric, 2),
        'final_project', pg_temp.pick(852, t.k, array['Интернет-магазин', 'Телеграм-бот', 'Дашборд продаж', 'Мобильное приложение']),
        'employed', pg_temp.r(853, t.k) < 0.4),
    t.created
from gen_tor t;

insert into gen_changes select 'service_techordareport', count(*) from gen_tor;
