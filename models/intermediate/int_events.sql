{{
    config(
        indexes=[
            {'columns': ['event_id'], 'unique': true},
        ],
    )
}}

{#-
    One row per event: the staged event with its organisation's code, participation, views
    (action-log 'view' rows of log type 'event') and interactions.
-#}

with

events as (

    select * from {{ ref('stg_techhub__core_event') }}

),

organizations as (

    select * from {{ ref('stg_techhub__core_organization') }}

),

participation as (

    select * from {{ ref('int_event_participation') }}

),

views as (

    select
        content_id as event_id,
        view_count

    from {{ ref('int_content_views') }}
    where content_type = 'event'

),

interactions as (

    select * from {{ ref('int_content_interaction_counts') }}
    where content_type = 'event'

),

final as (

    select
        events.event_id,
        events.title,
        events.title_ru,
        events.title_kk,
        events.title_en,
        events.author_id,
        events.company_id,
        events.organization_id,
        organizations.code as org_code,
        events.city_id,
        events.datetime_start,
        events.datetime_end,
        events.event_date_id,
        events.duration_hours,
        events.event_type,
        events.event_format,
        events.max_participants,
        events.status,
        events.published,
        events.is_published,
        events.published_at,
        events.created_at,
        events.updated_at,
        coalesce(participation.participants_count, 0) as participants_count,
        coalesce(participation.attended_count, 0) as attended_count,
        coalesce(participation.cancelled_count, 0) as cancelled_count,
        coalesce(views.view_count, 0) as view_count,
        coalesce(interactions.reactions_up, 0) as reactions_up,
        coalesce(interactions.reactions_down, 0) as reactions_down,
        coalesce(interactions.favorites, 0) as favorites

    from events
    left join organizations
        on events.organization_id = organizations.organization_id
    left join participation
        on events.event_id = participation.event_id
    left join views
        on events.event_id = views.event_id
    left join interactions
        on events.event_id = interactions.content_id

)

select * from final
