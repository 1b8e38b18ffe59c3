{#
    The source tables the dq schema accounts for (every table of the source contract, in its
    order), and how each maps to staging. tests/dbt/assert_dq_reconciliation_balanced.sql checks
    this list against the dbt sources, so a table added to the contract cannot be forgotten here.
#}
{% macro techhub_source_tables() -%}
    {{ return([
        'account_user', 'account_activation', 'social_auth_usersocialauth', 'authtoken_token',
        'account_company', 'account_usercompany',
        'service_service', 'service_hubform', 'service_hubformdata', 'service_servicerequest',
        'service_servicerequestlog', 'service_servicerequeststatus', 'service_servicerequestbpstatus',
        'service_expertise', 'service_expertdocument', 'service_externaldocument', 'service_report',
        'service_protocol', 'service_vote', 'service_techordareport',
        'core_organization', 'core_city', 'core_category', 'core_event', 'core_blog', 'core_vacancy',
        'core_article', 'core_techtask', 'core_discussion', 'core_comment', 'core_feed', 'core_actionlog',
        'core_eventparticipant', 'core_vacancycandidate',
        'booking_room', 'booking_booking', 'booking_bookingstatus',
        'techorda_flow', 'techorda_school', 'techorda_course', 'techorda_applicationform',
        'techorda_courseapplication', 'techorda_assessment',
    ]) }}
{%- endmacro %}

{# The source column that identifies a row in dq (authtoken_token's key is a secret: its user_id). #}
{% macro dq_source_key(table) -%}
    {{ return('user_id' if table == 'authtoken_token' else 'id') }}
{%- endmacro %}

{#
    The staging models whose rows are the table's kept rows: a polymorphic table's rows are kept
    in its typed models (one per target); every other table has one staging model.
#}
{% macro dq_staged_models(table) -%}
    {%- if table == 'core_comment' -%}
        {{ return(['stg_techhub__core_comment__blog', 'stg_techhub__core_comment__event',
                   'stg_techhub__core_comment__vacancy', 'stg_techhub__core_comment__techtask',
                   'stg_techhub__core_comment__discussion']) }}
    {%- elif table == 'core_feed' -%}
        {{ return(['stg_techhub__core_feed__blog', 'stg_techhub__core_feed__event',
                   'stg_techhub__core_feed__article', 'stg_techhub__core_feed__techtask',
                   'stg_techhub__core_feed__discussion', 'stg_techhub__core_feed__vacancy']) }}
    {%- else -%}
        {{ return(['stg_techhub__' ~ table]) }}
    {%- endif -%}
{%- endmacro %}

{#
    The timestamptz columns of a source table, read from the dbt sources (whose columns and types
    are checked against the source contract). Only meaningful at execution time.
#}
{% macro dq_timestamp_columns(table) -%}
    {%- set node = graph.sources.get('source.techhub_dwh.techhub.' ~ table) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error("dq: no dbt source techhub." ~ table) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- if (column.data_type or '') | lower in ('timestamptz', 'timestamp with time zone') -%}
            {%- do columns.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#
    The action-log types that have a typed model (stg_techhub__core_actionlog__<log_type>), and the
    source table each one's key points at.
#}
{% macro actionlog_targets() -%}
    {{ return({
        'event': 'core_event',
        'vacancy': 'core_vacancy',
        'user': 'account_user',
        'company': 'account_company',
        'service_request': 'service_servicerequest',
        'booking': 'booking_booking',
        'blog': 'core_blog',
        'article': 'core_article',
        'techtask': 'core_techtask',
        'discussion': 'core_discussion',
    }) }}
{%- endmacro %}

{#
    In a dq model keyed by (source_table, source_key) with the changed_keys scheme: the condition
    that keeps the rows of `source_table` to check, `column` being their bigint id. On an
    incremental run, the rows whose key is in the changed-keys table; on a full build, every row.
    It does what changed_keys_filter(["'<table>'", column ~ '::text']) does, but compares the
    bigint id with the key cast back, as an array (see _in_changed_keys), so that the few changed
    ids are looked up in the id's index instead of every id of the table being cast to text.
#}
{% macro dq_changed_ids(source_table, column) -%}
    {%- if is_incremental() -%}
        {{ column }} = any(array(
            select changed.source_key::bigint from {{ changed_keys_relation() }} as changed
            where changed.source_table = '{{ source_table }}'
        ))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#
    Feeds without a key of the tables whose deleted rows turn other rows into orphans: as
    changed_keys feeds, a deletion in any of them reloads every key of the model (dq_orphan_keys).
#}
{% macro dq_target_feeds(tables) -%}
    {%- set feeds = [] -%}
    {%- for table in tables | unique -%}
        {%- do feeds.append({'feed': 'source:' ~ table, 'name': table ~ ' deletions', 'key': [], 'id': 'id'}) -%}
    {%- endfor -%}
    {{ return(feeds) }}
{%- endmacro %}
