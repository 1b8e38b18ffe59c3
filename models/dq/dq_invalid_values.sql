{#-
    One row per source value that a cleaning rule rejected while staging kept the row: a phone
    that is not 7XXXXXXXXXX after cleaning (account_user, account_activation; nulled), a TIN that
    is not 12 digits (nulled), company tags that are not a JSON object (every flag false), a
    salary bound outside (0, 100000000) or both bounds valid with min > max (nulled). Personal
    data is never copied: raw_value is null for phones and TINs.
    A table rebuilt on every run from the source tables (small), each read once.
-#}

with

phones as (

    {% for table in ['account_user', 'account_activation'] %}
        select
            '{{ table }}' as source_table,
            id::text as source_key,
            'phone' as column_name,
            'invalid_phone' as issue,
            null::text as raw_value,
            'not a phone number of the form 7XXXXXXXXXX' as detail

        from {{ source('techhub', table) }}
        where
            nullif(trim(phone), '') is not null
            and {{ clean_phone('phone') }} is null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

tins as (

    select
        'account_company' as source_table,
        id::text as source_key,
        'tin' as column_name,
        'invalid_tin' as issue,
        null::text as raw_value,
        'not 12 digits' as detail

    from {{ source('techhub', 'account_company') }}
    where
        tin is not null
        and {{ clean_tin('tin') }} is null

),

tags as (

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

),

salaries as (

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

unioned as (

    select * from phones
    union all
    select * from tins
    union all
    select * from tags
    union all
    select * from salaries

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
