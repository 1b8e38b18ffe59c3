{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='action_log_id',
        on_schema_change='fail',
        pre_hook='set local jit = off',
        post_hook="{{ dq_actionlog_delete_markers_and_vanished() }}",
        indexes=[
            {'columns': ['action_log_id']},
            {'columns': ['issue']},
        ],
    )
}}

{#-
    The action-log part of dq.dq_issues (the table dq_issues copies it beside the checks of the
    small tables), split out because the action log is the one large, daily-growing table: rebuilding
    its checks every night meant scanning all of it. One row per problem of an action-log row:
    an invalid created_at, a key that is not numeric, a key of a typed log type that points at no
    row of its table (orphan_key on primary_key), an unknown user (orphan_key on user_id).

    Incremental, delete+insert by action_log_id: a run recomputes every check of the rows
      - loaded since the last run (action_log_id > checked_through_id) or created in the
        lookback window var('incremental_lookback_days') (late and re-written rows, as in
        stg_techhub__core_actionlog);
      - that are orphans now but were not flagged, or were flagged but are not orphans now: the
        orphans are found by probing the ranges of ids missing from each target table (its gaps,
        below its min, above its max) in the (target_id, log_type) index, so a target deleted or
        appearing is seen without scanning the log;
      - flagged with an unknown user that exists now, or with an invalid timestamp (a future one
        may be within a year of this build);
      - with an unknown user, only when a user was deleted since the last run (fewer users with
        id <= the max id seen then than were counted then): then the log is scanned once.
    The rows of keys recomputed without any issue are written as markers (issue null) so that
    delete+insert removes their old rows; the post-hook deletes the markers and the rows whose
    action-log row vanished from staging. checked_through_id, users_checked and users_max_id are
    the state those rules read (not shown in dq_issues). JIT is off for the statement: compiling
    its plan took longer than running it.
-#}

{%- set targets = actionlog_targets() -%}
{#- created_at is the log's one timestamp column: checked from the staged nulls below -#}
{%- if execute and dq_timestamp_columns('core_actionlog') != ['created_at'] -%}
    {{ exceptions.raise_compiler_error("dq_issues_actionlog checks created_at only: core_actionlog has " ~ dq_timestamp_columns('core_actionlog')) }}
{%- endif -%}

with

{% if is_incremental() %}

    last_run as (

        -- the state of the last run (the rows it wrote hold the largest checked_through_id)
        select
            max(checked_through_id) as checked_through_id,
            min(users_checked) as users_checked,
            max(users_max_id) as users_max_id

        from {{ this }}
        where checked_through_id = (select max(loaded.checked_through_id) from {{ this }} as loaded)

    ),

    window_start as (

        -- as stg_techhub__core_actionlog: the newest time loaded by then (capped at the build) less the lookback
        select
            least(max(action_log.created_at), {{ build_timestamp() }})
            - interval '{{ var("incremental_lookback_days") }} days' as created_from

        from {{ ref('stg_techhub__core_actionlog') }} as action_log
        where action_log.action_log_id <= (select last_run.checked_through_id from last_run)

    ),

    {%- for log_type, table in targets.items() %}

        {{ log_type }}_gaps as (

            -- ranges of ids with no {{ table }} row: between two ids, below the first, above the last
            select
                target_row.id + 1 as first_id,
                target_row.next_id - 1 as last_id

            from (
                select
                    id,
                    lead(id) over (order by id) as next_id

                from {{ source('techhub', table) }}
            ) as target_row
            where target_row.next_id > target_row.id + 1

            union all

            select
                coalesce(max(id) + 1, -9223372036854775808) as first_id,
                9223372036854775807 as last_id

            from {{ source('techhub', table) }}

            union all

            select
                -9223372036854775808 as first_id,
                min(id) - 1 as last_id

            from {{ source('techhub', table) }}
            having min(id) > -9223372036854775808

        ),

    {%- endfor %}

    current_orphans as (

        -- the staged rows whose key falls in a range of missing ids of their log type's table
        {%- for log_type in targets %}

            select action_log.action_log_id

            from {{ log_type }}_gaps as gaps
            inner join {{ ref('stg_techhub__core_actionlog') }} as action_log
                on
                    action_log.log_type = '{{ log_type }}'
                    and action_log.target_id between gaps.first_id and gaps.last_id
            {{ 'union all' if not loop.last }}
        {%- endfor %}

    ),

    flagged_targets as (

        select loaded.action_log_id

        from {{ this }} as loaded
        where
            loaded.issue = 'orphan_key'
            and loaded.column_name = 'primary_key'

    ),

    changed_keys as (

        select action_log.action_log_id

        from {{ ref('stg_techhub__core_actionlog') }} as action_log
        where action_log.action_log_id > (select coalesce(last_run.checked_through_id, 0) from last_run)

        union

        -- a branch of its own, so that each reads its index (an `or` of the two scans the log)
        select action_log.action_log_id

        from {{ ref('stg_techhub__core_actionlog') }} as action_log
        where action_log.created_at >= (select window_start.created_from from window_start)

        union

        -- flagged orphan targets that exist now, and orphans now not flagged yet (a deleted target)
        (
            select flagged_targets.action_log_id from flagged_targets
            except
            select current_orphans.action_log_id from current_orphans
        )

        union

        (
            select current_orphans.action_log_id from current_orphans
            except
            select flagged_targets.action_log_id from flagged_targets
        )

        union

        -- flagged unknown users that exist now (compared as text: no cast can fail)
        select loaded.action_log_id

        from {{ this }} as loaded
        inner join {{ source('techhub', 'account_user') }} as user_row
            on loaded.raw_value = user_row.id::text
        where loaded.column_name = 'user_id'

        union

        -- flagged timestamps: a future one may be within a year of this build
        select loaded.action_log_id

        from {{ this }} as loaded
        where loaded.issue = 'invalid_timestamp'

        union

        select action_log.action_log_id

        from {{ ref('stg_techhub__core_actionlog') }} as action_log
        where
            -- a one-time filter: the scan runs only when a user checked before has been deleted
            (
                select count(*) from {{ source('techhub', 'account_user') }} as user_row
                where user_row.id <= (select last_run.users_max_id from last_run)
            ) < (select last_run.users_checked from last_run)
            and action_log.user_id is not null
            and not exists (
                select 1 from {{ source('techhub', 'account_user') }} as user_row
                where user_row.id = action_log.user_id
            )

    ),

    action_log as (

        select action_log.*

        from {{ ref('stg_techhub__core_actionlog') }} as action_log
        where action_log.action_log_id in (select changed_keys.action_log_id from changed_keys)

    ),

{% endif %}

{#- a full build reads the staged log and the source directly (each check one scan), an incremental one the changed keys -#}
{%- set action_log = 'action_log' if is_incremental() else ref('stg_techhub__core_actionlog') %}

timestamp_candidates as (

    -- a created_at staged as null is one the cleaning rejected (the source column is not null): its
    -- raw value is fetched by primary key and checked again against this build's bounds
    select
        action_log.action_log_id,
        (
            select source_row.created_at
            from {{ source('techhub', 'core_actionlog') }} as source_row
            where source_row.id = action_log.action_log_id
        ) as raw_created_at

    from {{ action_log }} as action_log
    where action_log.created_at is null

),

invalid_timestamps as (

    select
        'core_actionlog' as source_table,
        action_log_id,
        'created_at' as column_name,
        'invalid_timestamp' as issue,
        raw_created_at::text as raw_value,
        case
            when raw_created_at < '{{ var("min_valid_timestamp") }}'::timestamptz
                then 'before {{ var("min_valid_timestamp") }}'
            else 'more than a year after the build'
        end as detail

    from timestamp_candidates
    where {{ is_invalid_timestamp('raw_created_at') }}

),

non_numeric_keys as (

    select
        'core_actionlog' as source_table,
        action_log.action_log_id,
        'primary_key' as column_name,
        'non_numeric_key' as issue,
        (
            select source_row.primary_key
            from {{ source('techhub', 'core_actionlog') }} as source_row
            where source_row.id = action_log.action_log_id
        ) as raw_value,
        'primary_key is not a number after trim: target_id is null' as detail

    from {{ action_log }} as action_log
    where action_log.target_id is null

),

orphan_targets as (

    select
        'core_actionlog' as source_table,
        action_log.action_log_id,
        'primary_key' as column_name,
        'orphan_key' as issue,
        action_log.target_id::text as raw_value,
        'no ' || action_log.log_type || ' with this id' as detail

    from {{ action_log }} as action_log
    where
        action_log.target_id is not null
        -- one hashed lookup per row into the table of its own log type (ids are primary keys, never
        -- null, so `not in` is safe); measured 2.5x cheaper than an anti-join on (log_type, target_id)
        and case action_log.log_type
            {%- for log_type, table in targets.items() %}
                when '{{ log_type }}' then action_log.target_id not in (
                        select target_row.id from {{ source('techhub', table) }} as target_row
                    )
            {%- endfor %}
            else false
        end

),

unknown_users as (

    select
        'core_actionlog' as source_table,
        action_log.action_log_id,
        'user_id' as column_name,
        'orphan_key' as issue,
        action_log.user_id::text as raw_value,
        'no account_user row with this id' as detail

    from {{ action_log }} as action_log
    where
        action_log.user_id is not null
        and not exists (
            select 1 from {{ source('techhub', 'account_user') }} as user_row
            where user_row.id = action_log.user_id
        )

),

unioned as (

    select * from invalid_timestamps
    union all
    select * from non_numeric_keys
    union all
    select * from orphan_targets
    union all
    select * from unknown_users

    {%- if is_incremental() %}

        union all

        -- markers: a recomputed key without any issue now (deleted by the post-hook)
        select
            'core_actionlog' as source_table,
            changed_keys.action_log_id,
            null as column_name,
            null as issue,
            null as raw_value,
            null as detail

        from changed_keys
    {%- endif %}

),

run_state as (

    select
        (
            select coalesce(max(loaded_log.action_log_id), 0)
            from {{ ref('stg_techhub__core_actionlog') }} as loaded_log
        ) as checked_through_id,
        count(*) as users_checked,
        coalesce(max(user_row.id), 0) as users_max_id

    from {{ source('techhub', 'account_user') }} as user_row

),

final as (

    select
        unioned.action_log_id,
        unioned.source_table,
        unioned.action_log_id::text as source_key,
        unioned.column_name,
        unioned.issue,
        unioned.raw_value,
        unioned.detail,
        run_state.checked_through_id,
        run_state.users_checked,
        run_state.users_max_id

    from unioned
    cross join run_state

)

select * from final
