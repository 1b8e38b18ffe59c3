{{
    config(
        materialized='table',
        indexes=[
            {'columns': ['content_type', 'content_id', 'user_id', 'kind'], 'unique': true},
            {'columns': ['user_id']},
        ],
    )
}}

{#-
    The bridge of the interaction arrays of every content table: one row per
    (content_type, content_id, user_id, kind). NULL elements, duplicates and ids of users that
    do not exist are dropped (each dropped element is a row of dq.dq_issues,
    issue 'dropped_array_element'); a NULL or empty array gives no rows.
-#}

with

elements as (

    {{ interaction_elements() }}

),

users as (

    select id as user_id from {{ source('techhub', 'account_user') }}

),

final as (

    select distinct
        elements.content_type,
        elements.content_id,
        elements.user_id::bigint as user_id,
        elements.kind

    from elements
    inner join users
        on elements.user_id = users.user_id

)

select * from final
