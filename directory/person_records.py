"""The "her records" panels on a person's page.

Each app above `directory` that keeps records of a person (her petitions, her
legal aid, the support her household had) registers a panel for
"directory.person" (`directory.record_panels`); the person's page shows them,
each within the reader's scope: a record of a unit she may not see is not
listed, nor counted.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

SHOWN = 20  # the latest records of each kind; the lists behind them have the rest


@dataclass(frozen=True)
class RecordRow:
    on: date | None
    kind: str
    label: str
    url: str
    detail: str
    status: str


def latest(queryset, limit: int = SHOWN) -> tuple[list, bool]:
    """The first `limit` rows of `queryset`, and whether there are more (one query)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def latest_visible(model, user, *conditions, order_by: tuple, related: tuple = (), **lookups) -> tuple[list, bool]:
    """The latest live (not voided) records of `model` in `user`'s units that match, and whether there are more."""
    records = model.objects.visible_to(user).active().filter(*conditions, **lookups)
    return latest(records.select_related(*related).order_by(*order_by))


def records_panel(*, anchor: str, title, rows: list[RecordRow], more: bool, empty) -> dict:
    rows = sorted(rows, key=lambda row: (row.on or date.min), reverse=True)
    return {
        "template": "directory/_person_records.html",
        "anchor": anchor,
        "title": title,
        "rows": rows,
        "more": more,
        "empty": empty,
        "more_text": _("Only the latest %(n)s of each kind are listed.") % {"n": SHOWN},
    }
