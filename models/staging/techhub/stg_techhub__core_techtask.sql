with

source as (

    select * from {{ source('techhub', 'core_techtask') }}

),

renamed as (

    select
        id as techtask_id,
        {{ i18n_columns('title') }},
        {{ i18n_columns('description') }},
        -- a money reward is {"amount": 500000, "currency": "KZT"}; anything else is read as i18n text
        case
            when {{ json_type('reward') }} = 'object'
                and trim({{ json_text('reward', 'amount') }}) ~ '^[0-9]+(\.[0-9]+)?$'
                then trim({{ json_text('reward', 'amount') }})::numeric
        end as reward_amount,
        {{ json_text('reward', 'currency') }} as raw_reward_currency,
        {{ i18n_columns('reward', 'reward_text') }},
        deadline,
        author_id,
        company_id,
        {{ clean_enum('status', ['draft', 'sent', 'correction', 'success', 'reject']) }} as status,
        published,
        {{ clean_timestamp('published_at') }} as published_at,
        {{ clean_timestamp('created_at') }} as created_at,
        {{ clean_timestamp('updated_at') }} as updated_at

    from source

),

final as (

    select
        techtask_id,
        title_ru,
        title_kk,
        title_en,
        {{ i18n_display('title') }} as title,
        description_ru,
        description_kk,
        description_en,
        {{ i18n_display('description') }} as description,
        reward_amount is not null as has_money_reward,
        reward_amount,
        case when reward_amount is not null then {{ clean_enum('raw_reward_currency', ['KZT', 'USD'], upper=true) }} end
            as reward_currency,
        case when reward_amount is null then reward_text_ru end as reward_text_ru,
        case when reward_amount is null then reward_text_kk end as reward_text_kk,
        case when reward_amount is null then reward_text_en end as reward_text_en,
        case when reward_amount is null then {{ i18n_display('reward_text') }} end as reward_text,
        deadline,
        author_id,
        company_id,
        status,
        published,
        coalesce(status = 'success' and published, false) as is_published,
        published_at,
        created_at,
        {{ local_date_id('created_at') }} as created_date_id,
        updated_at

    from renamed

)

select * from final
