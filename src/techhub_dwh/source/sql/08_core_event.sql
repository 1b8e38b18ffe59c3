-- Events, published through moderation, and their participants (never more than the
-- event's capacity). Messiness: i18n texts, status case, an end before the start, a start
-- in 2099 or at the epoch, and the interaction arrays' broken shapes.

create temp table gen_event as
with b as materialized (
    select p.off + k as id, p.d, pg_temp.ts(p.t0, 300, p.off + k) as created, c.users_lo, c.companies_lo,
        case
            when pg_temp.r(301, p.off + k) < 0.25 then 'meetup'
            when pg_temp.r(301, p.off + k) < 0.45 then 'workshop'
            when pg_temp.r(301, p.off + k) < 0.65 then 'webinar'
            when pg_temp.r(301, p.off + k) < 0.75 then 'conference'
            when pg_temp.r(301, p.off + k) < 0.83 then 'hackathon'
            when pg_temp.r(301, p.off + k) < 0.90 then 'demo_day'
            else 'pitch'
        end as event_type
    from gen_plan p
    join gen_cum c on c.d = p.d
    cross join generate_series(1, p.n) k
    where p.entity = 'events'
), t as materialized (
    select b.*,
        ((b.created at time zone 'Asia/Almaty')::date + 2 + floor(40 * pg_temp.r(302, b.id))::integer
            + (array[10, 11, 14, 15, 16, 18, 19])[1 + pg_temp.ri(303, b.id, 7)::integer] * interval '1 hour')
            at time zone 'Asia/Almaty' as starts,
        b.created + (0.05 + 2 * power(pg_temp.r(304, b.id), 2)) * interval '1 day' as pub
    from b
)
select t.*,
    t.starts + case t.event_type
        when 'hackathon' then (24 + 24 * pg_temp.ri(305, t.id, 2)) * interval '1 hour'
        when 'conference' then (6 + pg_temp.ri(305, t.id, 4)) * interval '1 hour'
        else (1 + pg_temp.ri(305, t.id, 3)) * interval '1 hour'
    end as ends,
    pg_temp.moderation(306, t.id, t.pub) as status,
    case
        when pg_temp.r(307, t.id) < 0.15 then null
        when t.event_type = 'webinar' then (array[300, 500, 1000])[1 + pg_temp.ri(308, t.id, 3)::integer]
        when t.event_type = 'hackathon' then 50 + 10 * pg_temp.ri(308, t.id, 16)
        when t.event_type = 'conference' then 100 + 50 * pg_temp.ri(308, t.id, 9)
        else 20 + 10 * pg_temp.ri(308, t.id, 9)
    end::integer as max_participants,
    1 + pg_temp.ri(309, t.id, 12)::integer as topic
from t;
alter table gen_event add primary key (id);

insert into {schema}.core_event (id, title, content, datetime_start, datetime_end, event_type, event_format, author_id,
    company_id, organization_id, city_id, max_participants, status, published, published_at, created_at, updated_at,
    reaction_up_users, reaction_down_users, favorite_users)
select e.id,
    pg_temp.i18n(n.ru || ': ' || (array['ИИ', 'финтех', 'GovTech', 'EdTech', 'кибербезопасность', 'Data Science', 'стартапы',
            'блокчейн', 'мобильная разработка', 'облачные технологии', 'продакт-менеджмент', 'геймдев'])[e.topic] || ' #' || e.id,
        n.kk || ': ' || (array['ЖИ', 'финтех', 'GovTech', 'EdTech', 'киберқауіпсіздік', 'Data Science', 'стартаптар',
            'блокчейн', 'мобильді әзірлеу', 'бұлтты технологиялар', 'продакт-менеджмент', 'геймдев'])[e.topic] || ' #' || e.id,
        n.en || ': ' || (array['AI', 'fintech', 'GovTech', 'EdTech', 'cybersecurity', 'Data Science', 'startups',
            'blockchain', 'mobile development', 'cloud', 'product management', 'game development'])[e.topic] || ' #' || e.id,
        310, e.id),
    pg_temp.i18n('Приглашаем на ' || lower(n.ru) || '. Регистрация обязательна.', 'Тіркелу міндетті.',
        'Join us for the ' || lower(n.en) || '. Registration required.', 311, e.id),
    case pg_temp.dk(312, e.id, 2) when 1 then timestamptz '2099-06-01 10:00:00+05' when 2 then timestamptz '1970-01-01 00:00:00+00'
        else e.starts end,
    case when pg_temp.dk(313, e.id, 1) = 1 then e.starts - interval '2 hours' else e.ends end,
    e.event_type,
    case when e.event_type = 'webinar' then 'online'
        when pg_temp.r(314, e.id) < 0.55 then 'offline' when pg_temp.r(314, e.id) < 0.8 then 'online' else 'hybrid' end,
    greatest(1, e.users_lo - pg_temp.ri(315, e.id, e.users_lo)),
    case when pg_temp.r(316, e.id) < 0.6 then 1 + pg_temp.ri(317, e.id, e.companies_lo) end,
    case when pg_temp.r(318, e.id) < 0.25 then 1 + pg_temp.ri(319, e.id, 7) end,
    case when e.event_type = 'webinar' or pg_temp.r(320, e.id) < 0.1 then null
        when pg_temp.r(321, e.id) < 0.5 then 1 when pg_temp.r(321, e.id) < 0.8 then 2 else 3 + pg_temp.ri(322, e.id, 13) end,
    e.max_participants,
    pg_temp.dirty_status(e.status, 323, e.id, 'archived'),
    e.status = 'success',
    case when e.status = 'success' then e.pub end,
    e.created,
    case when e.status = 'success' then e.pub else e.created + least(pg_temp.anchor() - e.created, interval '3 hours') end,
    case when e.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(324, e.id, e.users_lo) + j * 1000003) % e.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(325, e.id), 2) * 40)::integer, e.users_lo)::integer) j), 324, e.id, e.users_lo) else '{}' end,
    case when e.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(326, e.id, e.users_lo) + j * 1000003) % e.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(327, e.id), 4) * 6)::integer, e.users_lo)::integer) j), 326, e.id, e.users_lo) else '{}' end,
    case when e.status = 'success' then pg_temp.messy_ids(array(select (1 + (pg_temp.ri(328, e.id, e.users_lo) + j * 1000003) % e.users_lo)::integer
        from generate_series(1, least(floor(power(pg_temp.r(329, e.id), 3) * 15)::integer, e.users_lo)::integer) j), 328, e.id, e.users_lo) else '{}' end
