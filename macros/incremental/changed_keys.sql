{#
    The warehouse's one incremental scheme, "reload the keys that changed" (docs/incremental.md).

    A model using it is materialized='incremental' (the strategy changed_keys is the project's
    default) with a unique_key, its reload key (a day, a request, an event, a content item, a
    row...), and in meta.changed_keys the feeds it follows: the upstream relations whose changes
    reach it, each with how one of its rows maps to the model's key. On an incremental run the
    project-wide pre-hook changed_keys_prepare() collects, into the unlogged table
    observability.<model>__changed_keys (kept until the model's next build), every key touched by
    a feed row that changed since the model's last run; the model's SQL reads only
    those keys (changed_keys_filter) and the strategy replaces them: their old rows are deleted
    and the new ones inserted, so a key whose upstream rows are all gone disappears. The same
    pre-hook records, in the model's transaction, how far each feed has been read
    (observability.incremental_state). A full refresh reads everything and records the same.

    A feed is a dict:
      feed        a model name, 'source:<table>' for a source table, or 'macro:<name>' for the
                  query a macro returns (several tables read as one feed)
      name        optional: its name in the state (default: the table's or model's name)
      key         expressions over the feed's rows (alias `feed`) giving the model's unique_key
                  ([]: the feed's rows touch no key by themselves; when some are deleted, every
                  key is reloaded)
      where       optional filter of the feed's rows
      id          a column that grows with every new row (the primary key, or a load_id)
      changed_at  optional: a row's creation or change time. Rows with a time in the lookback
                  window (var incremental_lookback_days before the newest time read) count as
                  changed too: a transaction that commits late leaves a row with an id below the
                  last one read, and a row updated in place keeps its id.
      late        optional 'unloaded': of the lookback window, only the rows whose key the model
                  does not hold yet (a model of one row per feed row, whose rows never change)
      rows        an aggregate over the model's rows of one key: how many feed rows it took in.
                  Deletions are detected per feed (below); only then are the keys compared one by
                  one, the feed's count of rows per key against this figure.
      vanished_of optional: the name of the changed_keys model that the feed reads (or is), one
                  row per key. That model counts the keys it lost in the state; a deletion is
                  seen when its count moved. Without it, the feed's rows up to the last id read
                  are counted and summed, and compared with the figures of the last run.
      mode        optional 'fingerprint': rows change in place without a change time. Every run
                  compares, key by key, the sum of `fingerprint` (an expression over a feed row)
                  with `loaded_fingerprint` (an aggregate over the model's rows; `loaded_where`
                  restricts them to the feed's keys when the model has several such feeds).
                  optional 'lookup': a small table; when the sum of its rows' hashes changes,
                  every key is reloaded.

    meta.changed_keys_rebuilt, optional: a condition on the model's rows that are replaced on every
    run whatever the feeds say (a data-quality model re-checks the rows it flagged, and rebuilds
    the part that reads small tables whole); the model's SQL then emits those rows on every run.
    With 'true' (every row re-checked on every run), the deletion checks of the keyed feeds are
    skipped: whatever a deletion could leave behind is rebuilt anyway.
#}

{% macro incremental_state_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema='observability', identifier='incremental_state')) }}
{%- endmacro %}

