{#-
    One row per staged enum value that is not one of the contract's values (staging keeps the row
    and normalises the value to 'unknown'), with the raw source value. Every table but the action
    log, whose log_type and action are free text (unknown values stay as they are).
    A table rebuilt on every run: only the staged rows holding 'unknown' (few) are read from
    the staging models, and their raw value fetched from the source by primary key.
-#}

{#- per source table: (staged model, staged key, the staged enum columns) -#}
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
{#- the raw source expression of a staged column that is not a source column of the same name -#}
{%- set enum_raw = {
    'reward_currency': json_text('source_row.reward', 'currency'),
} -%}

with

unknown_enums as (

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

final as (

    select
        source_table,
        source_key,
        column_name,
        issue,
        raw_value,
        detail,
        {{ build_timestamp() }} as detected_at

    from unknown_enums

)

select * from final
