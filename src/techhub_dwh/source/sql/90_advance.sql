-- advance only: existing rows (ids up to gen_prev) move on during the window, with
-- updated_at moving to the moment of the change. The chance of each change is per day,
-- compounded over the window's length.

create function pg_temp.over_window(p_day double precision) returns double precision
language sql immutable as $$
    select 1 - power(1 - p_day, date '{end_day}' - date '{start_day}' + 1)
$$;

-- a moment in the window, not before `after`
create function pg_temp.in_window(after timestamptz, s integer, i bigint) returns timestamptz
language sql immutable as $$
    select greatest(after, pg_temp.wstart()) + (pg_temp.anchor() - greatest(after, pg_temp.wstart())) * pg_temp.r(s, i)
$$;

-- service requests take their next step (young drafts are sent, sent ones decided, approved
-- ones completed), each with its log row
create temp table gen_progress as
select r.id, r.user_id, lower(trim(r.status)) as status_from,
    case lower(trim(r.status))
        when 'draft' then 'sent'
        when 'sent' then case when pg_temp.r(1001, r.id) < 0.75 then 'approved' else 'reject' end
        else case when pg_temp.r(1001, r.id) < 0.85 then 'success' else 'reject' end
    end as status_to,
    pg_temp.in_window(r.updated_at, 1002, r.id) as t
from {schema}.service_servicerequest r
where r.id <= (select max_id from gen_prev where tbl = 'service_servicerequest')
    and r.updated_at < pg_temp.anchor()
    and (lower(trim(r.status)) in ('sent', 'approved')
        or (lower(trim(r.status)) = 'draft' and r.created_at > pg_temp.wstart() - interval '60 days'))
    and pg_temp.r(1000, r.id) < pg_temp.over_window(case lower(trim(r.status)) when 'draft' then 0.03 when 'sent' then 0.04 else 0.05 end);

insert into {schema}.service_servicerequestlog (id, request_id, status_from, status_to, author_id, comment, created_at)
select (select coalesce(max(id), 0) from {schema}.service_servicerequestlog) + row_number() over (order by p.t, p.id),
    p.id, p.status_from, pg_temp.dirty_status(p.status_to, 1003, p.id, 'in_review'),
    case when p.status_to = 'sent' then p.user_id else s.id end,
    case when p.status_to = 'reject' then 'Отказ' end, p.t
from gen_progress p
left join gen_staff s on s.rn = 1 + pg_temp.ri(1004, p.id, greatest((select count(*) from gen_staff), 1));
insert into gen_changes select 'service_servicerequestlog', count(*) from gen_progress;

with updated as (
    update {schema}.service_servicerequest r
    set status = pg_temp.dirty_status(p.status_to, 1005, r.id, 'pending'),
        sent_at = case when p.status_to = 'sent' then p.t else r.sent_at end,
        closed_at = case when p.status_to in ('success', 'reject') then p.t else r.closed_at end,
        bp_status_id = case p.status_to when 'sent' then 2 when 'approved' then 5 when 'success' then 7 else 8 end,
        updated_at = p.t
    from gen_progress p
    where p.id = r.id
    returning 1
)
insert into gen_changes select 'service_servicerequest', count(*) from updated;

-- moderation catches up: items waiting in 'sent' are published, and reach the feed
create temp table gen_published (source text, id bigint, t timestamptz);
with e as (
    update {schema}.core_event x set status = 'success', published = true,
        published_at = pg_temp.in_window(x.updated_at, 1010, x.id), updated_at = pg_temp.in_window(x.updated_at, 1010, x.id)
    where x.id <= (select max_id from gen_prev where tbl = 'core_event') and lower(trim(x.status)) = 'sent'
        and pg_temp.r(1011, x.id) < pg_temp.over_window(0.3)
    returning x.id, x.published_at
)
insert into gen_published select 'event', id, published_at from e;
with b as (
    update {schema}.core_blog x set status = 'success', published = true,
        published_at = pg_temp.in_window(x.updated_at, 1012, x.id), updated_at = pg_temp.in_window(x.updated_at, 1012, x.id)
    where x.id <= (select max_id from gen_prev where tbl = 'core_blog') and lower(trim(x.status)) = 'sent'
        and pg_temp.r(1013, x.id) < pg_temp.over_window(0.3)
    returning x.id, x.published_at
)
insert into gen_published select 'blog', id, published_at from b;
with v as (
    update {schema}.core_vacancy x set status = 'success', published = true,
        published_at = pg_temp.in_window(x.updated_at, 1014, x.id), updated_at = pg_temp.in_window(x.updated_at, 1014, x.id)
    where x.id <= (select max_id from gen_prev where tbl = 'core_vacancy') and lower(trim(x.status)) = 'sent'
        and pg_temp.r(1015, x.id) < pg_temp.over_window(0.3)
    returning x.id, x.published_at
)
insert into gen_published select 'vacancy', id, published_at from v;
insert into gen_changes select 'core_' || source, count(*) from gen_published group by source;

insert into {schema}.core_feed (id, source, blog_id, event_id, article_id, tech_task_id, discussion_id, vacancy_id,
    is_pinned, created_at)
select (select coalesce(max(id), 0) from {schema}.core_feed) + row_number() over (order by p.t, p.source, p.id),
    p.source, case when p.source = 'blog' then p.id end, case when p.source = 'event' then p.id end, null, null, null,
    case when p.source = 'vacancy' then p.id end, false, p.t
