{{
    config(
        pre_hook='set local jit = off',
        indexes=[{'columns': ['source_table', 'column_name', 'issue']}],
    )
}}

{#-
    One row per value that staging cleaned but kept (the row is staged, the value nulled or
    normalised), and per array element it dropped. PII values are never copied here: raw_value
    is null for phones and TINs.

    Two parts: the checks of every table but the action log, computed here on every run (small
    tables), and the action log's checks, copied from the incremental dq_issues_actionlog. They
    are split because the action log is the one large, daily-growing table: checking all of it
    every night was most of this model's cost, while dq_issues_actionlog rechecks only the log
    rows that can have changed. JIT is off for the statement: compiling this long plan took
    longer (about 6 s) than running it.
-#}

{#- (staged model, staged key, {staged enum column: raw source expression}) per table -#}
{%- set enum_checks = {
    'account_user': ('stg_techhub__account_user', 'user_id', ['role', 'language']),
    'account_activation': ('stg_techhub__account_activation', 'activation_id', ['channel']),
    'social_auth_usersocialauth': ('stg_techhub__social_auth_usersocialauth', 'social_auth_id', ['provider']),
    'account_company': ('stg_techhub__account_company', 'company_id', ['type', 'status']),
    'account_usercompany': ('stg_techhub__account_usercompany', 'user_company_id', ['role']),
    'service_service': ('stg_techhub__service_service', 'service_id', ['kind']),
    'service_servicerequest': ('stg_techhub__service_servicerequest', 'request_id', ['status']),
    'service_servicerequestlog': ('stg_techhub__service_servicerequestlog', 'request_log_id', ['status_from', 'status_to']),
    'service_servicerequeststatus': ('stg_techhub__service_servicerequeststatus', 'request_status_id', ['code']),
    'service_servicerequestbpstatus': ('stg_techhub__service_servicerequestbpstatus', 'bp_status_id', ['status_code']),
    'service_expertise': ('stg_techhub__service_expertise', 'expertise_id', ['conclusion']),
    'service_externaldocument': ('stg_techhub__service_externaldocument', 'external_document_id', ['source']),
    'service_report': ('stg_techhub__service_report', 'report_id', ['status']),
    'service_vote': ('stg_techhub__service_vote', 'vote_id', ['vote']),
    'core_category': ('stg_techhub__core_category', 'category_id', ['kind']),
    'core_event': ('stg_techhub__core_event', 'event_id', ['event_type', 'event_format', 'status']),
    'core_blog': ('stg_techhub__core_blog', 'blog_id', ['status']),
    'core_vacancy': ('stg_techhub__core_vacancy', 'vacancy_id', ['vacancy_type', 'currency', 'status']),
    'core_article': ('stg_techhub__core_article', 'article_id', ['status']),
    'core_techtask': ('stg_techhub__core_techtask', 'techtask_id', ['reward_currency', 'status']),
    'core_eventparticipant': ('stg_techhub__core_eventparticipant', 'participant_id', ['status']),
    'core_vacancycandidate': ('stg_techhub__core_vacancycandidate', 'candidate_id', ['status']),
    'booking_booking': ('stg_techhub__booking_booking', 'booking_id', ['status']),
    'booking_bookingstatus': ('stg_techhub__booking_bookingstatus', 'booking_status_id', ['status']),
    'techorda_courseapplication': ('stg_techhub__techorda_courseapplication', 'course_application_id', ['status']),
} -%}
{#- source columns that are not the staged column's name -#}
{%- set enum_raw = {
    'reward_currency': json_text('source_row.reward', 'currency'),
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

{%- set polymorphic = [
    ('core_comment', 'primary_key', 'stg_techhub__core_comment__', 'comment_id',
        ['blog', 'event', 'vacancy', 'techtask', 'discussion']),
] -%}
{%- set feed_keys = {
    'blog': 'blog_id', 'event': 'event_id', 'article': 'article_id', 'techtask': 'tech_task_id',
    'discussion': 'discussion_id', 'vacancy': 'vacancy_id',
} -%}

with

unknown_enums as (

    -- the staged rows holding an 'unknown' (few), then their raw source value by primary key
    {% for table, (model, key, columns) in enum_checks.items() %}
        {%- set outer_loop = loop %}
        {%- for column in columns %}
            select
                '{{ table }}' as source_table,
                staged.{{ key }}::text as source_key,
                '{{ column }}' as column_name,
                'unknown_enum' as issue,
                (
                    select ({{ enum_raw.get(column, 'source_row.' ~ column) }})::text
                    from {{ source('techhub', table) }} as source_row
                    where source_row.id = staged.{{ key }}
                ) as raw_value,
                'not one of the contract''s values' as detail

            from {{ ref(model) }} as staged
            where staged.{{ column }} = 'unknown'
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {%- endfor %}
    {% endfor %}

),

invalid_timestamps as (

    {% set ns = namespace(first=true) %}
    {% for table in techhub_source_tables() if table != 'core_actionlog' %}
        {%- set columns = dq_timestamp_columns(table) if execute else ['created_at'] %}
        {%- if columns %}
            {{ 'union all' if not ns.first }}
            {%- set ns.first = false %}
            select
                '{{ table }}' as source_table,
                source_row.{{ dq_source_key(table) }}::text as source_key,
                checks.column_name,
                'invalid_timestamp' as issue,
                checks.value::text as raw_value,
                case
                    when checks.value < '{{ var("min_valid_timestamp") }}'::timestamptz
                        then 'before {{ var("min_valid_timestamp") }}'
                    else 'more than a year after the build'
                end as detail

            from {{ source('techhub', table) }} as source_row
            cross join
                lateral (
                    values
                    {%- for column in columns %}
                        ('{{ column }}', source_row.{{ adapter.quote(column) }}){{ ',' if not loop.last }}
                    {%- endfor %}
                ) as checks (column_name, value)
            where
                -- only the (few) rows with an invalid time are expanded into one row per column
                (
                    {%- for column in columns %}
                        {{ is_invalid_timestamp('source_row.' ~ adapter.quote(column)) }}{{ ' or' if not loop.last }}
                    {%- endfor %}
                )
                and {{ is_invalid_timestamp('checks.value') }}
        {%- endif %}
    {% endfor %}

),

invalid_intervals as (

    select
        'core_event' as source_table,
        event_id::text as source_key,
        'datetime_end' as column_name,
        'invalid_interval' as issue,
        null as raw_value,
        'datetime_end is not after datetime_start: duration_hours is null' as detail

    from {{ ref('stg_techhub__core_event') }}
    where
        datetime_start is not null
        and datetime_end is not null
        and duration_hours is null

    union all

    select
        'booking_booking' as source_table,
        booking_id::text as source_key,
        'end' as column_name,
        'invalid_interval' as issue,
        null as raw_value,
        'end is not after start: duration_hours is null' as detail

    from {{ ref('stg_techhub__booking_booking') }}
    where
        starts_at is not null
        and ends_at is not null
        and duration_hours is null

),

invalid_values as (

    {% for table in ['account_user', 'account_activation'] %}
        select
            '{{ table }}' as source_table,
            id::text as source_key,
            'phone' as column_name,
            'invalid_phone' as issue,
            null as raw_value,
            'not a phone number of the form 7XXXXXXXXXX' as detail

        from {{ source('techhub', table) }}
        where
            nullif(trim(phone), '') is not null
            and {{ clean_phone('phone') }} is null

        union all
    {% endfor %}

    select
        'account_company' as source_table,
        id::text as source_key,
        'tin' as column_name,
        'invalid_tin' as issue,
        null as raw_value,
        'not 12 digits' as detail

    from {{ source('techhub', 'account_company') }}
    where
        tin is not null
        and {{ clean_tin('tin') }} is null

    union all

    select
        'account_company' as source_table,
        id::text as source_key,
        'tags' as column_name,
        'invalid_tags' as issue,
        tags::text as raw_value,
        'not a JSON object: every tag flag is false' as detail

    from {{ source('techhub', 'account_company') }}
    where
        tags is not null
        and {{ json_type('tags') }} <> 'object'

    union all

    select
        'core_vacancy' as source_table,
        source_row.id::text as source_key,
        checks.column_name,
        'invalid_salary' as issue,
        checks.value::text as raw_value,
        case
            when {{ valid_salary_bound('checks.value') }} is null then 'not in (0, 100000000)'
            else 'salary_min > salary_max'
        end as detail

    from {{ source('techhub', 'core_vacancy') }} as source_row
    cross join
        lateral (
            values
            ('salary_min', source_row.salary_min),
            ('salary_max', source_row.salary_max)
        ) as checks (column_name, value)
    where
        checks.value is not null
        and (
            {{ valid_salary_bound('checks.value') }} is null
            or {{ valid_salary_bound('source_row.salary_min') }} > {{ valid_salary_bound('source_row.salary_max') }}
        )

),

orphan_keys as (

    {% for table, column, prefix, key, sources in polymorphic %}
        {%- for name in sources %}
            select
                '{{ table }}' as source_table,
                {{ key }}::text as source_key,
                '{{ column }}' as column_name,
                'orphan_key' as issue,
                target_id::text as raw_value,
                'no {{ name }} with this id' as detail

            from {{ ref(prefix ~ name) }}
            where is_orphan

            union all
        {% endfor %}
    {%- endfor %}

    {% for name, column in feed_keys.items() %}
        select
            'core_feed' as source_table,
            feed_id::text as source_key,
            '{{ column }}' as column_name,
            'orphan_key' as issue,
            target_id::text as raw_value,
            'no {{ name }} with this id' as detail

        from {{ ref('stg_techhub__core_feed__' ~ name) }}
        where is_orphan

        union all
    {% endfor %}

    {% for table, column, target in foreign_keys %}
        select
            '{{ table }}' as source_table,
            source_row.id::text as source_key,
            '{{ column }}' as column_name,
            'orphan_key' as issue,
            source_row.{{ column }}::text as raw_value,
            'no {{ target }} row with this id' as detail

        from {{ source('techhub', table) }} as source_row
        where
            source_row.{{ column }} is not null
            and not exists (
                select 1 from {{ source('techhub', target) }} as target_row
                where target_row.id = source_row.{{ column }}
            )
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- Dropped array elements: an array holds as many elements as the bridge kept from it, unless it
-- had something to drop; only those arrays (few) are unnested and their elements classified.
interaction_arrays as (

    {{ interaction_arrays() }}

),

kept_interactions as (

    select
        content_type,
        content_id,
        kind,
        count(*) as kept

    from {{ ref('stg_techhub__content_interactions') }}
    group by content_type, content_id, kind

),

arrays_with_drops as (

    select interaction_arrays.*

    from interaction_arrays
    left join kept_interactions
        on
            interaction_arrays.content_type = kept_interactions.content_type
            and interaction_arrays.content_id = kept_interactions.content_id
            and interaction_arrays.kind = kept_interactions.kind
    where {{ array_size('interaction_arrays.user_ids') }} > coalesce(kept_interactions.kept, 0)

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

dropped_elements as (

    select
        dropped_groups.content_table as source_table,
        dropped_groups.content_id::text as source_key,
        dropped_groups.column_name,
        'dropped_array_element' as issue,
        dropped_groups.user_id::text as raw_value,
        dropped_groups.detail

    from dropped_groups
    cross join lateral {{ integer_series('1', 'dropped_groups.dropped') }} as occurrence (n)
    where dropped_groups.dropped > 0

),

action_log as (

    select
        source_table,
        source_key,
        column_name,
        issue,
        raw_value,
        detail

    from {{ ref('dq_issues_actionlog') }}

),

unioned as (

    select * from unknown_enums
    union all
    select * from invalid_timestamps
    union all
    select * from invalid_intervals
    union all
    select * from invalid_values
    union all
    select * from orphan_keys
    union all
    select * from dropped_elements
    union all
    select * from action_log

),

final as (

    select
        source_table,
        source_key,
        column_name,
        issue,
        raw_value,
        detail,
        {{ build_timestamp() }} as detected_at

    from unioned

)

select * from final
