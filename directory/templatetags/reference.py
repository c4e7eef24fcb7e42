from django import template

from directory.reference import book_titles

register = template.Library()


@register.filter
def law_titles(laws) -> str:
    """Laws (rows or names) cited in the reader's language: 《甲》《乙》, or "A, B"."""
    return book_titles(laws)
