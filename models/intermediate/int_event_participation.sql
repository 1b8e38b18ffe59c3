{{
    config(
        materialized='incremental',
        unique_key='event_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['event_id'], 'unique': true},
        ],
        meta={'changed_keys': [{
            'feed': 'stg_techhub__core_eventparticipant', 'key': ['feed.event_id'], 'mode': 'fingerprint',
            'fingerprint': "hashtext(concat_ws('|', feed.participant_id, feed.user_id, feed.status))::bigint",
            'loaded_fingerprint': 'sum(rows_fingerprint)',
        }]},
    )
}}

{#-
    One row per event with at least one participant row: participants_count = distinct users
    with status registered or attended, attended_count = distinct users with status attended.
    Incremental (macros/incremental/changed_keys.sql), keyed by event. core_eventparticipant has
    no updated_at and a participant's status changes in place (registered -> attended once the
    event is over, or cancelled), so the change is found by a fingerprint:
      - change detected: every run sums a hash of (id, user, status) of each event's participant
        rows and compares it with the sum stored here; the events that differ are recomputed;
      - a late row, an update in place, a deletion: each changes its event's sum, whatever the
        event's age; an event left without participant rows disappears.
    The comparison reads the whole participant table (narrow rows, no join), the price of a
    source without change times.
-#}

with

participants as (

    select * from {{ ref('stg_techhub__core_eventparticipant') }}
    where {{ changed_keys_filter('event_id') }}

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
        sum(hashtext(concat_ws('|', participant_id, user_id, status))::bigint) as rows_fingerprint

    from participants
    group by event_id

)

select * from final
