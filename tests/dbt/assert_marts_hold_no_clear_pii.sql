{{ config(meta={'dagster': {'ref': {'name': 'dim_user'}}}) }}
-- Marts hold masked personal data only: every dim_user e-mail is masked (x***@domain or ***) and
-- the full name is at most a first name and an initial; no ie company exposes its TIN.
select 'dim_user.email' as problem, user_id as row_id
from {{ ref('dim_user') }}
where email is not null and email !~ '^.\*\*\*@[^@]+$' and email <> '***'

union all

select 'dim_user.full_name', user_id
from {{ ref('dim_user') }}
where full_name is not null and full_name !~ '^([^ ]+( [^ .]\.)?|[^ .]\.)$' and full_name !~ ' [^ .]\.$'

union all

select 'dim_company.tin', company_id
from {{ ref('dim_company') }}
where type = 'ie' and tin is not null
