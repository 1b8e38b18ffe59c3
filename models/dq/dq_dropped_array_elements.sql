{#-
    One row per element that the interaction bridge (stg_techhub__content_interactions) dropped
    from an array of a content table (reaction_up_users, reaction_down_users, favorite_users): a
    NULL element, a second occurrence of a user, or an id of no account_user. An element dropped
    n times gives n identical rows. With the bridge rows, it accounts for every element (the test
    assert_content_interactions_account_for_every_element).
    A table rebuilt on every run. An array holds as many elements as the bridge kept from it
    (int_content_interaction_counts: one bridge row is one distinct kept user of a kind) unless it
    had something to drop; only those arrays (few) are unnested and their elements classified, so
    the cost follows the content tables, not the number of elements.
-#}

with

interaction_arrays as (

    {{ interaction_arrays() }}

),

kept_counts as (

    select * from {{ ref('int_content_interaction_counts') }}

),

arrays_with_drops as (

    select
        interaction_arrays.content_table,
        interaction_arrays.content_id,
        interaction_arrays.column_name,
        interaction_arrays.user_ids

    from interaction_arrays
    left join kept_counts
        on
            interaction_arrays.content_type = kept_counts.content_type
            and interaction_arrays.content_id = kept_counts.content_id
    where
        {{ array_size('interaction_arrays.user_ids') }} > coalesce(
            case interaction_arrays.kind
                when 'reaction_up' then kept_counts.reactions_up
                when 'reaction_down' then kept_counts.reactions_down
                when 'favorite' then kept_counts.favorites
            end,
            0
        )

),

elements as (

    select
        arrays_with_drops.content_table,
        arrays_with_drops.content_id,
        arrays_with_drops.column_name,
        element.user_id

    from arrays_with_drops
    cross join lateral {{ unnest_array('arrays_with_drops.user_ids') }} as element (user_id)

),

element_groups as (

    select
        content_table,
        content_id,
        column_name,
        user_id,
        count(*) as occurrences

    from elements
    group by content_table, content_id, column_name, user_id

),

users as (

    select id as user_id from {{ source('techhub', 'account_user') }}

),

dropped_groups as (

    select
        element_groups.content_table,
        element_groups.content_id,
        element_groups.column_name,
        element_groups.user_id,
        case
            when element_groups.user_id is null then 'null element'
            when users.user_id is null then 'no account_user with this id'
            else 'duplicate element'
        end as detail,
        -- an existing user is kept once; every other occurrence is dropped
        element_groups.occurrences - case when users.user_id is not null then 1 else 0 end as dropped

    from element_groups
    left join users
        on element_groups.user_id = users.user_id

),

final as (

    select
        dropped_groups.content_table as source_table,
        dropped_groups.content_id::text as source_key,
        dropped_groups.column_name,
        'dropped_array_element' as issue,
        dropped_groups.user_id::text as raw_value,
        dropped_groups.detail,
        {{ build_timestamp() }} as detected_at

    from dropped_groups
    cross join lateral {{ integer_series('1', 'dropped_groups.dropped') }} as occurrence (n)
    where dropped_groups.dropped > 0

)

select * from final