{#
    on-run-start. One row per (model, feed): how far the model has read the feed (last_id,
    last_changed_at), and the feed's rows up to last_id then (row_count, id_sum); or the feed's
    fingerprint (a lookup), or its model's vanished count when read (vanished). The row
    (model, '__self__') holds the model's own load number (last_id), row count and vanished keys.
#}
{% macro create_incremental_state() -%}
    {%- set state = incremental_state_relation() -%}
    create schema if not exists {{ state.schema }};
    create table if not exists {{ state }} (
        model_name text not null,
        feed_name text not null,
        last_id bigint,
        last_changed_at timestamptz,
        row_count bigint,
        id_sum numeric,
        vanished bigint,
        fingerprint bigint,
        reloaded_keys bigint,
        built_at timestamptz not null,
        primary key (model_name, feed_name)
    );
    alter table {{ state }} add column if not exists reloaded_keys bigint
{%- endmacro %}

{#
    The first row of a query, as a dict, run while the model compiles (empty at parse time).
    Watermarks are read through it so that the statements compare against literals: the planner
    then sees how few rows are new and uses the indexes.
#}
{% macro query_row(sql) -%}
    {%- if not execute -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set table = run_query(sql) -%}
    {%- if table.rows | length == 0 -%}
        {{ return({}) }}
    {%- endif -%}
    {{ return(dict(zip(table.column_names, table.rows[0]))) }}
{%- endmacro %}

{% macro _changed_keys_columns() -%}
    {%- set unique_key = config.get('unique_key') -%}
    {{ return([unique_key] if unique_key is string else unique_key) }}
{%- endmacro %}

{#
    The keys an incremental run reloads, kept until the model's next build: the data tests of the
    model then look at those keys only (get_where_subquery), and an operator can see what a night
    reloaded. A full build drops it.
#}
{% macro changed_keys_relation(model_name=none) -%}
    {%- set state = incremental_state_relation() -%}
    {{ return(api.Relation.create(database=state.database, schema=state.schema,
        identifier=(model_name or this.identifier) ~ '__changed_keys')) }}
{%- endmacro %}

{#
    In a model's SQL: its rows of the keys to reload on an incremental run (`expressions` give
    the key of the rows being read, in unique_key order); every row on a full build.
#}
{% macro changed_keys_filter(expressions) -%}
    {%- if is_incremental() -%}
        {{ _in_changed_keys([expressions] if expressions is string else expressions) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#-
    `expressions` (one per key column) is a key of the changed-keys table. A single-column key is
    compared with the array of the changed values: as `= any(array)`, the planner reads the few
    rows through an index, where an `in (subquery)` over a view led it to a hash join that computed
    the view's columns for every row (4.6 s against 0.1 s for 10,000 requests of the request log at
    scale 10). A composite key stays an `in (subquery)`, a hashed semi-join: an array holds no hash,
    and a data-quality model reloads tens of thousands of keys a night.
-#}
{% macro _in_changed_keys(expressions, model_name=none, key_columns=none) -%}
    {%- set key_columns = key_columns or _changed_keys_columns() -%}
    {%- set keys = changed_keys_relation(model_name) -%}
    {%- if expressions | length == 1 -%}
        {{ expressions[0] }} = any(array(select {{ key_columns[0] }} from {{ keys }}))
    {%- else -%}
        ({{ expressions | join(', ') }}) in (select {{ key_columns | join(', ') }} from {{ keys }})
    {%- endif -%}
{%- endmacro %}

{# The feeds of the model being built, with their relations resolved and defaults filled in. #}
{% macro _changed_keys_feeds() -%}
    {%- set feeds = [] -%}
    {%- for spec in (config.get('meta') or {}).get('changed_keys', []) -%}
        {%- set name = spec['feed'] -%}
        {%- if name.startswith('source:') -%}
            {%- set relation = source('techhub', name[7:]) -%}
        {%- elif name.startswith('macro:') -%}
            {%- set relation = '(' ~ context[name[6:]]() ~ ')' -%}
        {%- else -%}
            {%- set relation = ref(name) -%}
        {%- endif -%}
        {%- do feeds.append(dict(spec, name=spec.get('name') or name.split(':')[-1], relation=relation,
            where=spec.get('where') or 'true', mode=spec.get('mode', 'cursor'))) -%}
    {%- endfor -%}
    {{ return(feeds) }}
{%- endmacro %}

{% macro _state_rows(model_name) -%}
    {%- set rows = {} -%}
    {%- set state = incremental_state_relation() -%}
    {#- the state table is made by on-run-start: absent when a model is compiled alone (sqlfluff) -#}
    {%- if execute and adapter.get_relation(state.database, state.schema, state.identifier) is not none -%}
        {%- for row in run_query("select feed_name, last_id, last_changed_at::text as last_changed_at, row_count, id_sum,
                vanished, fingerprint
            from " ~ incremental_state_relation() ~ " where model_name = '" ~ model_name ~ "'") -%}
            {%- do rows.update({row['feed_name']: dict(zip(row.keys(), row.values()))}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(rows) }}
{%- endmacro %}

{# This build's load number: one more than the model's last (kept across full refreshes). #}
{% macro changed_keys_load_id() -%}
    {{ return((_state_rows(this.identifier).get('__self__', {}).get('last_id') or 0) + 1) }}
{%- endmacro %}

{% macro _sql_value(value, cast=none) -%}
    {%- if value is none -%}
        null{{ '::' ~ cast if cast }}
    {%- elif cast -%}
        '{{ value }}'::{{ cast }}
    {%- else -%}
        {{ value }}
    {%- endif -%}
{%- endmacro %}

{#- The feed rows an incremental run reads: ids above the last one read, and the lookback window. -#}
{% macro _changed_feed_rows_sql(feed, state, key_columns) -%}
    select
        {%- for expression in feed.key %}
        {{ expression }} as {{ key_columns[loop.index0] }},
        {%- endfor %}
        feed.{{ feed.id }} as change_id,
        {{ ('feed.' ~ feed.changed_at) if feed.changed_at else 'null::timestamptz' }} as changed_at
    from {{ feed.relation }} as feed
    where
        ({{ feed.where }})
        and (
            feed.{{ feed.id }} > {{ state.last_id }}
            {%- if feed.changed_at and state.last_changed_at is not none %}
            or feed.{{ feed.changed_at }} >= '{{ state.last_changed_at }}'::timestamptz
                - interval '{{ var("incremental_lookback_days") }} days'
            {%- endif %}
        )
{%- endmacro %}

{#-
    The keys whose feed rows differ from what the model took in: `feed_aggregates` and
    `loaded_aggregates` map a name to an aggregate over the feed's rows of a key and over the
    model's rows of the key.
-#}
{% macro _keys_differing_sql(feed, key_columns, feed_aggregates, loaded_aggregates, feed_filter='true') -%}
    select {{ key_columns | join(', ') }}
    from (
        select
            {%- for expression in feed.key %}
            {{ expression }} as {{ key_columns[loop.index0] }},
            {%- endfor %}
            {%- for name, aggregate in feed_aggregates.items() %}
            {{ aggregate }} as {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ feed.relation }} as feed
        where ({{ feed.where }}) and ({{ feed_filter }})
        group by {% for expression in feed.key %}{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}
    ) as upstream
    full outer join (
        select
            {{ key_columns | join(', ') }},
            {%- for name, aggregate in loaded_aggregates.items() %}
            {{ aggregate }} as {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ this }}
        where {{ feed.get('loaded_where') or 'true' }}
        group by {{ key_columns | join(', ') }}
    ) as loaded using ({{ key_columns | join(', ') }})
    where
        {%- for name in feed_aggregates %}
        coalesce(upstream.{{ name }}, 0) <> coalesce(loaded.{{ name }}, 0){{ ' or' if not loop.last }}
        {%- endfor %}
{%- endmacro %}

{#-
    Whether rows up to the feed's last id read have been deleted since the last run, and the
    feed's figures to record: {'deleted', 'row_count', 'id_sum', 'vanished'}.
-#}
{% macro _deletion_gate(feed, state) -%}
    {%- if feed.get('vanished_of') -%}
        {%- set counted = _state_rows(feed.vanished_of).get('__self__', {}) -%}
        {%- set vanished = counted.get('vanished') -%}
        {{ return({'deleted': vanished is none or vanished != state.vanished,
            'row_count': none, 'id_sum': none, 'vanished': vanished}) }}
    {%- endif -%}
    {%- set counted = query_row("select count(*) as row_count, coalesce(sum(feed." ~ feed.id ~ "), 0) as id_sum from "
        ~ feed.relation ~ " as feed where (" ~ feed.where ~ ") and feed." ~ feed.id ~ " <= " ~ state.last_id) -%}
    {{ return({'deleted': counted.row_count != state.row_count or counted.id_sum != state.id_sum,
        'row_count': counted.row_count, 'id_sum': counted.id_sum, 'vanished': none}) }}
{%- endmacro %}

{#
    Pre-hook of every model (dbt_project.yml); nothing for a model without meta.changed_keys.
    Incremental run: the table of keys to reload (changed_keys_relation). Every run: the feeds'
    new state.
#}
{% macro changed_keys_prepare() -%}
    {%- set feeds = _changed_keys_feeds() -%}
    {%- if not feeds or not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set state_relation = incremental_state_relation() -%}
    {%- set model_name = this.identifier -%}
    {%- set key_columns = _changed_keys_columns() -%}
    {%- set incremental = is_incremental() -%}
    {%- set rebuilt = (config.get('meta') or {}).get('changed_keys_rebuilt') or 'false' -%}
    {%- set states = _state_rows(model_name) -%}
    {%- set own = states.get('__self__', {}) -%}
    {%- set reload_all = namespace(value=false) -%}
    {%- set plans = [] -%}

    {%- for feed in feeds -%}
        {%- set state = states.get(feed.name) -%}
        {%- set plan = {'feed': feed, 'index': loop.index, 'state': state, 'gate': none, 'fingerprint': none,
            'cursor': feed.mode == 'cursor' and incremental and state is not none and state.last_id is not none} -%}
        {%- if feed.mode == 'lookup' -%}
            {%- set current = query_row("select coalesce(sum(hashtext(feed::text)), 0) as fingerprint from "
                ~ feed.relation ~ " as feed") -%}
            {%- do plan.update({'fingerprint': current.fingerprint}) -%}
            {%- if incremental and (state is none or state.fingerprint != current.fingerprint) -%}
                {%- set reload_all.value = true -%}
            {%- endif -%}
        {%- elif plan.cursor and feed.key and rebuilt == 'true' -%}
            {#- every row the model holds is re-checked on each run: a deleted feed row needs no search #}
            {%- do plan.update({'gate': {'deleted': false, 'row_count': none, 'id_sum': none, 'vanished': none}}) -%}
        {%- elif plan.cursor -%}
            {%- do plan.update({'gate': _deletion_gate(feed, state)}) -%}
            {%- if not feed.key and plan.gate.deleted -%}
                {%- set reload_all.value = true -%}
            {%- endif -%}
        {%- elif feed.mode == 'cursor' and incremental -%}
            {#- no state: a feed added to the model, or the state table lost -#}
            {%- set reload_all.value = true -%}
        {%- endif -%}
        {%- do plans.append(plan) -%}
    {%- endfor -%}

    {%- if incremental %}
        {%- for plan in plans if plan.cursor %}
    create temporary table {{ model_name }}__feed_{{ plan.index }} on commit drop as
    {{ _changed_feed_rows_sql(plan.feed, plan.state, key_columns) }};
        {%- endfor %}

    drop table if exists {{ changed_keys_relation() }};
    create unlogged table {{ changed_keys_relation() }} as
    select {{ key_columns | join(', ') }} from {{ this }}
    where {{ 'true' if reload_all.value else rebuilt }}
        {%- for plan in plans if plan.feed.mode != 'lookup' and plan.feed.key %}
            {%- set feed = plan.feed %}
            {%- if reload_all.value %}
    union
    select {{ feed.key | join(', ') }} from {{ feed.relation }} as feed where {{ feed.where }}
            {%- elif plan.cursor %}
    union
    select {{ key_columns | join(', ') }}
    from {{ model_name }}__feed_{{ plan.index }} as changed
                {%- if feed.get('late') == 'unloaded' %}
    where changed.change_id > {{ plan.state.last_id }}
    union
    select {{ key_columns | join(', ') }}
    from {{ model_name }}__feed_{{ plan.index }} as changed
    where not exists (
        select 1 from {{ this }} as loaded
        where {% for column in key_columns %}loaded.{{ column }} = changed.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
    )
                {%- endif %}
                {%- if plan.gate.deleted %}
    union
    -- rows read before have been deleted: the keys whose rows no longer add up
    {{ _keys_differing_sql(feed, key_columns, {'feed_rows': 'count(*)'}, {'feed_rows': feed.rows},
        'feed.' ~ feed.id ~ ' <= ' ~ plan.state.last_id) }}
                {%- endif %}
            {%- elif feed.mode == 'fingerprint' %}
    union
    {{ _keys_differing_sql(feed, key_columns, {'feed_fingerprint': 'sum(' ~ feed.fingerprint ~ ')'},
        {'feed_fingerprint': feed.loaded_fingerprint}) }}
            {%- endif %}
        {%- endfor %};

    analyze {{ changed_keys_relation() }};
    {%- else %}
    drop table if exists {{ changed_keys_relation() }};
    {%- endif %}

    delete from {{ state_relation }} where model_name = '{{ model_name }}';

    insert into {{ state_relation }}
        (model_name, feed_name, last_id, last_changed_at, row_count, id_sum, vanished, fingerprint, reloaded_keys,
        built_at)
    {#- a full build may leave keys out that consumers hold: counted as vanished, they compare -#}
    select
        '{{ model_name }}', '__self__', {{ (own.get('last_id') or 0) + 1 }}::bigint, null::timestamptz,
        {{ _sql_value(own.get('row_count') if incremental else none) }}::bigint, null::numeric,
        {{ _sql_value(own.get('vanished') if incremental else (own.get('vanished') or 0) + 1) }}::bigint, null::bigint,
        {{ '(select count(*) from ' ~ changed_keys_relation() ~ ')' if incremental else 'null' }}::bigint,
        {{ build_timestamp() }}
    {%- for plan in plans %}
        {%- set feed = plan.feed %}
    union all
        {%- if feed.mode == 'lookup' %}
    select '{{ model_name }}', '{{ feed.name }}', null, null, null, null, null, {{ plan.fingerprint }}, null,
        {{ build_timestamp() }}
        {%- elif feed.mode == 'fingerprint' %}
    select '{{ model_name }}', '{{ feed.name }}', null, null, null, null, null, null, null, {{ build_timestamp() }}
        {%- elif plan.cursor %}
            {#- the feed's rows up to the new last id: those counted up to the old one, and the new ones #}
    select
        '{{ model_name }}', '{{ feed.name }}',
        {%- if feed.get('vanished_of') %}
        {#- every row the feed's model has loaded so far was read, even those the `where` leaves out #}
        greatest(coalesce(max(changed.change_id), {{ plan.state.last_id }}),
            {{ _sql_value(_state_rows(feed.vanished_of).get('__self__', {}).get('last_id')) }}),
        {%- else %}
        coalesce(max(changed.change_id), {{ plan.state.last_id }}),
        {%- endif %}
        {%- if feed.changed_at %}
        greatest({{ _sql_value(plan.state.last_changed_at, 'timestamptz') }},
            least(max(changed.changed_at), {{ build_timestamp() }})),
        {%- else %}
        null::timestamptz,
        {%- endif %}
            {%- if feed.get('vanished_of') %}
        null, null, {{ _sql_value(plan.gate.vanished) }},
            {%- else %}
        {{ _sql_value(plan.gate.row_count) }} + count(*) filter (where changed.change_id > {{ plan.state.last_id }}),
        {{ _sql_value(plan.gate.id_sum) }}
            + coalesce(sum(changed.change_id) filter (where changed.change_id > {{ plan.state.last_id }}), 0),
        null,
            {%- endif %}
        null,
        null,
        {{ build_timestamp() }}
    from {{ model_name }}__feed_{{ plan.index }} as changed
        {%- elif feed.get('vanished_of') %}
            {#- a full read of a feed that is one of our models: up to that model's current load number #}
            {%- set upstream = _state_rows(feed.vanished_of).get('__self__', {}) %}
    select
        '{{ model_name }}', '{{ feed.name }}', {{ _sql_value(upstream.get('last_id')) }}, null, null, null,
        {{ _sql_value(upstream.get('vanished')) }}, null, null, {{ build_timestamp() }}
        {%- else %}
    select
        '{{ model_name }}', '{{ feed.name }}',
        max(feed.{{ feed.id }}),
        {{ ('least(max(feed.' ~ feed.changed_at ~ '), ' ~ build_timestamp() ~ ')') if feed.changed_at else 'null::timestamptz' }},
        count(*),
        coalesce(sum(feed.{{ feed.id }}), 0),
        null,
        null,
        null,
        {{ build_timestamp() }}
    from {{ feed.relation }} as feed
    where {{ feed.where }}
        {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#
    The strategy: every key of the changed-keys table is replaced by the model's rows for it (none
    when its upstream rows are gone). The model's row count and its count of vanished keys follow
    in the state, so that a model reading this one learns of deletions without counting rows.
#}
{% macro get_incremental_changed_keys_sql(arg_dict) -%}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set key_columns = _changed_keys_columns() -%}
    {%- set keys = key_columns | join(', ') -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    update {{ incremental_state_relation() }}
    set
        row_count = row_count
            - (select count(*) from {{ target_relation }} where {{ _in_changed_keys(key_columns) }})
            + (select count(*) from {{ new_rows }}),
        vanished = vanished + (
            select count(*) from {{ changed_keys_relation() }} as changed
            where
                exists (
                    select 1 from {{ target_relation }} as loaded
                    where {% for column in key_columns %}loaded.{{ column }} = changed.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
                )
                and not exists (
                    select 1 from {{ new_rows }} as reloaded
                    where {% for column in key_columns %}reloaded.{{ column }} = changed.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
                )
        )
    where model_name = '{{ this.identifier }}' and feed_name = '__self__';

    delete from {{ target_relation }}
    where {{ _in_changed_keys(key_columns) }};

    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
{%- endmacro %}

{# Post-hook of every model: after a full build, the row count the strategy keeps up starts. #}
{% macro changed_keys_count_rows() -%}
    {%- if _changed_keys_feeds() and not is_incremental() -%}
        update {{ incremental_state_relation() }}
        set row_count = (select count(*) from {{ this }})
        where model_name = '{{ this.identifier }}' and feed_name = '__self__'
    {%- endif -%}
{%- endmacro %}
