{{
    config(
        indexes=[
            {'columns': ['date'], 'unique': true},
            {'columns': ['year', 'month']},
        ],
    )
}}

{#-
    One row per local (Asia/Almaty) calendar day from 2019-01-01 to 31 December of the year
    after the build's year. is_holiday comes from the seed kz_public_holidays.
-#}

with

days as (

    select calendar_day::date as date
    from
        generate_series(
            '2019-01-01'::date,
            (date_trunc('year', {{ to_local(build_timestamp()) }}) + interval '2 years' - interval '1 day')::date,
            interval '1 day'
        ) as calendar_day

),

holidays as (

    select
        holiday_date,
        name_en as holiday_name_en,
        name_ru as holiday_name_ru,
        name_kk as holiday_name_kk

    from {{ ref('kz_public_holidays') }}

),

month_names as (

    select
        month_number,
        name_ru,
        name_kk,
        name_en

    from (
        values
        (1, 'Январь', 'Қаңтар', 'January'),
        (2, 'Февраль', 'Ақпан', 'February'),
        (3, 'Март', 'Наурыз', 'March'),
        (4, 'Апрель', 'Сәуір', 'April'),
        (5, 'Май', 'Мамыр', 'May'),
        (6, 'Июнь', 'Маусым', 'June'),
        (7, 'Июль', 'Шілде', 'July'),
        (8, 'Август', 'Тамыз', 'August'),
        (9, 'Сентябрь', 'Қыркүйек', 'September'),
        (10, 'Октябрь', 'Қазан', 'October'),
        (11, 'Ноябрь', 'Қараша', 'November'),
        (12, 'Декабрь', 'Желтоқсан', 'December')
    ) as names (month_number, name_ru, name_kk, name_en)

),

final as (

    select
        to_char(days.date, 'YYYYMMDD')::integer as date_id,
        days.date,
        extract(year from days.date)::integer as year,
        extract(quarter from days.date)::integer as quarter,
        extract(month from days.date)::integer as month,
        extract(week from days.date)::integer as week,
        extract(isoyear from days.date)::integer as iso_year,
        extract(day from days.date)::integer as day,
        extract(isodow from days.date)::integer as day_of_week,
        extract(doy from days.date)::integer as day_of_year,
        date_trunc('month', days.date)::date as month_start,
        date_trunc('week', days.date)::date as week_start,
        extract(isodow from days.date) in (6, 7) as is_weekend,
        holidays.holiday_date is not null as is_holiday,
        extract(isodow from days.date) not in (6, 7) and holidays.holiday_date is null as is_working_day,
        holidays.holiday_name_ru,
        holidays.holiday_name_kk,
        holidays.holiday_name_en,
        month_names.name_ru as month_name_ru,
        month_names.name_kk as month_name_kk,
        month_names.name_en as month_name_en

    from days
    left join holidays
        on days.date = holidays.holiday_date
    inner join month_names
        on extract(month from days.date) = month_names.month_number

)

select * from final
