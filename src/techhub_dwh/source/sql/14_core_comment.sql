-- Comments on published content (a few threads get long), some replying to the previous
-- comment. Messiness: keys of missing rows, keys that are not numbers ('abc', '', ' 42 '),
-- and an unknown source ('news').

create temp table gen_content as
select 'event' as source, id, pub, users_lo from gen_event where status = 'success'
union all select 'blog', id, pub, users_lo from gen_blog where status = 'success'
union all select 'vacancy', id, pub, users_lo from gen_vacancy where status = 'success'
union all select 'article', id, pub, users_lo from gen_article where status = 'success'
union all select 'techtask', id, pub, users_lo from gen_techtask where status = 'success'
union all select 'discussion', id, created, users_lo from gen_discussion;

create temp table gen_comment as
with c as materialized (
    select t.source, t.id as target_id, j, t.users_lo,
        hashint8extended(t.id * 10 + j, ascii(t.source)) as k,
        t.pub + least(pg_temp.anchor() - t.pub, interval '60 days') * (j - 1 + pg_temp.r(600, t.id * 100 + j))
            / (1 + floor(power(pg_temp.r(601, t.id * 7 + ascii(t.source)), 3) * 14)) as created
    from gen_content t
    cross join generate_series(1, floor(power(pg_temp.r(601, t.id * 7 + ascii(t.source)), 3) * 14)::integer) j
    where t.source <> 'article'
)
select c.*, (select max_id from gen_prev where tbl = 'core_comment') + row_number() over (order by c.created, c.source, c.target_id, c.j) as id
from c;

insert into {schema}.core_comment (id, source, primary_key, author_id, parent_id, text, is_deleted, created_at)
select c.id,
    case when pg_temp.dk(602, c.k, 4) = 4 then 'news' else c.source end,
    case pg_temp.dk(602, c.k, 4)
        when 1 then (c.target_id + 10000000)::text
        when 2 then case when pg_temp.r(603, c.k) < 0.5 then 'abc' else '' end
        when 3 then ' ' || c.target_id || ' '
        else c.target_id::text
    end,
    greatest(1, c.users_lo - floor(c.users_lo * power(pg_temp.r(604, c.k), 2)))::bigint,
    case when c.j > 1 and pg_temp.r(605, c.k) < 0.3
        then lag(c.id) over (partition by c.source, c.target_id order by c.j) end,
    pg_temp.pick(606, c.k, array['Отличная новость!', 'Спасибо, полезно', 'А будет запись?', 'Подскажите, как подать заявку?',
        'Круто!', 'Керемет!', 'Рахмет, пайдалы ақпарат', 'Great initiative', 'Где можно узнать подробности?',
        'Поддерживаю', 'Есть ли требования к опыту?', 'Согласен с автором']),
    pg_temp.r(607, c.k) < 0.03,
    c.created
from gen_comment c;

insert into gen_changes select 'core_comment', count(*) from gen_comment;
