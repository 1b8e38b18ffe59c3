{{ config(meta={'dagster': {'ref': {'name': 'dim_user'}}}) }}
-- Marts hold masked personal data only: every dim_user e-mail is masked (x***@domain or ***), the
-- full name is one word and an initial at most (`Aigerim S.`, `Aigerim`, `S.`: a longer first name
-- would be a name in clear), and dim_company shows the TIN of legal entities only (an ie's TIN is
-- the owner's IIN, and a company of unknown type may be one).
select 'dim_user.email' as problem, user_id as row_id
from {{ ref('dim_user') }}
where email is not null and email !~ '^.\*\*\*@[^@]+$' and email <> '***'

union all

select 'dim_user.full_name', user_id
from {{ ref('dim_user') }}
where full_name is not null and full_name !~ '^([^ ]+( [^ ]\.)?|[^ ]\.)$'

union all

select 'dim_company.tin', company_id
from {{ ref('dim_company') }}
where
    tin is not null
    and (type is null or type not in ('llp', 'jsc', 'branch', 'foreign', 'ngo'))
