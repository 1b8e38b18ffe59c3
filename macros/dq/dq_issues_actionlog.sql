{#
    Post-hook of dq_issues_actionlog (incremental runs): delete the markers (issue null) written
    for recomputed keys, and the rows whose action-log row is no longer staged (deleted in the
    source). The second is one index probe into stg_techhub__core_actionlog per issue row: the
    model holds only the few rows with an issue, never the whole log.
#}
{% macro dq_actionlog_delete_markers_and_vanished() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as loaded
        where
            loaded.issue is null
            or not exists (
                select 1 from {{ ref('stg_techhub__core_actionlog') }} as action_log
                where action_log.action_log_id = loaded.action_log_id
            )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
