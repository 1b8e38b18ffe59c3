-- A funnel only narrows: drafts >= sent >= approved >= succeeded, and rejected <= sent.
select service_code, month
from {{ ref('kpi_service_funnel') }}
where
    sent > drafts
    or approved > sent
    or succeeded > approved
    or rejected > sent
