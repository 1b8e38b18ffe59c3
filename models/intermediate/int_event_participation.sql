{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['event_id'], 'unique': true},
        ],
        post_hook=["{{ delete_vanished_keys('event_id', ref('stg_techhub__core_eventparticipant')) }}"],
    )
}}

{#-
    One row per event with at least one participant row: participants_count = distinct users
    with status registered or attended, attended_count = distinct users with status attended.
    Incremental by event (macros/marts/incremental.sql). core_eventparticipant has no updated_at
    and a participant's status changes in place (registered -> attended once the event is over,
    or cancelled), so besides the rows newer than the last id loaded or created in the lookback
    window, a run recomputes every event whose participant rows differ from what was loaded
    (row count and a fingerprint of id, user and status): status changes and deleted rows of
    events of any age are caught; a post-hook drops events left without participant rows.
-#}

with

participants as (

    select
        *,
        {{ row_fingerprint(['participant_id', 'user_id', 'status']) }} as row_fingerprint

    from {{ ref('stg_techhub__core_eventparticipant') }}

),

affected_events as (

    select distinct participants.event_id
    from participants
    {% if is_incremental() %}
        where
            participants.participant_id > (select coalesce(max(loaded.max_participant_id), 0) from {{ this }} as loaded)
            or participants.created_at >= (
                select least(max(loaded.last_registered_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'

        union

        select upstream.event_id
        from (
            select
                event_id,
                count(*) as participant_rows,
                sum(row_fingerprint) as rows_fingerprint
            from participants
            group by event_id
        ) as upstream
        left join {{ this }} as loaded
            on upstream.event_id = loaded.event_id
        where
            loaded.event_id is null
            or upstream.participant_rows <> loaded.participant_rows
            or upstream.rows_fingerprint <> loaded.rows_fingerprint
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
        max(participant_id) as max_participant_id,
        sum(row_fingerprint) as rows_fingerprint

    from scoped
    group by event_id

)

select * from final
