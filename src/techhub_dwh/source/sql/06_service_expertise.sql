-- Around a request: expert reviews of grant, acceleration and tax-preference requests once
-- sent, the reviews' documents, e-gov and uploaded documents, reports after a grant, and
-- the commission's protocols with the experts' votes.

create temp table gen_expertise as
select r.id as request_id, j, r.id * 10 + j as k, r.path,
    r.t_sent + (1 + 4 * pg_temp.r(230, r.id * 10 + j)) * interval '1 day' as created,
    r.t_sent + (1 + 4 * pg_temp.r(230, r.id * 10 + j) + 2 + 18 * pg_temp.r(231, r.id * 10 + j)) * interval '1 day' as finished,
    e.id as expert_id
from gen_req r
cross join generate_series(1, 1 + pg_temp.ri(232, r.id, 3)::integer) j
join gen_expert e on e.rn = 1 + (pg_temp.ri(233, r.id, greatest((select count(*) from gen_expert), 1)) + j * 7) % greatest((select count(*) from gen_expert), 1)
where r.kind in ('grant', 'acceleration', 'tax_preference') and r.status <> 'draft';
delete from gen_expertise where created > pg_temp.anchor();
alter table gen_expertise add column id bigint;
update gen_expertise x set id = o.id
from (select k, (select max_id from gen_prev where tbl = 'service_expertise') + row_number() over (order by created, k) as id
      from gen_expertise) o
where o.k = x.k;

insert into {schema}.service_expertise (id, request_id, expert_id, score, conclusion, comment, created_at, finished_at)
select x.id, x.request_id, x.expert_id, s.score,
    case when s.score is null then null when s.score >= 70 then 'positive' when s.score < 50 then 'negative' else 'revision' end,
    case when s.score is not null and pg_temp.r(234, x.k) < 0.4
        then pg_temp.pick(235, x.k, array['Проект перспективный', 'Нужна доработка финансовой модели',
            'Команда сильная, рынок узкий', 'Не раскрыта техническая часть', 'Рекомендую к поддержке']) end,
    x.created,
    case when x.finished <= pg_temp.anchor() then x.finished end
from gen_expertise x
cross join lateral (select case when x.finished > pg_temp.anchor() then null
    when x.path = 'success' then round((55 + 45 * pg_temp.r(236, x.k))::numeric, 2)
    else round((15 + 60 * pg_temp.r(236, x.k))::numeric, 2) end as score) s;

insert into gen_changes select 'service_expertise', count(*) from gen_expertise;

insert into {schema}.service_expertdocument (id, expertise_id, doc_type, file, created_at)
select (select max_id from gen_prev where tbl = 'service_expertdocument') + row_number() over (order by x.finished, x.id, n.doc),
    x.id, t.doc_type, pg_temp.fake_file('expertise', t.doc_type, x.finished, x.id * 10 + n.doc), x.finished
from gen_expertise x
cross join generate_series(1, case when pg_temp.r(237, x.k) < 0.25 then 2 else 1 end) n (doc)
cross join lateral (select (array['conclusion', 'scorecard', 'remarks'])[n.doc] as doc_type) t
where x.finished <= pg_temp.anchor();

insert into gen_changes select 'service_expertdocument', count(*) from gen_expertise x
    cross join generate_series(1, case when pg_temp.r(237, x.k) < 0.25 then 2 else 1 end) n (doc) where x.finished <= pg_temp.anchor();

create temp table gen_extdoc as
select r.id as request_id, j, pg_temp.between_ts(r.created, r.t_sent, 240, r.id * 10 + j, 1) as created,
    (array['registration_certificate', 'tax_debt_absence', 'statistics_form', 'bank_statement'])[j] as doc_type
from gen_req r
cross join generate_series(1, 1 + pg_temp.ri(241, r.id, 3)::integer) j
where r.status <> 'draft' and r.kind in ('accreditation', 'grant', 'tax_preference', 'visa');

