-- Tech tasks: companies' challenges with a reward in money or in kind.

create temp table gen_techtask as
select p.off + k as id, p.d, pg_temp.ts(p.t0, 550, p.off + k) as created, c.users_lo, c.companies_lo,
    pg_temp.ts(p.t0, 550, p.off + k) + (0.05 + 2 * power(pg_temp.r(551, p.off + k), 2)) * interval '1 day' as pub
from gen_plan p
join gen_cum c on c.d = p.d
cross join generate_series(1, p.n) k
where p.entity = 'techtasks';
alter table gen_techtask add primary key (id);
alter table gen_techtask add column status text;
update gen_techtask set status = pg_temp.moderation(552, id, pub);

insert into {schema}.core_techtask (id, title, description, reward, deadline, author_id, company_id, status, published,
    published_at, created_at, updated_at, reaction_up_users, reaction_down_users, favorite_users)
select t.id,
    pg_temp.i18n(pg_temp.pick(553, t.id, array['Чат-бот для поддержки клиентов', 'Распознавание документов',
            'Прогноз спроса', 'Мобильное приложение для курьеров', 'Антифрод для платежей', 'Цифровой двойник склада'])
            || ' #' || t.id, 'Техникалық тапсырма #' || t.id, 'Tech task #' || t.id, 554, t.id),
    pg_temp.i18n('Нужно решение задачи, описание во вложении.', 'Тапсырма сипаттамасы.', 'Task description attached.', 555, t.id),
    case when pg_temp.r(556, t.id) < 0.75
        then jsonb_build_object('amount', (2 + pg_temp.ri(557, t.id, 98)) * 50000, 'currency', 'KZT')
        else jsonb_build_object('ru', 'Стажировка и пилотный контракт', 'kk', 'Тағылымдама және пилоттық келісімшарт',
            'en', 'Internship and a pilot contract') end,
    case when pg_temp.r(558, t.id) < 0.1 then null else pg_temp.local_day(t.created) + 30 + pg_temp.ri(559, t.id, 90)::integer end,
    greatest(1, t.users_lo - pg_temp.ri(560, t.id, t.users_lo)),
    case when pg_temp.r(561, t.id) < 0.8 then 1 + pg_temp.ri(562, t.id, t.companies_lo) end,
    pg_temp.dirty_status(t.status, 563, t.id, 'hidden'),
    t.status = 'success',
    case when t.status = 'success' then t.pub end,
    t.created,
    case when t.status = 'success' then t.pub else t.created + least(pg_temp.anchor() - t.created, interval '3 hours') end,
    case when t.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(564, t.id, t.users_lo) + j * 1000003) % t.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(565, t.id), 2) * 25)::integer, t.users_lo)::integer) j), 564, t.id, t.users_lo) else '{}' end,
    case when t.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(566, t.id, t.users_lo) + j * 1000003) % t.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(567, t.id), 4) * 4)::integer, t.users_lo)::integer) j), 566, t.id, t.users_lo) else '{}' end,
    case when t.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(568, t.id, t.users_lo) + j * 1000003) % t.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(569, t.id), 3) * 12)::integer, t.users_lo)::integer) j), 568, t.id, t.users_lo) else '{}' end
from gen_techtask t;

insert into gen_changes select 'core_techtask', count(*) from gen_techtask;
