with

source as (
    select * from {{ source('techhub', 'service_expertdocument') }}
),

renamed as (
    select
        id as expert_document_id,
        expertise_id,
        nullif(lower(trim(doc_type)), '') as doc_type,
        file,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
