"""Pagination shared by every list page (two queries whatever the row count), and its period line."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator

from .periods import Period


def paginate(request, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
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
