{#
    Masking for the marts: the only forms of personal data a mart column may hold.
    Clear values live in staging and the `pii` schema only.
#}

{# 'aigerim@gmail.com' -> 'a***@gmail.com'; a value without a local part and a domain -> '***'; null stays null. #}
{% macro mask_email(column) -%}
    (case
        when {{ column }} is null then null
        when {{ column }} ~ '^[^@]+@[^@]+$'
            then left({{ column }}, 1) || '***@' || split_part({{ column }}, '@', 2)
        else '***'
    end)
{%- endmacro %}

{# First name and the initial of the last name: ('Aigerim', 'Nurlanova') -> 'Aigerim N.'; null when both are null. #}
{% macro mask_full_name(first_name, last_name) -%}
    nullif(concat_ws(' ', {{ first_name }}, upper(left({{ last_name }}, 1)) || '.'), '')
{%- endmacro %}
