-- Meeting-room bookings made up to two weeks ahead, in half hours of the working day, and
-- their status history (active -> finished, or active -> deactivated when cancelled).
-- Messiness: 0-minute bookings, an end before the start, 2099, the epoch, status case.

create temp table gen_booking as
with b as materialized (
    select p.off + k as id, p.d, pg_temp.ts(p.t0, 700, p.off + k) as created, c.users_lo, c.companies_lo
    from gen_plan p
    join gen_cum c on c.d = p.d
    cross join generate_series(1, p.n) k
    where p.entity = 'bookings'
), s as materialized (
    select b.*,
        (pg_temp.local_day(b.created) + floor(14 * power(pg_temp.r(701, b.id), 2))::integer
            + (9 + 0.5 * pg_temp.ri(702, b.id, 17)) * interval '1 hour') at time zone 'Asia/Almaty' as starts
    from b
)
select s.*, greatest(s.starts, s.created + interval '10 minutes') as starts_ok,
    greatest(s.starts, s.created + interval '10 minutes') + (1 + pg_temp.ri(703, s.id, 6)) * interval '30 minutes' as ends,
    s.created + (greatest(s.starts, s.created + interval '10 minutes') - s.created) * pg_temp.r(704, s.id) as cancelled,
    pg_temp.r(705, s.id) < 0.18 as is_cancel
from s;
alter table gen_booking add primary key (id);
alter table gen_booking add column status text;
update gen_booking set status = case
    when is_cancel and cancelled <= pg_temp.anchor() then 'deactivated'
    when ends <= pg_temp.anchor() then 'finished'
    else 'active' end;

insert into {schema}.booking_booking (id, room_id, author_id, company_id, title, start, "end", status, created_at, updated_at)
select b.id,
    (array[1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 27, 28, 29, 30])
        [1 + floor(27 * power(pg_temp.r(706, b.id), 1.3))::integer],
    greatest(1, b.users_lo - floor(b.users_lo * power(pg_temp.r(707, b.id), 1.5)))::bigint,
    case when pg_temp.r(708, b.id) < 0.5 then 1 + pg_temp.ri(709, b.id, b.companies_lo) end,
    pg_temp.pick(710, b.id, array['Встреча с клиентом', 'Собеседование', 'Планёрка', 'Презентация продукта', 'Воркшоп',
        'Созвон с инвестором', 'Встреча команды', 'Interview', 'Sprint review', 'Менторская сессия']),
    case pg_temp.dk(711, b.id, 4) when 3 then timestamptz '2099-03-01 10:00:00+05' when 4 then timestamptz '1970-01-01 00:00:00+00'
        else b.starts_ok end,
    case pg_temp.dk(711, b.id, 4) when 1 then b.starts_ok when 2 then b.starts_ok - interval '1 hour'
        when 3 then timestamptz '2099-03-01 11:00:00+05' else b.ends end,
    pg_temp.dirty_status(b.status, 712, b.id, 'cancelled'),
    b.created,
    case b.status when 'deactivated' then b.cancelled when 'finished' then b.ends else b.created end
from gen_booking b;

insert into gen_changes select 'booking_booking', count(*) from gen_booking;

create temp table gen_bookingstatus as
select id as booking_id, 1 as step, 'active' as status, greatest(1, users_lo - floor(users_lo * power(pg_temp.r(707, id), 1.5)))::bigint as author_id, created
from gen_booking
union all
select id, 2, 'finished', null, ends from gen_booking where status = 'finished'
union all
select id, 2, 'deactivated', greatest(1, users_lo - floor(users_lo * power(pg_temp.r(707, id), 1.5)))::bigint, cancelled
from gen_booking where status = 'deactivated';

insert into {schema}.booking_bookingstatus (id, booking_id, status, author_id, created_at)
select (select max_id from gen_prev where tbl = 'booking_bookingstatus') + row_number() over (order by s.created, s.booking_id, s.step),
    s.booking_id, s.status, s.author_id, s.created
from gen_bookingstatus s;

insert into gen_changes select 'booking_bookingstatus', count(*) from gen_bookingstatus;
