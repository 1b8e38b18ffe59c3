{#-
    One row per local month of the events' start: published events, the mean attendance of the
    published events that ended before the build, and published events by format. The four format
    columns add up to published_events: `unknown` takes the events whose source format is outside
    the contract's set (staging made it 'unknown'), which would otherwise vanish from a stacked chart.
-#}

with

events as (

    select
        event_month as month,
        count(*) as published_events,
        round(avg(attended_count) filter (where has_ended), 2) as avg_attendance,
        count(*) filter (where event_format = 'online') as online,
        count(*) filter (where event_format = 'offline') as offline,
        count(*) filter (where event_format = 'hybrid') as hybrid,
        count(*) filter (where event_format = 'unknown' or event_format is null) as unknown

    from {{ ref('fact_event') }}
    where
        is_published
        and event_month is not null
    group by event_month

),

months as (

    {{ month_spine('select month from events') }}

),

final as (

    select
        months.month,
        months.is_complete_month,
        coalesce(events.published_events, 0) as published_events,
        events.avg_attendance,
        coalesce(events.online, 0) as online,
        coalesce(events.offline, 0) as offline,
        coalesce(events.hybrid, 0) as hybrid,
        coalesce(events.unknown, 0) as unknown

    from months
    left join events
        on months.month = events.month

)

select * from final
