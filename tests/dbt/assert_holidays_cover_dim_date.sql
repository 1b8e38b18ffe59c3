{{ config(meta={'dagster': {'ref': {'name': 'dim_date'}}}) }}
-- The holiday seed covers every year of dim_date: each year holds every holiday that the seed
-- lists in all of its years. dim_date runs to the end of the year after the build, so on
-- 1 January this fails until the new year after it is added to seeds/kz_public_holidays.csv,
-- rather than letting is_holiday and is_working_day go silently wrong.
with

calendar_years as (

    select distinct year
    from {{ ref('dim_date') }}

),

holiday_years as (

    select distinct
        extract(year from holiday_date)::integer as year,
        holiday_code
    from {{ ref('kz_public_holidays') }}

),

holidays_of_every_year as (

    select holiday_code
    from holiday_years
    group by holiday_code
    having count(*) = (select count(distinct year) from holiday_years)

)

select
    calendar_years.year,
    holidays_of_every_year.holiday_code as missing_holiday
from calendar_years
cross join holidays_of_every_year
where not exists (
    select 1
    from holiday_years
    where
        holiday_years.year = calendar_years.year
        and holiday_years.holiday_code = holidays_of_every_year.holiday_code
)
