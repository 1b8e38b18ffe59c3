with

source as (
    select * from {{ source('techhub', 'service_externaldocument') }}
),

renamed as (
    select
        id as external_document_id,
        request_id,
        nullif(lower(trim(doc_type)), '') as doc_type,
        {{ clean_enum('source', ['egov', 'upload']) }} as source,
        file,
        {{ clean_timestamp('created_at') }} as created_at
    from source
)

select * from renamed
