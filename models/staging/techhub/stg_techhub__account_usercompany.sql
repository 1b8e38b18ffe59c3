-- One row per (user_id, company_id): the pair's row with the smallest id is kept, the others
-- are duplicates set aside (recorded in dq with reason 'duplicate_user_company').
with

source as (
    select * from {{ source('techhub', 'account_usercompany') }}
),

ranked as (
    select
        *,
        row_number() over (partition by user_id, company_id order by id) as pair_rank
    from source
),

renamed as (
    select
        id as user_company_id,
        user_id,
        company_id,
        {{ clean_enum('role', ['owner', 'admin', 'member']) }} as role,
        is_active,
        {{ clean_timestamp('created_at') }} as created_at
    from ranked
    where pair_rank = 1
),

final as (
    select
        *,
        {{ local_date_id('created_at') }} as created_date_id
    from renamed
)

select * from final
