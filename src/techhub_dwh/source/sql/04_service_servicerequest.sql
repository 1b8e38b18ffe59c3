-- Service requests and their forms. Each request draws its whole life at once (a path and
-- the time of each step), then shows the status it has reached by the anchor, so the
-- status, sent_at/closed_at and the log rows (next file) always agree. Messiness: statuses
-- in odd case or unknown.

-- (CTEs are `materialized`: inlined, every reference to a computed column would recompute
-- its whole expression, hashes included)
create temp table gen_req as
with base as materialized (
    select p.off + k as id, p.d, pg_temp.ts(p.t0, 200, p.off + k) as created, c.users_lo, c.companies_lo,
        s.service_id, s.kind
    from gen_plan p
    join gen_cum c on c.d = p.d
    cross join generate_series(1, p.n) k
    join gen_service_slot s on s.slot = pg_temp.ri(201, p.off + k, 1000)
    where p.entity = 'requests'
), who as materialized (
    select b.*,
        -- company services are filed by a company (recent companies more often); the others
        -- by a person, sometimes on behalf of a company
        case when b.kind in ('accreditation', 'tax_preference', 'grant', 'acceleration') or pg_temp.r(202, b.id) < 0.4
            then greatest(1, b.companies_lo - floor(b.companies_lo * power(pg_temp.r(203, b.id), 1.5)))::bigint
        end as company_id,
        case
            when pg_temp.r(204, b.id) < 0.12 then 'draft_only'
            when pg_temp.r(204, b.id) < 0.27 then 'reject_sent'
            when pg_temp.r(204, b.id) < 0.34 then 'reject_approved'
            else 'success'
        end as path
    from base b
), life as materialized (
    select w.id, w.d, w.created, w.service_id, w.kind, w.company_id, w.path,
        coalesce(o.user_id, greatest(1, w.users_lo - floor(w.users_lo * power(pg_temp.r(205, w.id), 1.3)))::bigint) as user_id,
        w.created + (0.02 + 3 * power(pg_temp.r(206, w.id), 2)) * interval '1 day' as t_sent,
        w.created + (0.02 + 3 * power(pg_temp.r(206, w.id), 2) + 1 + 30 * pg_temp.r(207, w.id)) * interval '1 day' as t_mid,
        w.created + (0.02 + 3 * power(pg_temp.r(206, w.id), 2) + 1 + 30 * pg_temp.r(207, w.id) + 1 + 25 * pg_temp.r(208, w.id))
            * interval '1 day' as t_final,
        pg_temp.r(209, w.id) >= 0.04 as has_form
    from who w
    left join gen_owner o on o.company_id = w.company_id
)
select l.*,
    case
        when l.path = 'draft_only' or l.t_sent > pg_temp.anchor() then 'draft'
        when l.t_mid > pg_temp.anchor() then 'sent'
        when l.path = 'reject_sent' then 'reject'
        when l.t_final > pg_temp.anchor() then 'approved'
        when l.path = 'reject_approved' then 'reject'
        else 'success'
    end as status,
    case when l.has_form then (select max_id from gen_prev where tbl = 'service_hubformdata')
        + sum(l.has_form::integer) over (order by l.id) end as hubformdata_id
from life l;
alter table gen_req add primary key (id);

insert into {schema}.service_hubformdata (id, hubform_id, user_id, company_id, data, created_at, updated_at)
select r.hubformdata_id, f.id, r.user_id, r.company_id,
    jsonb_build_object(
        'project_title', pg_temp.pick(210, r.id, array['Платформа', 'Сервис', 'Приложение', 'Система', 'Маркетплейс'])
            || ' ' || pg_temp.pick(211, r.id, array['онлайн-обучения', 'доставки', 'учёта', 'телемедицины', 'агромониторинга',
                'платежей', 'аналитики', 'кибербезопасности', 'логистики', 'HR-автоматизации']),
        'contact_phone', pg_temp.phone(r.user_id),
        'contact_name', pg_temp.first_name(r.user_id) || ' ' || pg_temp.last_name(r.user_id),
        'amount', case when r.kind = 'grant' then (5 + pg_temp.ri(212, r.id, 95)) * 1000000 end,
        'team_size', 1 + pg_temp.ri(213, r.id, 40)),
    r.created, r.created + least(r.t_sent - r.created, interval '2 hours')
from gen_req r
join (select service_id, max(id) as id from {schema}.service_hubform group by service_id) f on f.service_id = r.service_id
where r.has_form;

insert into gen_changes select 'service_hubformdata', count(*) from gen_req where has_form;

insert into {schema}.service_servicerequest (id, number, service_id, user_id, company_id, hubformdata_id, status,
    bp_status_id, created_at, sent_at, closed_at, updated_at)
select r.id,
    'SR-' || to_char(r.created at time zone 'Asia/Almaty', 'YYYY') || '-' || lpad(r.id::text, 7, '0'),
    r.service_id, r.user_id, r.company_id, r.hubformdata_id,
    pg_temp.dirty_status(r.status, 214, r.id, 'pending'),
    case when pg_temp.r(215, r.id) < 0.1 then null else case r.status
        when 'draft' then 1
        when 'sent' then case when r.service_id = 1 and pg_temp.r(216, r.id) < 0.3 then 10 else 2 + pg_temp.ri(216, r.id, 3) end
        when 'approved' then case when r.service_id = 5 and pg_temp.r(216, r.id) < 0.3 then 11 else 5 + pg_temp.ri(216, r.id, 2) end
        when 'success' then 7
        else 8 + pg_temp.ri(216, r.id, 2)
    end end,
    r.created,
    case when r.status <> 'draft' then r.t_sent end,
    case r.status when 'success' then r.t_final when 'reject' then case r.path when 'reject_sent' then r.t_mid else r.t_final end end,
    case r.status when 'draft' then r.created + least(r.t_sent - r.created, interval '2 hours') when 'sent' then r.t_sent
        when 'approved' then r.t_mid else case r.path when 'reject_sent' then r.t_mid else r.t_final end end
from gen_req r;

insert into gen_changes select 'service_servicerequest', count(*) from gen_req;
