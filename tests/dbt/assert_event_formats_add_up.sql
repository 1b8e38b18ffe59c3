-- The format columns cover every published event: a format that staging lets through without a
-- column of its own (a new value added to the contract) would make a stacked chart fall short.
select month, published_events, online, offline, hybrid, unknown
from {{ ref('kpi_events_monthly') }}
where online + offline + hybrid + unknown <> published_events
