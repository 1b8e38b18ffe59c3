-- A company is verified by its first accreditation request that reached success (flow 2).
with verified as (
    select r.company_id, min(r.closed_at) as verified_at
    from {schema}.service_servicerequest r
    join {schema}.service_service s on s.id = r.service_id
    where s.kind = 'accreditation' and lower(trim(r.status)) = 'success' and r.company_id is not null
    group by r.company_id
), updated as (
    update {schema}.account_company c
    set verified = true, verified_at = v.verified_at, updated_at = greatest(c.updated_at, v.verified_at)
    from verified v
    where v.company_id = c.id and not c.verified
    returning 1
)
insert into gen_changes select 'account_company', count(*) from updated;
