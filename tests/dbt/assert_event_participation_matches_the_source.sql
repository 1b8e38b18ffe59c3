{{ config(meta={'dagster': {'ref': {'name': 'fact_event'}}}, tags=['whole_source']) }}
{#-
    fact_event's participation counts against core_eventparticipant read straight from the source
    (statuses cleaned with the staging macro), not through int_event_participation, the
    incremental model (a fingerprint per event finds the rows changed in place) that counts them:
    participants_count = distinct users registered or attended, attended_count = distinct users
    attended, cancelled_count = distinct users cancelled, 0 for an event without participant
    rows. So attended_count <= participants_count holds because the source says so, and an event
    whose participants changed without being recounted shows here. Returns the events that differ.
-#}

{%- set participant_statuses = ['registered', 'attended', 'cancelled'] %}

with

participants as (

    select
        event_id,
        user_id,
        {{ clean_enum('status', participant_statuses) }} as status

    from {{ source('techhub', 'core_eventparticipant') }}

),

expected as (

    select
        event_id,
        count(distinct user_id) filter (where status in ('registered', 'attended')) as participants_count,
        count(distinct user_id) filter (where status = 'attended') as attended_count,
        count(distinct user_id) filter (where status = 'cancelled') as cancelled_count

    from participants
    group by event_id

),

events as (

    select * from {{ ref('fact_event') }}

)

select
    events.event_id,
    events.participants_count,
    coalesce(expected.participants_count, 0) as source_participants_count,
    events.attended_count,
    coalesce(expected.attended_count, 0) as source_attended_count,
    events.cancelled_count,
    coalesce(expected.cancelled_count, 0) as source_cancelled_count

from events
left join expected
    on events.event_id = expected.event_id
where
    (events.participants_count, events.attended_count, events.cancelled_count)
    is distinct from (
        coalesce(expected.participants_count, 0),
        coalesce(expected.attended_count, 0),
        coalesce(expected.cancelled_count, 0)
    )
