-- Blog posts by users (some on behalf of their company), with free tags.

create temp table gen_blog as
select p.off + k as id, p.d, pg_temp.ts(p.t0, 500, p.off + k) as created, c.users_lo, c.companies_lo,
    pg_temp.ts(p.t0, 500, p.off + k) + (0.05 + 2 * power(pg_temp.r(501, p.off + k), 2)) * interval '1 day' as pub,
    1 + pg_temp.ri(502, p.off + k, 12)::integer as topic
from gen_plan p
join gen_cum c on c.d = p.d
cross join generate_series(1, p.n) k
where p.entity = 'blogs';
alter table gen_blog add primary key (id);
alter table gen_blog add column status text;
update gen_blog set status = pg_temp.moderation(503, id, pub);

insert into {schema}.core_blog (id, title, content, category_id, tags, slug, author_id, company_id, status, published,
    published_at, created_at, updated_at, reaction_up_users, reaction_down_users, favorite_users)
select b.id,
    pg_temp.i18n((array['Как мы запустили', 'Опыт внедрения', 'Почему важен', 'Тренды рынка:', 'Как привлечь инвестиции в',
            'Итоги года:', 'Команда и', 'Ошибки стартапа:', 'Выход на рынок с', 'Как мы построили', 'Гид по', 'Будущее'])[b.topic]
            || ' ' || pg_temp.pick(504, b.id, array['ИИ', 'финтех', 'EdTech', 'SaaS', 'маркетплейс', 'IT-аутсорсинг', 'GovTech']),
        'Блог жазбасы #' || b.id,
        pg_temp.pick(505, b.id, array['How we launched', 'Lessons learned', 'Market trends', 'Raising money', 'Year in review'])
            || ' #' || b.id,
        510, b.id),
    pg_temp.i18n('Текст публикации. Делимся опытом команды.', 'Жарияланым мәтіні.', 'Post body. Our team shares its experience.', 511, b.id),
    case when pg_temp.r(512, b.id) < 0.1 then null else 1 + pg_temp.ri(513, b.id, 6) end,
    case when pg_temp.r(514, b.id) < 0.15 then null
        else array(select pg_temp.pick(515, b.id * 10 + j, array['startup', 'ai', 'fintech', 'edtech', 'astanahub', 'it',
            'investment', 'career', 'product', 'marketing', 'govtech', 'saas'])
            from generate_series(1, 1 + pg_temp.ri(516, b.id, 3)::integer) j)::varchar(64)[] end,
    'post-' || b.id || '-' || substr(md5('slug' || b.id), 1, 6),
    greatest(1, b.users_lo - floor(b.users_lo * power(pg_temp.r(517, b.id), 1.5)))::bigint,
    case when pg_temp.r(518, b.id) < 0.3 then 1 + pg_temp.ri(519, b.id, b.companies_lo) end,
    pg_temp.dirty_status(b.status, 520, b.id, 'hidden'),
    b.status = 'success',
    case when b.status = 'success' then b.pub end,
    b.created,
    case when b.status = 'success' then b.pub else b.created + least(pg_temp.anchor() - b.created, interval '3 hours') end,
    case when b.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(521, b.id, b.users_lo) + j * 1000003) % b.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(522, b.id), 2) * 50)::integer, b.users_lo)::integer) j), 521, b.id, b.users_lo) else '{}' end,
    case when b.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(523, b.id, b.users_lo) + j * 1000003) % b.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(524, b.id), 4) * 8)::integer, b.users_lo)::integer) j), 523, b.id, b.users_lo) else '{}' end,
    case when b.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(525, b.id, b.users_lo) + j * 1000003) % b.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(526, b.id), 3) * 15)::integer, b.users_lo)::integer) j), 525, b.id, b.users_lo) else '{}' end
from gen_blog b;

insert into gen_changes select 'core_blog', count(*) from gen_blog;
