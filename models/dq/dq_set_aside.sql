{#-
    One row per source row that staging set aside (left out of every staging model), with the
    reason. With the staged rows it accounts for every source row: see dq_reconciliation.
-#}

with

comments as (

    select * from {{ ref('stg_techhub__core_comment') }}
    where set_aside_reason is not null

),

feed as (

    select * from {{ ref('stg_techhub__core_feed') }}
    where set_aside_reason is not null

),

user_companies as (

    select * from {{ source('techhub', 'account_usercompany') }}

),

staged_user_companies as (

    select * from {{ ref('stg_techhub__account_usercompany') }}

),

comments_set_aside as (

    select
        'core_comment' as source_table,
        comment_id::text as source_key,
        set_aside_reason as reason,
        case set_aside_reason
            when 'unknown_source' then 'source is not one of blog, event, vacancy, techtask, discussion'
            when 'non_numeric_key' then 'primary_key is not a number after trim'
        end as detail

    from comments

),

feed_set_aside as (

    select
        'core_feed' as source_table,
        feed_id::text as source_key,
        set_aside_reason as reason,
        case set_aside_reason
            when 'unknown_source' then 'source is not one of blog, event, article, techtask, discussion, vacancy'
            when 'missing_target_key' then 'no foreign key is set'
            when 'source_key_mismatch' then 'the foreign key named by source is null, another one is set'
            when 'multiple_target_keys' then 'more than one foreign key is set'
        end as detail

    from feed

),

-- staging keeps one row per (user_id, company_id): every source row it does not keep is a duplicate
user_companies_set_aside as (

    select
        'account_usercompany' as source_table,
        user_companies.id::text as source_key,
        'duplicate_user_company' as reason,
        'another row links the same user and company' as detail

    from user_companies
    left join staged_user_companies
        on user_companies.id = staged_user_companies.user_company_id
    where staged_user_companies.user_company_id is null

),

unioned as (

    select * from comments_set_aside
    union all
    select * from feed_set_aside
    union all
    select * from user_companies_set_aside

),

final as (

    select
        source_table,
        source_key,
        reason,
        detail,
        {{ build_timestamp() }} as detected_at

    from unioned

)

select * from final