from gen_published p;
insert into gen_changes select 'core_feed', count(*) from gen_published;

-- events that ended in the window: most registered participants are marked as attended
create temp table gen_finished_event as
select e.id, e.datetime_end
from {schema}.core_event e
where e.id <= (select max_id from gen_prev where tbl = 'core_event')
    and e.datetime_end > pg_temp.wstart() and e.datetime_end <= pg_temp.anchor() and e.published;
with p as (
    update {schema}.core_eventparticipant x set status = 'attended'
    from gen_finished_event e
    where x.event_id = e.id and x.status = 'registered' and pg_temp.r(1020, x.id) < 0.75
    returning 1
)
insert into gen_changes select 'core_eventparticipant', count(*) from p;
with e as (
    update {schema}.core_event x set updated_at = greatest(x.updated_at, f.datetime_end)
    from gen_finished_event f
    where f.id = x.id
    returning 1
)
insert into gen_changes select 'core_event', count(*) from e;

-- bookings: those that ended are finished, some upcoming ones are cancelled
create temp table gen_booking_change as
select b.id, b.author_id,
    case when b."end" <= pg_temp.anchor() then 'finished' else 'deactivated' end as status,
    case when b."end" <= pg_temp.anchor() then greatest(b."end", b.updated_at)
        else pg_temp.in_window(b.updated_at, 1030, b.id) end as t
from {schema}.booking_booking b
where b.id <= (select max_id from gen_prev where tbl = 'booking_booking')
    and lower(trim(b.status)) = 'active'
    and b."end" > b.start and b.start > timestamptz '2015-01-01' and b."end" < timestamptz '2090-01-01'
    and (b."end" <= pg_temp.anchor() or pg_temp.r(1031, b.id) < pg_temp.over_window(0.01));

insert into {schema}.booking_bookingstatus (id, booking_id, status, author_id, created_at)
select (select coalesce(max(id), 0) from {schema}.booking_bookingstatus) + row_number() over (order by c.t, c.id),
    c.id, c.status, case when c.status = 'deactivated' then c.author_id end, c.t
from gen_booking_change c;
insert into gen_changes select 'booking_bookingstatus', count(*) from gen_booking_change;

with b as (
    update {schema}.booking_booking x set status = c.status, updated_at = c.t
    from gen_booking_change c
    where c.id = x.id
    returning 1
)
insert into gen_changes select 'booking_booking', count(*) from b;

-- published vacancies get filled and closed
with v as (
    update {schema}.core_vacancy x set is_closed = true, closed_at = pg_temp.in_window(x.updated_at, 1040, x.id),
        updated_at = pg_temp.in_window(x.updated_at, 1040, x.id)
    where x.id <= (select max_id from gen_prev where tbl = 'core_vacancy') and x.published and not x.is_closed
        and pg_temp.r(1041, x.id) < pg_temp.over_window(0.01)
    returning 1
)
insert into gen_changes select 'core_vacancy', count(*) from v;

-- TechOrda applications follow their flow's calendar
with a as (
    update {schema}.techorda_courseapplication x
    set status = case lower(trim(x.status))
            when 'submitted' then case when pg_temp.r(1050, x.id) < 0.75 then 'approved' else 'rejected' end
            when 'approved' then 'studying'
            else case when pg_temp.r(1050, x.id) < 0.8 then 'graduated' else 'expelled' end
        end,
        updated_at = pg_temp.in_window(x.updated_at, 1051, x.id)
    from {schema}.techorda_course c
    join {schema}.techorda_flow f on f.id = c.flow_id
    where c.id = x.course_id
        and x.id <= (select max_id from gen_prev where tbl = 'techorda_courseapplication')
        and ((lower(trim(x.status)) in ('submitted', 'approved') and f.start_date <= pg_temp.local_day(pg_temp.anchor()))
            or (lower(trim(x.status)) = 'studying' and f.end_date <= pg_temp.local_day(pg_temp.anchor())))
    returning 1
)
insert into gen_changes select 'techorda_courseapplication', count(*) from a;

-- companies: details edited now and then, a few blocked
with c as (
    update {schema}.account_company x
    set status = case when pg_temp.r(1060, x.id) < 0.03 then 'blocked' else x.status end,
        employees = case when x.employees is not null then x.employees + pg_temp.ri(1061, x.id, 5)::integer end,
        updated_at = pg_temp.in_window(x.updated_at, 1062, x.id)
    where x.id <= (select max_id from gen_prev where tbl = 'account_company') and lower(trim(x.status)) = 'active'
        and pg_temp.r(1063, x.id) < pg_temp.over_window(0.01)
    returning 1
)
insert into gen_changes select 'account_company', count(*) from c;

-- users: last login from the window's action log, and a few members become experts
with l as (
    select user_id, max(created_at) as t
    from {schema}.core_actionlog
    where id > (select max_id from gen_prev where tbl = 'core_actionlog') and action = 'login' and user_id is not null
    group by user_id
), u as (
    update {schema}.account_user x
    set last_login = l.t, updated_at = greatest(x.updated_at, l.t),
        role = case when lower(trim(x.role)) = 'member' and pg_temp.r(1070, x.id) < 0.002 then 'expert' else x.role end
    from l
    where l.user_id = x.id and (x.last_login is null or x.last_login < l.t)
    returning 1
)
insert into gen_changes select 'account_user', count(*) from u;
