{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['event_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per event with at least one participant row: participants_count = distinct users
    with status registered or attended, attended_count = distinct users with status attended.
    Incremental by event. core_eventparticipant has no updated_at, and a participant's status
    changes in place (registered -> attended once the event is over), so a run recomputes every
    event that has
      - a participant row newer than the last id loaded, or created in the lookback window;
      - a start or end in the lookback window or later, or no valid end (its participants may
        still change status);
      - an update of the event row itself in the lookback window.
    The lookback window is var('incremental_lookback_days') days before the latest participant
    time already loaded (capped at the build time).
-#}

with

participants as (

    select * from {{ ref('stg_techhub__core_eventparticipant') }}

),

events as (

    select * from {{ ref('stg_techhub__core_event') }}

),

{% if is_incremental() %}
    cutoff as (

        select
            least(max(loaded.last_registered_at), {{ build_timestamp() }})
            - interval '{{ var("incremental_lookback_days") }} days' as cutoff_at

        from {{ this }} as loaded

    ),
{% endif %}

affected_events as (

    select participants.event_id
    from participants
    {% if is_incremental() %}
        where
            participants.participant_id > (select coalesce(max(loaded.max_participant_id), 0) from {{ this }} as loaded)
            or participants.created_at >= (select cutoff.cutoff_at from cutoff)

        union

        select events.event_id
        from events
        where
            events.datetime_end is null
            or events.datetime_end >= (select cutoff.cutoff_at from cutoff)
            or events.datetime_start >= (select cutoff.cutoff_at from cutoff)
            or events.updated_at >= (select cutoff.cutoff_at from cutoff)
    {% endif %}

),

scoped as (

    select participants.*
    from participants
    where participants.event_id in (select affected_events.event_id from affected_events)

),

final as (

    select
        event_id,
        count(*) as participant_rows,
        count(distinct user_id) filter (where status in ('registered', 'attended')) as participants_count,
        count(distinct user_id) filter (where status = 'attended') as attended_count,
        count(distinct user_id) filter (where status = 'cancelled') as cancelled_count,
        min(created_at) as first_registered_at,
        max(created_at) as last_registered_at,
        max(participant_id) as max_participant_id

    from scoped
    group by event_id

)

select * from final
