{#-
    One row per source table (all of the source contract): rows in the source, rows kept by
    staging (a polymorphic table's typed models summed), rows set aside in dq_set_aside.
    The test assert_dq_reconciliation_balanced proves source_rows = staged_rows + set_aside_rows.
-#}

with

set_aside as (

    select
        source_table,
        count(*) as set_aside_rows

    from {{ ref('dq_set_aside') }}
    group by source_table

),

counts as (

    {% for table in techhub_source_tables() %}
        select
            '{{ table }}' as source_table,
            (select count(*) from {{ source('techhub', table) }}) as source_rows,
            (
                {%- for model in dq_staged_models(table) %}
                    (select count(*) from {{ ref(model) }}){{ ' +' if not loop.last }}
                {%- endfor %}
            ) as staged_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        counts.source_table,
        counts.source_rows,
        counts.staged_rows,
        coalesce(set_aside.set_aside_rows, 0) as set_aside_rows,
        counts.source_rows = counts.staged_rows + coalesce(set_aside.set_aside_rows, 0) as is_balanced,
        {{ build_timestamp() }} as checked_at

    from counts
    left join set_aside
        on counts.source_table = set_aside.source_table

)

select * from final
