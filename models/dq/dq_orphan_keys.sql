{%- set targets = actionlog_targets() -%}
{#- (column, typed model prefix, staged key, targets) of a polymorphic table -#}
{%- set polymorphic = {
    'core_comment': ('primary_key', 'stg_techhub__core_comment__', 'comment_id',
        ['blog', 'event', 'vacancy', 'techtask', 'discussion']),
} -%}
{%- set feed_keys = {
    'blog': 'blog_id', 'event': 'event_id', 'article': 'article_id', 'techtask': 'tech_task_id',
    'discussion': 'discussion_id', 'vacancy': 'vacancy_id',
} -%}
{#- foreign keys known to dangle in real copies: (table, column, target table) -#}
{%- set foreign_keys = [
    ('service_servicerequestlog', 'request_id', 'service_servicerequest'),
    ('service_servicerequest', 'service_id', 'service_service'),
    ('service_servicerequest', 'user_id', 'account_user'),
    ('service_servicerequest', 'company_id', 'account_company'),
    ('core_eventparticipant', 'event_id', 'core_event'),
    ('core_eventparticipant', 'user_id', 'account_user'),
    ('core_vacancycandidate', 'vacancy_id', 'core_vacancy'),
    ('core_vacancycandidate', 'user_id', 'account_user'),
    ('booking_booking', 'room_id', 'booking_room'),
    ('booking_bookingstatus', 'booking_id', 'booking_booking'),
    ('service_techordareport', 'assessment_id', 'techorda_assessment'),
] -%}

{#- the rows to check: new action-log rows, and new rows of every table holding a key -#}
{%- set feeds = [{
    'feed': 'stg_techhub__core_actionlog', 'key': ["'core_actionlog'", 'feed.action_log_id::text'],
    'id': 'load_id', 'vanished_of': 'stg_techhub__core_actionlog',
}] -%}
{%- for table in (['core_comment', 'core_feed'] + foreign_keys | map(attribute=0) | list) | unique -%}
    {%- do feeds.append({'feed': 'source:' ~ table, 'key': ["'" ~ table ~ "'", 'feed.id::text'], 'id': 'id',
        'changed_at': 'created_at'}) -%}
{%- endfor -%}
{#- a deleted target row or user turns rows into orphans: a deletion in those tables reloads every key -#}
{%- set feeds = feeds + dq_target_feeds(targets.values() | list + ['account_user', 'core_article']
    + foreign_keys | map(attribute=2) | list) -%}

{{
    config(
        materialized='incremental',
        unique_key=['source_table', 'source_key'],
        on_schema_change='fail',
        indexes=[
            {'columns': ['source_table', 'source_key']},
        ],
        meta={'changed_keys': feeds, 'changed_keys_rebuilt': 'true'},
    )
}}

{#-
    One row per key that points at no row (staging keeps the row): a polymorphic key of a comment
    or feed row whose target does not exist (the typed models' is_orphan), a foreign key known to
    dangle in real copies, an action-log key of a typed log type (actionlog_targets) that matches
    no row of its table (column primary_key), an action-log user_id of no account_user (column
    user_id). Grain: (source_table, source_key, column_name).
    Incremental (macros/incremental/changed_keys.sql), keyed by the source row (source_table,
    source_key); each part reads only the changed keys, through the id's index:
      - change detected: the rows of the tables holding keys with an id above the last one read,
        and the log rows stg_techhub__core_actionlog loaded since the last run (its load_id);
      - a late row: a new id, or a late commit with its created_at in the lookback window; a
        late-committed log row is loaded by staging, so it is checked;
      - an update in place: the rows already flagged are checked again on every run (meta
        changed_keys_rebuilt), so a target created later resolves an orphan; a key column edited
        in place is not re-read (Django's keys do not move; a full refresh takes an edit in);
      - a deletion: a flagged row is checked again on every run and, gone, leaves; a deleted
        target row or user (the target tables are feeds without a key: their count and id sum up
        to the last id read fall) reloads every key, so every row is checked again (rare).
-#}

with

polymorphic_orphans as (

    {% for table, (column, prefix, key, names) in polymorphic.items() %}
        {%- for name in names %}
            select
                '{{ table }}' as source_table,
                {{ key }}::text as source_key,
                '{{ column }}' as column_name,
                target_id::text as raw_value,
                'no {{ name }} with this id' as detail

            from {{ ref(prefix ~ name) }}
            where is_orphan and {{ dq_changed_ids(table, key) }}

            union all
        {% endfor %}
    {%- endfor %}

    {% for name, column in feed_keys.items() %}
        select
            'core_feed' as source_table,
            feed_id::text as source_key,
            '{{ column }}' as column_name,
            target_id::text as raw_value,
            'no {{ name }} with this id' as detail

        from {{ ref('stg_techhub__core_feed__' ~ name) }}
        where is_orphan and {{ dq_changed_ids('core_feed', 'feed_id') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

foreign_key_orphans as (

    {% for table, column, target in foreign_keys %}
        select
            '{{ table }}' as source_table,
            source_row.id::text as source_key,
            '{{ column }}' as column_name,
            source_row.{{ column }}::text as raw_value,
            'no {{ target }} row with this id' as detail

        from {{ source('techhub', table) }} as source_row
        where
            source_row.{{ column }} is not null
            and {{ dq_changed_ids(table, 'source_row.id') }}
            and not exists (
                select 1 from {{ source('techhub', target) }} as target_row
                where target_row.id = source_row.{{ column }}
            )
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

action_log as (

    select
        action_log.action_log_id,
        action_log.log_type,
        action_log.target_id,
        action_log.user_id

    from {{ ref('stg_techhub__core_actionlog') }} as action_log
    where {{ dq_changed_ids('core_actionlog', 'action_log.action_log_id') }}

),

action_log_targets as (

    select
        'core_actionlog' as source_table,
        action_log.action_log_id::text as source_key,
        'primary_key' as column_name,
        action_log.target_id::text as raw_value,
        'no ' || action_log.log_type || ' with this id' as detail

    from action_log
    where
        action_log.target_id is not null
        -- one hashed lookup per row into the table of its own log type (ids are primary keys, never
        -- null, so `not in` is safe); cheaper than an anti-join on (log_type, target_id) over the
        -- whole log in a full build
        and case action_log.log_type
            {%- for log_type, table in targets.items() %}
                when '{{ log_type }}' then action_log.target_id not in (
                        select target_row.id from {{ source('techhub', table) }} as target_row
                    )
            {%- endfor %}
            else false
        end

),

action_log_users as (

    select
        'core_actionlog' as source_table,
        action_log.action_log_id::text as source_key,
        'user_id' as column_name,
        action_log.user_id::text as raw_value,
        'no account_user row with this id' as detail

    from action_log
    where
        action_log.user_id is not null
        and not exists (
            select 1 from {{ source('techhub', 'account_user') }} as user_row
            where user_row.id = action_log.user_id
        )

),

unioned as (

    select * from polymorphic_orphans
    union all
    select * from foreign_key_orphans
    union all
    select * from action_log_targets
    union all
    select * from action_log_users

),

final as (

    select
        source_table,
        source_key,
        column_name,
        'orphan_key' as issue,
        raw_value,
        detail,
        {{ build_timestamp() }} as detected_at

    from unioned

)

select * from final
