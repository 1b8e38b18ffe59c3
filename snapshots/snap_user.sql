{% snapshot snap_user %}

{{
    config(
        unique_key='user_id',
        strategy='check',
        check_cols=['role', 'is_active', 'is_verified'],
        hard_deletes='invalidate',
    )
}}

{#-
    SCD2 history of users: a new version whenever the role, the active flag or the verification
    changes. Checked at every build, so a version is valid from the build that first saw it
    (marts.dim_user_history dates a user's first version from registration).
    No personal data: names, e-mail and phone are not snapshotted.
-#}

select
    user_id,
    role,
    is_active,
    is_verified,
    org_code,
    language,
    date_joined,
    updated_at

from {{ ref('stg_techhub__account_user') }}

{% endsnapshot %}
