-- dim_date has every day from 2019-01-01 to 31 December of the year after the build, once, and
-- every holiday of the seed in that range is flagged.
with

bounds as (

    select
        min(date) as first_day,
        max(date) as last_day,
        count(*) as days
    from {{ ref('dim_date') }}

),

expected as (

    select
        date '2019-01-01' as first_day,
        (date_trunc('year', {{ to_local(build_timestamp()) }}) + interval '2 years' - interval '1 day')::date as last_day

),

problems as (

    select 'range' as problem
    from bounds
    cross join expected
    where
        bounds.first_day <> expected.first_day
        or bounds.last_day <> expected.last_day
        or bounds.days <> bounds.last_day - bounds.first_day + 1

    union all

    select 'holiday ' || holidays.holiday_date::text
    from {{ ref('kz_public_holidays') }} as holidays
    left join {{ ref('dim_date') }} as days
        on holidays.holiday_date = days.date
    where coalesce(not days.is_holiday, holidays.holiday_date <= (select last_day from expected))

)

select * from problems
