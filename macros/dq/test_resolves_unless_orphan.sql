{#
    `resolves_unless_orphan`: on a typed polymorphic model (is_orphan beside the resolved key), the
    key matches a row of `to` exactly when the row is not flagged is_orphan: every row that is not
    an orphan resolves, and every orphan does not. Staging computes the flag against the source's
    ids; this reads the target's staging model instead, and checks both ways, so a flag set on a
    row that resolves (hiding a resolvable key from the marts) fails as much as a missing target.
    It replaces `relationships` with `where: not is_orphan`, which trusted the flag it filtered on.
    Returns the rows whose flag is wrong.
#}
{% test resolves_unless_orphan(model, column_name, to, field) %}

    with

    keyed as (

        select
            {{ column_name }} as key_value,
            is_orphan

        from {{ model }}

    ),

    targets as (

        select distinct {{ field }} as key_value
        from {{ to }}
        where {{ field }} is not null

    )

    select
        keyed.key_value,
        keyed.is_orphan,
        targets.key_value is not null as target_exists

    from keyed
    left join targets
        on keyed.key_value = targets.key_value
    where keyed.is_orphan is distinct from (targets.key_value is null)

{% endtest %}