from gen_event e
join (values
    ('meetup', 'Митап', 'Митап', 'Meetup'), ('workshop', 'Воркшоп', 'Воркшоп', 'Workshop'),
    ('webinar', 'Вебинар', 'Вебинар', 'Webinar'), ('conference', 'Конференция', 'Конференция', 'Conference'),
    ('hackathon', 'Хакатон', 'Хакатон', 'Hackathon'), ('demo_day', 'Demo Day', 'Demo Day', 'Demo Day'),
    ('pitch', 'Питч-сессия', 'Питч-сессия', 'Pitch session')
) n (event_type, ru, kk, en) on n.event_type = e.event_type;

insert into gen_changes select 'core_event', count(*) from gen_event;

-- participants: distinct users (a stride through the ids), at most the capacity; once
-- the event is over most of them are marked as attended
create temp table gen_participant as
select e.id as event_id, j,
    (1 + (pg_temp.ri(330, e.id, e.users_lo) + j * 1000003) % e.users_lo) as user_id,
    pg_temp.between_ts(e.pub, e.starts, 331, e.id * 1000 + j, 1) as created,
    case
        when e.ends <= pg_temp.anchor() then case when pg_temp.r(332, e.id * 1000 + j) < 0.62 then 'attended'
            when pg_temp.r(332, e.id * 1000 + j) < 0.82 then 'registered' else 'cancelled' end
        when pg_temp.r(332, e.id * 1000 + j) < 0.88 then 'registered' else 'cancelled'
    end as status
from gen_event e
cross join generate_series(1, least(coalesce(e.max_participants, 1000), e.users_lo,
    floor(3 + 150 * power(pg_temp.r(333, e.id), 2.5))::integer)::integer) j
where e.status = 'success';

insert into {schema}.core_eventparticipant (id, event_id, user_id, status, created_at)
select (select max_id from gen_prev where tbl = 'core_eventparticipant') + row_number() over (order by p.created, p.event_id, p.j),
    p.event_id, p.user_id, p.status, p.created
from gen_participant p;

insert into gen_changes select 'core_eventparticipant', count(*) from gen_participant;
