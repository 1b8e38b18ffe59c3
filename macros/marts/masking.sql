{#
    Masking for the marts: the only forms of personal data a mart column may hold.
    Clear values live in staging and the `pii` schema only; intermediate applies these macros
    before it stores a row (int_users), so no stored table outside `pii` keeps a clear value.
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

{#
    The first word of the first name and the initial of the last name: ('Aigerim', 'nurlanova') ->
    'Aigerim N.'; ('Aigerim Nurlanovna', 'Sadykova') -> 'Aigerim S.' (a full name typed into
    first_name keeps only its first word); (null, 'Ахметов') -> 'А.'; null when neither part has a
    visible character. A word ends at any white space or invisible mark: ASCII white space, the
    Unicode spaces (no-break, em, ideographic, ...), the zero-width characters and the bidi
    controls. They are listed rather than left to `\s`, whose reach depends on the server's
    locale (C.UTF-8 stops at an em space but not at a no-break space).
#}
{% macro mask_full_name(first_name, last_name) -%}
    {%- set space = ' \\t\\n\\r\\f\\v\\u0085\\u00a0\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff' -%}
    nullif(concat_ws(
        ' ',
        substring({{ first_name }} from '[^{{ space }}]+'),
        upper(substring({{ last_name }} from '[^{{ space }}]')) || '.'
    ), '')
{%- endmacro %}
