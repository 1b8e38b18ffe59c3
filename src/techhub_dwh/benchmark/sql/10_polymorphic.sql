-- One materialized view per polymorphic target, as the source team advises: comments per
-- source, feed rows per source, action-log rows per log type. Orphans (a numeric key with no
-- such row) are kept and flagged, as in staging.

create materialized view mv_bench.comment_blog as
select
    c.id as comment_id,
    mv_bench.pk(c.primary_key) as blog_id,
    t.id is null as is_orphan,
    c.author_id,
    c.parent_id,
    c.is_deleted,
    mv_bench.valid_ts(c.created_at) as created_at,
    mv_bench.local_date_id(c.created_at) as created_date_id
from {source}.core_comment as c
left join {source}.core_blog as t on t.id = mv_bench.pk(c.primary_key)
where mv_bench.enum(c.source) = 'blog' and mv_bench.pk(c.primary_key) is not null;

create materialized view mv_bench.comment_event as
select
    c.id as comment_id,
    mv_bench.pk(c.primary_key) as event_id,
    t.id is null as is_orphan,
    c.author_id,
    c.parent_id,
    c.is_deleted,
    mv_bench.valid_ts(c.created_at) as created_at,
    mv_bench.local_date_id(c.created_at) as created_date_id
from {source}.core_comment as c
left join {source}.core_event as t on t.id = mv_bench.pk(c.primary_key)
where mv_bench.enum(c.source) = 'event' and mv_bench.pk(c.primary_key) is not null;

create materialized view mv_bench.comment_vacancy as
select
    c.id as comment_id,
    mv_bench.pk(c.primary_key) as vacancy_id,
    t.id is null as is_orphan,
    c.author_id,
    c.parent_id,
    c.is_deleted,
    mv_bench.valid_ts(c.created_at) as created_at,
    mv_bench.local_date_id(c.created_at) as created_date_id
from {source}.core_comment as c
left join {source}.core_vacancy as t on t.id = mv_bench.pk(c.primary_key)
where mv_bench.enum(c.source) = 'vacancy' and mv_bench.pk(c.primary_key) is not null;

create materialized view mv_bench.comment_techtask as
select
    c.id as comment_id,
    mv_bench.pk(c.primary_key) as techtask_id,
    t.id is null as is_orphan,
    c.author_id,
    c.parent_id,
    c.is_deleted,
    mv_bench.valid_ts(c.created_at) as created_at,
    mv_bench.local_date_id(c.created_at) as created_date_id
from {source}.core_comment as c
left join {source}.core_techtask as t on t.id = mv_bench.pk(c.primary_key)
where mv_bench.enum(c.source) = 'techtask' and mv_bench.pk(c.primary_key) is not null;

create materialized view mv_bench.comment_discussion as
select
    c.id as comment_id,
    mv_bench.pk(c.primary_key) as discussion_id,
    t.id is null as is_orphan,
    c.author_id,
    c.parent_id,
    c.is_deleted,
    mv_bench.valid_ts(c.created_at) as created_at,
    mv_bench.local_date_id(c.created_at) as created_date_id
from {source}.core_comment as c
left join {source}.core_discussion as t on t.id = mv_bench.pk(c.primary_key)
where mv_bench.enum(c.source) = 'discussion' and mv_bench.pk(c.primary_key) is not null;

create materialized view mv_bench.feed_blog as
select
    f.id as feed_id,
    f.blog_id as blog_id,
    f.is_pinned,
    mv_bench.valid_ts(f.created_at) as created_at,
    mv_bench.local_date_id(f.created_at) as created_date_id
from {source}.core_feed as f
where mv_bench.enum(f.source) = 'blog' and f.blog_id is not null
    and f.event_id is null and f.article_id is null and f.tech_task_id is null and f.discussion_id is null and f.vacancy_id is null;

create materialized view mv_bench.feed_event as
select
    f.id as feed_id,
    f.event_id as event_id,
    f.is_pinned,
    mv_bench.valid_ts(f.created_at) as created_at,
    mv_bench.local_date_id(f.created_at) as created_date_id
from {source}.core_feed as f
where mv_bench.enum(f.source) = 'event' and f.event_id is not null
    and f.blog_id is null and f.article_id is null and f.tech_task_id is null and f.discussion_id is null and f.vacancy_id is null;

create materialized view mv_bench.feed_article as
select
    f.id as feed_id,
    f.article_id as article_id,
    f.is_pinned,
    mv_bench.valid_ts(f.created_at) as created_at,
    mv_bench.local_date_id(f.created_at) as created_date_id
from {source}.core_feed as f
where mv_bench.enum(f.source) = 'article' and f.article_id is not null
    and f.blog_id is null and f.event_id is null and f.tech_task_id is null and f.discussion_id is null and f.vacancy_id is null;

create materialized view mv_bench.feed_techtask as
select
    f.id as feed_id,
    f.tech_task_id as techtask_id,
    f.is_pinned,
    mv_bench.valid_ts(f.created_at) as created_at,
    mv_bench.local_date_id(f.created_at) as created_date_id
from {source}.core_feed as f
where mv_bench.enum(f.source) = 'techtask' and f.tech_task_id is not null
    and f.blog_id is null and f.event_id is null and f.article_id is null and f.discussion_id is null and f.vacancy_id is null;

create materialized view mv_bench.feed_discussion as
select
    f.id as feed_id,
    f.discussion_id as discussion_id,
    f.is_pinned,
    mv_bench.valid_ts(f.created_at) as created_at,
    mv_bench.local_date_id(f.created_at) as created_date_id
from {source}.core_feed as f
where mv_bench.enum(f.source) = 'discussion' and f.discussion_id is not null
    and f.blog_id is null and f.event_id is null and f.article_id is null and f.tech_task_id is null and f.vacancy_id is null;

create materialized view mv_bench.feed_vacancy as
select
    f.id as feed_id,
    f.vacancy_id as vacancy_id,
    f.is_pinned,
    mv_bench.valid_ts(f.created_at) as created_at,
    mv_bench.local_date_id(f.created_at) as created_date_id
from {source}.core_feed as f
where mv_bench.enum(f.source) = 'vacancy' and f.vacancy_id is not null
    and f.blog_id is null and f.event_id is null and f.article_id is null and f.tech_task_id is null and f.discussion_id is null;

create materialized view mv_bench.actionlog_user as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'user' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_company as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'company' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_event as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'event' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_blog as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'blog' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_vacancy as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'vacancy' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_article as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'article' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_techtask as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'techtask' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_discussion as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'discussion' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_service_request as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'service_request' and mv_bench.pk(a.primary_key) is not null;

create materialized view mv_bench.actionlog_booking as
select
    a.id as action_log_id,
    mv_bench.pk(a.primary_key) as target_id,
    mv_bench.enum(a.action) as action,
    a.user_id,
    mv_bench.valid_ts(a.created_at) as created_at,
    mv_bench.local_date_id(a.created_at) as created_date_id
from {source}.core_actionlog as a
where mv_bench.enum(a.log_type) = 'booking' and mv_bench.pk(a.primary_key) is not null;
