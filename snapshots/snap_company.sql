{% snapshot snap_company %}

{{
    config(
        unique_key='company_id',
        strategy='check',
        check_cols=['status', 'verified', 'type', 'is_startup', 'is_it_company', 'is_techpark_resident', 'is_ts_member'],
        hard_deletes='invalidate',
    )
}}

{#-
    SCD2 history of companies: a new version whenever the status, verification, legal form or a
    tag flag changes. Checked at every build, so a version is valid from the build that first saw
    it (marts.dim_company_history dates a company's first version from its creation).
    The TIN is left out: for an individual entrepreneur it is the owner's IIN (personal data).
-#}

select
    company_id,
    name,
    type,
    status,
    verified,
    verified_at,
    is_startup,
    is_it_company,
    is_techpark_resident,
    is_ts_member,
    employees,
    city_id,
    created_at,
    updated_at

from {{ ref('stg_techhub__account_company') }}

{% endsnapshot %}
