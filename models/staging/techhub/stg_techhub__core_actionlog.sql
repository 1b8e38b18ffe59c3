{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='action_log_id',
        on_schema_change='fail',
        pre_hook="{{ delete_rows_missing_from_source(source('techhub', 'core_actionlog'), 'action_log_id') }}",
        post_hook='analyze {{ this }}',
        indexes=[
            {'columns': ['action_log_id'], 'unique': true},
            {'columns': ['log_type', 'target_id']},
            {'columns': ['created_at']},
        ],
    )
}}

{#-
    Every action-log row (the largest, daily-growing table), incremental: a run reads the source
    rows newer than the last id loaded, plus the rows created in the last
    var('incremental_lookback_days') days (late or re-written rows), and replaces them by
    action_log_id; rows deleted in the source are deleted here too (pre-hook
    delete_rows_missing_from_source). The raw `data` JSONB is not kept (nothing downstream needs
    it, and it may carry PII). target_id is the key when numeric; typed models resolve it.
-#}

with

source as (

    select * from {{ source('techhub', 'core_actionlog') }}

    {% if is_incremental() %}
        where
            id > (select coalesce(max(loaded.action_log_id), 0) from {{ this }} as loaded)
            or created_at >= (
                select least(max(loaded.created_at), {{ build_timestamp() }}) from {{ this }} as loaded
            ) - interval '{{ var("incremental_lookback_days") }} days'
    {% endif %}

),

renamed as (

    select
        id as action_log_id,
        lower(trim(log_type)) as log_type,
        lower(trim(action)) as action,
        {{ text_to_id('primary_key') }} as target_id,
        user_id,
        {{ clean_timestamp('created_at') }} as created_at

    from source

),

final as (

    select
        action_log_id,
        log_type,
        action,
        target_id,
        user_id,
        created_at,
        {{ local_date_id('created_at') }} as created_date_id

    from renamed

)

select * from final
