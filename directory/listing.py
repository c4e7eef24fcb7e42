"""Pagination shared by every list page (two queries whatever the row count), and its period line.

A list counts its rows only as far as its pages reach (`MAX_PAGES` pages): past that
it says "more than N records". Counting a city's million rows exactly, on every
page, cost more than the page itself; nobody reads that number to the unit.
"""

from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import QuerySet

from .periods import Period

# Deeper pages are not served: OFFSET reads and drops every row before the page, and
# nobody pages through thousands of records (a filter or a search finds them).
MAX_PAGES = 200


def count_limit(per_page: int | None = None) -> int:
    """How many rows a list counts exactly: as many as its pages can show."""
    return MAX_PAGES * (per_page or settings.PAGE_SIZE)


def first_rows(queryset, limit: int, unfiltered: bool = False):
    """`queryset`'s first `limit` + 1 rows, to count or sum (a subquery that stops there).

    An `unfiltered` scoped list (every row of the scope matches) takes them in the order
    of its unit column: PostgreSQL reads them through that column's index and stops
    after `limit` + 1, where in no order it first marks every row of the scope (a city's
    million) in a bitmap. A filtered one takes them in no order: its rows may be few
    and far between along the unit index, which the bitmap of the filter's index finds.
    """
    field, order = getattr(queryset, "scope_field", ""), []
    if unfiltered and field and "__" not in field:
        with suppress(FieldDoesNotExist):  # a queryset that scopes otherwise (the units themselves)
            order = [queryset.model._meta.get_field(field).attname]
    return queryset.order_by(*order)[: limit + 1]


def capped_count(rows, limit: int, unfiltered: bool = False) -> int:
    """The number of rows, counted no further than `limit` + 1 (one query that stops early);
    a list's length."""
    if not isinstance(rows, QuerySet):
        return len(rows)
    return first_rows(rows, limit, unfiltered).count()


def unfiltered(request, ignore=("page", "lang")) -> bool:
    """Whether a list is shown whole: no filter or search given (a page number, a language or `ignore` aside)."""
    return not any(value for key, value in request.GET.items() if key not in ignore)


def paginate(request, queryset, per_page: int | None = None, count: int | None = None, exact: bool = False):
    """A page of `queryset`; pass `count` when the view has counted the rows already (one count, not two):
    counted as `capped_count(…, count_limit(per_page))` counts them, or every row (`exact`).

    `page.more` is true when there are more rows than the pages reach and they were
    not all counted: the count shown is then a lower bound ("more than N records").
    """
    per_page = per_page or settings.PAGE_SIZE
    limit = count_limit(per_page)
    paginator = Paginator(queryset, per_page)
    if count is None:
        count = capped_count(queryset, limit, unfiltered(request))
    paginator.count = count  # a cached_property: set, it is not queried
    number = request.GET.get("page")
    capped = False
    try:
        if int(number) > MAX_PAGES:
            number, capped = MAX_PAGES, True
    except (TypeError, ValueError):
        pass
    page = paginator.get_page(number)
    page.capped = capped
    page.more = paginator.count > limit and not exact
    page.count_limit = limit
    page.at_cap = page.number >= MAX_PAGES
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


# The summary line of a list opened for a period (as the dashboard's links open it) ----------


@dataclass(frozen=True)
class LineItem:
    key: str  # `data-figure` of the number, which the dashboard tile it came from names
    label: str
    value: object


@dataclass(frozen=True)
class PeriodLine:
    """What a list filtered to a period adds up to, computed by the app's own figures function."""

    period: Period
    items: tuple[LineItem, ...]


def list_period(filterset, start: str, end: str) -> Period | None:
    """The period a list is filtered to when both of its date filters are given (and in order); else None."""
    data = getattr(filterset.form, "cleaned_data", None) or {}
    first, last = data.get(start), data.get(end)
    if not first or not last or last < first:
        return None
    return Period(first, last)


def period_line(period: Period | None, *items: tuple[str, str, object]) -> PeriodLine | None:
    """`{% include "_period_line.html" %}` shows it: one `(key, label, value)` per figure."""
    if period is None:
        return None
    return PeriodLine(period, tuple(LineItem(*item) for item in items))
