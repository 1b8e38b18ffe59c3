{{
    config(
        indexes=[
            {'columns': ['event_date_id']},
            {'columns': ['company_id']},
            {'columns': ['author_id']},
            {'columns': ['org_code']},
            {'columns': ['event_month']},
        ],
    )
}}

{#-
    One row per event. event_date_id is the local day of the start. participants_count =
    distinct users registered or attended, attended_count = distinct users attended,
    view_count = action-log 'view' rows of log type 'event' for this id.
-#}

with

events as (

    select * from {{ ref('int_events') }}

),

final as (

    select
        event_id,
        title,
        author_id,
        company_id,
        organization_id,
        org_code,
        city_id,
        datetime_start,
        datetime_end,
        event_date_id,
        {{ local_month('datetime_start') }} as event_month,
        duration_hours,
        event_type,
        event_format,
        status,
        coalesce(is_published, false) as is_published,
        published_at,
        coalesce(datetime_end < {{ build_timestamp() }}, false) as has_ended,
        max_participants,
        participants_count,
        attended_count,
        cancelled_count,
        view_count,
        reactions_up,
        reactions_down,
        favorites,
        created_at,
        updated_at

    from events

)

select * from final
