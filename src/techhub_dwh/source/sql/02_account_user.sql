-- Users join day by day (ids follow date_joined). Roles are mostly members; staff roles
-- belong to an organisation. Messiness: e-mails that repeat another user's in another case
-- or with spaces, phones typed in three other formats, roles in odd case or unknown,
-- last_login in 2099 or at the epoch.

create temp table gen_user as
select p.off + k as id, p.d, pg_temp.ts(p.t0, 100, p.off + k) as joined,
    case
        when pg_temp.r(111, p.off + k) < 0.935 then 'member'
        when pg_temp.r(111, p.off + k) < 0.975 then 'expert'
        when pg_temp.r(111, p.off + k) < 0.99 then 'moderator'
        when pg_temp.r(111, p.off + k) < 0.996 then 'manager'
        else 'admin'
    end as role,
    -- a quarter of the users signed up with OAuth, the others with an activation code
    case when pg_temp.r(120, p.off + k) < 0.22 then 'oauth'
        when pg_temp.r(121, p.off + k) < 0.6 then 'sms' else 'email' end as channel
from gen_plan p cross join generate_series(1, p.n) k
where p.entity = 'users';
alter table gen_user add primary key (id);
alter table gen_user add column last_login timestamptz;
-- active users log in recently; a tenth never logged in after signing up
update gen_user set last_login = case when pg_temp.r(115, id) < 0.1 then null
    else joined + (pg_temp.anchor() - joined) * power(pg_temp.r(116, id), 0.3) end;

insert into {schema}.account_user (id, email, phone, password, first_name, last_name, middle_name, role,
    is_active, is_verified, org_code, language, date_joined, last_login, updated_at)
select u.id,
    case
        when u.channel = 'sms' and pg_temp.r(105, u.id) < 0.5 then null
        when u.id > 1 and pg_temp.dk(106, u.id, 1) = 1 then case when pg_temp.r(107, u.id) < 0.5
            then upper(pg_temp.email(u.id - 1)) else ' ' || pg_temp.email(u.id - 1) || ' ' end
        else pg_temp.email(u.id)
    end,
    case when u.channel = 'email' and pg_temp.r(108, u.id) < 0.4 then null
        else pg_temp.messy_phone(pg_temp.phone(u.id), 109, u.id) end,
    'pbkdf2_sha256$600000$' || substr(md5('salt' || u.id), 1, 22) || '$'
        || encode(decode(md5('pw' || u.id), 'hex') || decode(md5('pw2' || u.id), 'hex'), 'base64'),
    pg_temp.first_name(u.id), pg_temp.last_name(u.id), pg_temp.middle_name(u.id),
    pg_temp.dirty_status(u.role, 112, u.id, 'superuser'),
    pg_temp.r(113, u.id) < 0.96,
    pg_temp.r(114, u.id) < case when u.role = 'member' then 0.62 else 0.98 end,
    case when u.role in ('moderator', 'manager', 'admin') or (u.role = 'expert' and pg_temp.r(117, u.id) < 0.5)
        then pg_temp.pick(118, u.id, array['astana_hub', 'astana_hub', 'mdai', 'qazinnovations', 'techgarden', 'techorda', 'itpark_alatau'])
    end,
    case when pg_temp.r(119, u.id) < 0.68 then 'ru' when pg_temp.r(119, u.id) < 0.9 then 'kk' else 'en' end,
    u.joined,
    case pg_temp.dk(110, u.id, 2)
        when 1 then timestamptz '2099-01-01 00:00:00+00' + pg_temp.ri(122, u.id, 300) * interval '1 day'
        when 2 then timestamptz '1970-01-01 00:00:00+00'
        else u.last_login
    end,
    greatest(u.joined, coalesce(u.last_login, u.joined))
from gen_user u;

insert into gen_changes select 'account_user', count(*) from gen_user;

-- activation codes: one per user who signed up with a code, plus codes never used
create temp table gen_activation as
select u.id as user_id, u.channel, u.joined - (1 + 9 * pg_temp.r(123, u.id)) * interval '1 minute' as created,
    u.joined as activated, u.id as k
