from django import template

from directory.privacy import mask_id_number, mask_name, mask_phone

register = template.Library()


@register.filter
def masked_id(value):
    return mask_id_number(value or "")


@register.filter
def masked_name(value):
    return mask_name(value or "")


@register.filter
def masked_phone(value):
    return mask_phone(value or "")


@register.simple_tag
def qs_replace(query: str, **kwargs):
    """The current query string with some parameters replaced (for sort and filter links)."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
