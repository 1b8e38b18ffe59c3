{{ config(meta={'dagster': {'ref': {'name': 'dim_user_history'}}}) }}
-- SCD2 history: at most one current version per key, versions do not overlap, and every company
-- and user in the dims has a current version.
with

company_versions as (

    select
        'company' as entity,
        company_id as entity_id,
        valid_from,
        valid_to,
        is_current,
        lead(valid_from) over (partition by company_id order by valid_from) as next_from
    from {{ ref('dim_company_history') }}

),

user_versions as (

    select
        'user' as entity,
        user_id as entity_id,
        valid_from,
        valid_to,
        is_current,
        lead(valid_from) over (partition by user_id order by valid_from) as next_from
    from {{ ref('dim_user_history') }}

),

versions as (

    select * from company_versions
    union all
    select * from user_versions

)

select entity, entity_id, 'several current versions' as problem
from versions
group by entity, entity_id
having count(*) filter (where is_current) > 1

union all

select entity, entity_id, 'overlap'
from versions
where next_from is not null and (valid_to is null or valid_to > next_from)

union all

select 'company', dim_company.company_id, 'no current version'
from {{ ref('dim_company') }} as dim_company
where not exists (
    select 1 from {{ ref('dim_company_history') }} as history
    where history.company_id = dim_company.company_id and history.is_current
)

union all

select 'user', dim_user.user_id, 'no current version'
from {{ ref('dim_user') }} as dim_user
where not exists (
    select 1 from {{ ref('dim_user_history') }} as history
    where history.user_id = dim_user.user_id and history.is_current
)