from gen_user u
where u.channel <> 'oauth'
union all
select null, case when pg_temp.r(124, -(p.off + k)) < 0.6 then 'sms' else 'email' end,
    pg_temp.ts(p.t0, 125, -(p.off + k)), null, -(p.off + k)
from gen_plan p cross join generate_series(1, p.n) k
where p.entity = 'activations';

insert into {schema}.account_activation (id, code, channel, email, phone, user_id, attempts, created_at, expires_at, activated_at)
select (select max_id from gen_prev where tbl = 'account_activation') + row_number() over (order by a.created, a.k),
    lpad(pg_temp.ri(126, a.k, 1000000)::text, 6, '0'),
    a.channel,
    case when a.channel = 'email' then coalesce(trim(lower(u.email)), pg_temp.email(a.k + 10000000)) end,
    case when a.channel = 'sms' then coalesce(u.phone, pg_temp.phone(a.k)) end,
    a.user_id,
    case when a.user_id is null then pg_temp.ri(127, a.k, 6) else 1 + floor(power(pg_temp.r(127, a.k), 3) * 3) end,
    a.created, a.created + interval '10 minutes', a.activated
from gen_activation a
left join {schema}.account_user u on u.id = a.user_id;

insert into gen_changes select 'account_activation', count(*) from gen_activation;

-- OAuth links: the OAuth sign-ups, and a few code users linking an account later
create temp table gen_social as
select u.id as user_id, u.joined - interval '5 seconds' as created, u.last_login
from gen_user u where u.channel = 'oauth'
union all
select u.id, u.joined + (pg_temp.anchor() - u.joined) * pg_temp.r(130, u.id), u.last_login
from gen_user u where u.channel <> 'oauth' and pg_temp.r(131, u.id) < 0.05;

insert into {schema}.social_auth_usersocialauth (id, user_id, provider, uid, extra_data, created, modified)
select (select max_id from gen_prev where tbl = 'social_auth_usersocialauth') + row_number() over (order by s.created, s.user_id),
    s.user_id, p.provider,
    case p.provider
        when 'google-oauth2' then '1' || lpad(pg_temp.ri(133, s.user_id, 100000000000)::text, 11, '0') || lpad(pg_temp.ri(134, s.user_id, 1000000000)::text, 9, '0')
        when 'facebook' then lpad(pg_temp.ri(133, s.user_id, 10000000000000000)::text, 16, '0')
        when 'apple-id' then '001' || lpad(pg_temp.ri(133, s.user_id, 1000000)::text, 6, '0') || '.' || md5('apple' || s.user_id) || '.0412'
        else pg_temp.iin(135, s.user_id)
    end,
    -- fake tokens: the column is secret in real copies, so it must be there to be left alone
    jsonb_build_object(
        'auth_time', extract(epoch from s.created)::bigint,
        'access_token', 'ya29.a0' || md5('at' || s.user_id) || md5('at2' || s.user_id),
        'refresh_token', '1//0' || md5('rt' || s.user_id),
        'token_type', 'Bearer', 'expires', 3599),
    s.created, greatest(s.created, coalesce(s.last_login, s.created))
from gen_social s
cross join lateral (select case
    when pg_temp.r(132, s.user_id) < 0.7 then 'google-oauth2'
    when pg_temp.r(132, s.user_id) < 0.8 then 'apple-id'
    when pg_temp.r(132, s.user_id) < 0.88 then 'facebook'
    else 'egov' end as provider) p;

insert into gen_changes select 'social_auth_usersocialauth', count(*) from gen_social;

-- API tokens for about a third of the users (one per user)
insert into {schema}.authtoken_token (key, user_id, created)
select md5('token' || u.id || '{seed}') || substr(md5('tk' || u.id), 1, 8), u.id,
    u.joined + (pg_temp.anchor() - u.joined) * pg_temp.r(136, u.id)
from gen_user u
where pg_temp.r(137, u.id) < 0.35;

insert into gen_changes select 'authtoken_token', count(*) from gen_user u where pg_temp.r(137, u.id) < 0.35;
