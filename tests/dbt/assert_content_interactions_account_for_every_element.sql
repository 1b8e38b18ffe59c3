{{ config(tags=['dq'], meta={'dagster': {'ref': {'name': 'dq_dropped_array_elements'}}}) }}
{#-
    Every element of every interaction array is either a row of stg_techhub__content_interactions or
    a dropped element in dq.dq_dropped_array_elements (NULL, duplicate, unknown user; dq.dq_issues shows
    the same rows): per content table and column,
    elements = bridge rows + dropped elements. Returns the tables and columns where it does not add up.
-#}

with

elements as (

    {{ interaction_elements() }}

),

element_counts as (

    select
        content_type,
        content_table,
        kind,
        column_name,
        count(*) as elements

    from elements
    group by content_type, content_table, kind, column_name

),

bridge_counts as (

    select
        content_type,
        kind,
        count(*) as bridge_rows

    from {{ ref('stg_techhub__content_interactions') }}
    group by content_type, kind

),

dropped_counts as (

    select
        source_table,
        column_name,
        count(*) as dropped

    from {{ ref('dq_dropped_array_elements') }}
    group by source_table, column_name

)

select
    element_counts.content_table,
    element_counts.column_name,
    element_counts.elements,
    coalesce(bridge_counts.bridge_rows, 0) as bridge_rows,
    coalesce(dropped_counts.dropped, 0) as dropped

from element_counts
left join bridge_counts
    on
        element_counts.content_type = bridge_counts.content_type
        and element_counts.kind = bridge_counts.kind
left join dropped_counts
    on
        element_counts.content_table = dropped_counts.source_table
        and element_counts.column_name = dropped_counts.column_name
where element_counts.elements <> coalesce(bridge_counts.bridge_rows, 0) + coalesce(dropped_counts.dropped, 0)
