-- A request whose status is success reached approved by definition (warehouse.md): is_approved = 1.
select request_id, status, is_approved
from {{ ref('fact_service_request') }}
where
    (status = 'success' or reached_success = 1)
    and is_approved <> 1
