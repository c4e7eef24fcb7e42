"""Pagination shared by every list page (two queries whatever the row count), and its period line.

A list counts its rows only as far as its pages reach (`MAX_PAGES` pages): past that
it says "more than N records". Counting a city's million rows exactly, on every
page, cost more than the page itself; nobody reads that number to the unit.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator

from .periods import Period

# Deeper pages are not served: OFFSET reads and drops every row before the page, and
# nobody pages through thousands of records (a filter or a search finds them).
MAX_PAGES = 200


def count_limit(per_page: int | None = None) -> int:
    """How many rows a list counts exactly: as many as its pages can show."""
    return MAX_PAGES * (per_page or settings.PAGE_SIZE)


def capped_count(queryset, limit: int) -> int:
    """The number of rows, counted no further than `limit` + 1 (one query that stops early)."""
    return queryset.order_by()[: limit + 1].count()


def paginate(request, queryset, per_page: int | None = None, count: int | None = None, exact: bool = False):
    """A page of `queryset`; pass `count` when the view has counted the rows already (one count, not two):
    counted as `capped_count(…, count_limit(per_page))` counts them, or every row (`exact`).

    `page.more` is true when there are more rows than the pages reach and they were
    not all counted: the count shown is then a lower bound ("more than N records").
    """
    per_page = per_page or settings.PAGE_SIZE
    limit = count_limit(per_page)
    paginator = Paginator(queryset, per_page)
    paginator.count = capped_count(queryset, limit) if count is None else count  # a cached_property: not queried
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
