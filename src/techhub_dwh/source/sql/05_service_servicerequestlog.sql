-- One log row per status change the request went through. Messiness: a change logged
-- before the one it follows (out of order), odd-case statuses, and rows for requests that
-- do not exist.

create temp table gen_staff as
select row_number() over (order by id) as rn, id
from {schema}.account_user
where lower(trim(role)) in ('manager', 'moderator', 'admin');
alter table gen_staff add primary key (rn);
create temp table gen_expert as
select row_number() over (order by id) as rn, id
from {schema}.account_user
where lower(trim(role)) = 'expert';
alter table gen_expert add primary key (rn);

create temp table gen_log as
select r.id as request_id, 1 as step, null::text as status_from, 'draft' as status_to, r.user_id as author_id,
    null::text as comment, r.created
from gen_req r
union all
select r.id, 2, 'draft', 'sent', r.user_id, null,
    case when pg_temp.dk(220, r.id, 1) = 1 then r.created - interval '1 day' else r.t_sent end
from gen_req r where r.status <> 'draft'
union all
select r.id, 3, 'sent', case when r.path = 'reject_sent' then 'reject' else 'approved' end, null, 
    case when r.path = 'reject_sent' then pg_temp.pick(221, r.id, array['Неполный пакет документов',
        'Не соответствует требованиям услуги', 'Компания не является участником Astana Hub']) end,
    r.t_mid
from gen_req r where r.status in ('approved', 'success', 'reject') and r.t_mid <= pg_temp.anchor()
union all
select r.id, 4, 'approved', case when r.path = 'reject_approved' then 'reject' else 'success' end, null,
    case when r.path = 'reject_approved' then 'Отказ по решению комиссии' end, r.t_final
from gen_req r where r.status in ('success', 'reject') and r.path <> 'reject_sent'
union all
-- logs of requests that were deleted from the copy
select r.id + 100000000, 1, null, 'draft', r.user_id, null, r.created
from gen_req r where pg_temp.dk(222, r.id, 1) = 1;

insert into {schema}.service_servicerequestlog (id, request_id, status_from, status_to, author_id, comment, created_at)
select (select max_id from gen_prev where tbl = 'service_servicerequestlog') + row_number() over (order by l.created, l.request_id, l.step),
    l.request_id,
    l.status_from,
    case when l.step > 1 then pg_temp.dirty_status(l.status_to, 223, l.request_id * 10 + l.step, 'in_review') else l.status_to end,
    case when l.step <= 2 then l.author_id else s.id end,
    l.comment, l.created
from gen_log l
left join gen_staff s on s.rn = 1 + pg_temp.ri(224, l.request_id * 10 + l.step, greatest((select count(*) from gen_staff), 1));

insert into gen_changes select 'service_servicerequestlog', count(*) from gen_log;