insert into {schema}.service_externaldocument (id, request_id, doc_type, source, file, created_at)
select (select max_id from gen_prev where tbl = 'service_externaldocument') + row_number() over (order by d.created, d.request_id, d.j),
    d.request_id, d.doc_type, case when pg_temp.r(242, d.request_id * 10 + d.j) < 0.7 then 'egov' else 'upload' end,
    pg_temp.fake_file('requests', d.doc_type, d.created, d.request_id * 10 + d.j), d.created
from gen_extdoc d;

insert into gen_changes select 'service_externaldocument', count(*) from gen_extdoc;

-- quarterly reports after a grant, for up to a year
create temp table gen_report as
select r.id as request_id, q, (r.t_final at time zone 'Asia/Almaty')::date + 91 * q as report_date
from gen_req r
cross join generate_series(1, 1 + pg_temp.ri(243, r.id, 4)::integer) q
where r.kind = 'grant' and r.status = 'success';
delete from gen_report where report_date + 10 > pg_temp.local_day(pg_temp.anchor());

insert into {schema}.service_report (id, request_id, report_date, status, data, created_at)
select (select max_id from gen_prev where tbl = 'service_report') + row_number() over (order by g.report_date, g.request_id, g.q),
    g.request_id, g.report_date,
    case when pg_temp.r(245, g.request_id * 10 + g.q) < 0.7 then 'accepted' when pg_temp.r(245, g.request_id * 10 + g.q) < 0.85 then 'sent'
        when pg_temp.r(245, g.request_id * 10 + g.q) < 0.95 then 'rejected' else 'draft' end,
    jsonb_build_object('quarter', g.q, 'revenue_kzt', pg_temp.ri(246, g.request_id * 10 + g.q, 200) * 500000,
        'employees', 1 + pg_temp.ri(247, g.request_id * 10 + g.q, 60), 'jobs_created', pg_temp.ri(248, g.request_id * 10 + g.q, 8)),
    (g.report_date + 1 + pg_temp.ri(249, g.request_id * 10 + g.q, 9)::integer + interval '11 hours') at time zone 'Asia/Almaty'
from gen_report g;

insert into gen_changes select 'service_report', count(*) from gen_report;

-- the commission meets weekly per service; a protocol lists the requests it decided on
create temp table gen_decision as
select r.id as request_id, r.service_id, r.path, r.t_mid,
    date_trunc('week', r.t_mid at time zone 'Asia/Almaty')::date as week
from gen_req r
where r.kind in ('grant', 'acceleration') and r.status in ('approved', 'success', 'reject') and r.t_mid <= pg_temp.anchor();

create temp table gen_protocol as
select (select max_id from gen_prev where tbl = 'service_protocol') + row_number() over (order by min(t_mid), service_id) as id,
    service_id, week, min(t_mid) as created
from gen_decision
group by service_id, week;

insert into {schema}.service_protocol (id, service_id, number, meeting_date, created_at)
select p.id, p.service_id, 'П-' || to_char(p.week, 'YYYY') || '/' || p.service_id || '-' || to_char(p.week, 'IW'),
    pg_temp.local_day(p.created), p.created
from gen_protocol p;

insert into gen_changes select 'service_protocol', count(*) from gen_protocol;

create temp table gen_vote as
select p.id as protocol_id, d.request_id, e.id as expert_id, p.created, j,
    case
        when pg_temp.r(250, d.request_id * 10 + j) < 0.06 then 'abstain'
        when (d.path = 'reject_sent') = (pg_temp.r(251, d.request_id * 10 + j) < 0.8) then 'against'
        else 'for'
    end as vote
from gen_decision d
join gen_protocol p on p.service_id = d.service_id and p.week = d.week
cross join generate_series(1, 3 + pg_temp.ri(252, d.request_id, 3)::integer) j
join gen_expert e on e.rn = 1 + (pg_temp.ri(253, d.request_id, greatest((select count(*) from gen_expert), 1)) + j * 11) % greatest((select count(*) from gen_expert), 1);

insert into {schema}.service_vote (id, protocol_id, request_id, expert_id, vote, created_at)
select (select max_id from gen_prev where tbl = 'service_vote') + row_number() over (order by v.created, v.request_id, v.j),
    v.protocol_id, v.request_id, v.expert_id, v.vote, v.created
from gen_vote v;

insert into gen_changes select 'service_vote', count(*) from gen_vote;
