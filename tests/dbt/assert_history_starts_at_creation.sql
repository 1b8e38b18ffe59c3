{{ config(meta={'dagster': {'ref': {'name': 'dim_user_history'}}}) }}
-- SCD2 history is backdated to creation, and only there (docs/guarantees.md): each company's and
-- user's first version starts at its creation as the dims know it (from staging, not from the
-- snapshot) or at its first record when that is earlier; every later version starts when a
-- snapshot recorded it.
with

first_versions as (

    select
        'company' as entity,
        history.company_id as entity_id,
        history.valid_from,
        history.recorded_at,
        history.is_backdated,
        least(dim_company.created_at, history.recorded_at) as expected_from
    from {{ ref('dim_company_history') }} as history
    inner join {{ ref('dim_company') }} as dim_company
        on history.company_id = dim_company.company_id
    where history.version_number = 1

    union all

    select
        'user',
        history.user_id,
        history.valid_from,
        history.recorded_at,
        history.is_backdated,
        least(dim_user.registered_at, history.recorded_at)
    from {{ ref('dim_user_history') }} as history
    inner join {{ ref('dim_user') }} as dim_user
        on history.user_id = dim_user.user_id
    where history.version_number = 1

),

later_versions as (

    select 'company' as entity, company_id as entity_id, valid_from, recorded_at, is_backdated
    from {{ ref('dim_company_history') }}
    where version_number > 1

    union all

    select 'user', user_id, valid_from, recorded_at, is_backdated
    from {{ ref('dim_user_history') }}
    where version_number > 1

)

select entity, entity_id, 'first version does not start at creation' as problem
from first_versions
where
    valid_from <> expected_from
    or is_backdated <> (valid_from < recorded_at)

union all

select entity, entity_id, 'a later version is backdated'
from later_versions
where is_backdated or valid_from <> recorded_at
