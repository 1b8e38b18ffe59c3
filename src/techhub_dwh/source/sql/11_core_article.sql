-- Articles: the hub's own editorial content (news, analytics, guides), written by staff.

create temp table gen_article as
select p.off + k as id, p.d, pg_temp.ts(p.t0, 530, p.off + k) as created, c.users_lo,
    pg_temp.ts(p.t0, 530, p.off + k) + (0.05 + 2 * power(pg_temp.r(531, p.off + k), 2)) * interval '1 day' as pub
from gen_plan p
join gen_cum c on c.d = p.d
cross join generate_series(1, p.n) k
where p.entity = 'articles';
alter table gen_article add primary key (id);
alter table gen_article add column status text;
update gen_article set status = pg_temp.moderation(532, id, pub);

insert into {schema}.core_article (id, title, content, category_id, author_id, status, published, published_at, created_at,
    updated_at, reaction_up_users, reaction_down_users, favorite_users)
select a.id,
    pg_temp.i18n(pg_temp.pick(533, a.id, array['Новые меры поддержки IT-компаний', 'Итоги квартала в цифрах',
            'Как получить налоговые льготы', 'Интервью с основателем', 'Рынок венчурных инвестиций']) || ' #' || a.id,
        'Мақала #' || a.id, 'Article #' || a.id, 534, a.id),
    pg_temp.i18n('Текст статьи.', 'Мақала мәтіні.', 'Article text.', 535, a.id),
    case when pg_temp.r(536, a.id) < 0.05 then null else 7 + pg_temp.ri(537, a.id, 5) end,
    coalesce((select s.id from gen_staff s where s.rn = 1 + pg_temp.ri(538, a.id, greatest((select count(*) from gen_staff), 1))), 1),
    pg_temp.dirty_status(a.status, 539, a.id, 'hidden'),
    a.status = 'success',
    case when a.status = 'success' then a.pub end,
    a.created,
    case when a.status = 'success' then a.pub else a.created + least(pg_temp.anchor() - a.created, interval '3 hours') end,
    case when a.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(540, a.id, a.users_lo) + j * 1000003) % a.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(541, a.id), 2) * 60)::integer, a.users_lo)::integer) j), 540, a.id, a.users_lo) else '{}' end,
    case when a.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(542, a.id, a.users_lo) + j * 1000003) % a.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(543, a.id), 4) * 6)::integer, a.users_lo)::integer) j), 542, a.id, a.users_lo) else '{}' end,
    case when a.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(544, a.id, a.users_lo) + j * 1000003) % a.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(545, a.id), 3) * 20)::integer, a.users_lo)::integer) j), 544, a.id, a.users_lo) else '{}' end
from gen_article a;

insert into gen_changes select 'core_article', count(*) from gen_article;
