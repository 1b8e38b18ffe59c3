-- Discussions: forum threads without moderation (plain text, visible at once).

create temp table gen_discussion as
select p.off + k as id, p.d, pg_temp.ts(p.t0, 570, p.off + k) as created, c.users_lo
from gen_plan p
join gen_cum c on c.d = p.d
cross join generate_series(1, p.n) k
where p.entity = 'discussions';
alter table gen_discussion add primary key (id);

insert into {schema}.core_discussion (id, title, content, author_id, created_at, updated_at, reaction_up_users,
    reaction_down_users, favorite_users)
select d.id,
    pg_temp.pick(571, d.id, array['Где найти первых клиентов?', 'Кто пользовался грантом QazInnovations?',
        'Как оформить Tech Visa для сотрудника?', 'Ищу кофаундера', 'Посоветуйте бухгалтера для ИП',
        'Какой стек выбрать для MVP?', 'Опыт участия в акселерации']) || ' (' || d.id || ')',
    'Поделитесь опытом, пожалуйста.',
    greatest(1, d.users_lo - floor(d.users_lo * power(pg_temp.r(572, d.id), 1.5)))::bigint,
    d.created,
    d.created + least(pg_temp.anchor() - d.created, pg_temp.r(573, d.id) * interval '5 days'),
    pg_temp.messy_ids(array(select (1 + (pg_temp.ri(574, d.id, d.users_lo) + j * 1000003) % d.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(575, d.id), 2) * 15)::integer, d.users_lo)::integer) j), 574, d.id, d.users_lo),
    pg_temp.messy_ids(array(select (1 + (pg_temp.ri(576, d.id, d.users_lo) + j * 1000003) % d.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(577, d.id), 4) * 5)::integer, d.users_lo)::integer) j), 576, d.id, d.users_lo),
    pg_temp.messy_ids(array(select (1 + (pg_temp.ri(578, d.id, d.users_lo) + j * 1000003) % d.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(579, d.id), 3) * 6)::integer, d.users_lo)::integer) j), 578, d.id, d.users_lo)
from gen_discussion d;

insert into gen_changes select 'core_discussion', count(*) from gen_discussion;
