{#- an element naming a deleted user is dropped from then on: a deletion there reloads every item -#}
{%- set feeds = [
    {
        'feed': 'macro:interaction_arrays_fingerprints', 'key': ['feed.content_type', 'feed.content_id'],
        'mode': 'fingerprint', 'fingerprint': 'feed.arrays_fingerprint', 'loaded_fingerprint': 'max(arrays_fingerprint)',
    },
    {'feed': 'source:account_user', 'key': [], 'id': 'id'},
] -%}

{{
    config(
        materialized='incremental',
        unique_key=['content_type', 'content_id'],
        on_schema_change='fail',
        indexes=[
            {'columns': ['content_type', 'content_id', 'user_id', 'kind'], 'unique': true},
            {'columns': ['load_id']},
        ],
        meta={'changed_keys': feeds},
    )
}}

{#-
    The bridge of the interaction arrays of every content table: one row per
    (content_type, content_id, user_id, kind). NULL elements, duplicates and ids of users that
    do not exist are dropped (each dropped element is a row of dq.dq_issues, issue
    'dropped_array_element'); a NULL or empty array gives no rows.
    Incremental (macros/incremental/changed_keys.sql), keyed by content item. The arrays change in
    place (a like) and the spec promises no change time for it, so the change is found by a
    fingerprint of each content row's three arrays, stored on its rows here:
      - change detected: every run compares each content row's fingerprint with the stored one
        (a read of the content tables' array columns, no unnesting); the items that differ are
        unnested again;
      - a late row, an update in place, a deletion of a content row: each changes or removes a
        fingerprint;
      - a user deleted: account_user's count and id sum up to the last id read fall, and every
        item is reloaded (its elements may name that user). Ids in arrays are of users that
        existed when they reacted, so a new user changes no item.
    An item whose elements are all dropped has no rows, so its fingerprint is compared as
    missing and the item is unnested again on every run (a few dirty rows).
    load_id numbers the build that last wrote an item: int_content_interaction_counts follows it.
-#}

with

arrays as (

    {{ interaction_arrays(only_changed_keys=true) }}

),

elements as (

    select
        arrays.content_type,
        arrays.content_id,
        arrays.kind,
        arrays.arrays_fingerprint,
        element.user_id

    from arrays
    cross join lateral {{ unnest_array('arrays.user_ids') }} as element (user_id)

),

users as (

    select id as user_id from {{ source('techhub', 'account_user') }}

),

final as (

    select distinct
        elements.content_type,
        elements.content_id,
        elements.user_id::bigint as user_id,
        elements.kind,
        elements.arrays_fingerprint,
        {{ changed_keys_load_id() }} as load_id

    from elements
    inner join users
        on elements.user_id = users.user_id

)

select * from final
