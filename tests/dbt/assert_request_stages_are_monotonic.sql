-- Reaching a later stage implies the earlier ones: success => approved => sent, reject => sent.
-- Rejected requests are flagged as rejected; processing times are positive.
select request_id
from {{ ref('fact_service_request') }}
where
    reached_success > reached_approved
    or reached_approved > reached_sent
    or reached_reject > reached_sent
    or is_rejected > reached_reject
    or days_to_process <= 0
    or (days_to_process is not null and status not in ('success', 'reject'))
