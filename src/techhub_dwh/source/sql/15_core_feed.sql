-- The news feed: one row per published item, its source naming the foreign key that is set.
-- Messiness: a source that disagrees with the key set, two keys set, an unknown source.

create temp table gen_feed as
select c.source, c.id as target_id, c.pub as created, hashint8extended(c.id, ascii(c.source) + 1000) as k,
    (select max_id from gen_prev where tbl = 'core_feed') + row_number() over (order by c.pub, c.source, c.id) as id
from gen_content c;

insert into {schema}.core_feed (id, source, blog_id, event_id, article_id, tech_task_id, discussion_id, vacancy_id,
    is_pinned, created_at)
select f.id,
    case pg_temp.dk(610, f.k, 3)
        when 1 then case when f.source = 'blog' then 'event' else 'blog' end
        when 3 then 'news'
        else f.source
    end,
    case when f.source = 'blog' or pg_temp.dk(610, f.k, 3) = 2 then f.target_id end,
    case when f.source = 'event' then f.target_id when f.source = 'blog' and pg_temp.dk(610, f.k, 3) = 2 then f.target_id end,
    case when f.source = 'article' then f.target_id end,
    case when f.source = 'techtask' then f.target_id end,
    case when f.source = 'discussion' then f.target_id end,
    case when f.source = 'vacancy' then f.target_id end,
    pg_temp.r(611, f.k) < 0.01,
    f.created
from gen_feed f;

insert into gen_changes select 'core_feed', count(*) from gen_feed;
