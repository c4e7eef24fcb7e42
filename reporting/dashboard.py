"""The managers' dashboard: the summary's figures as tiles, charts and a sub-unit table, each linked
to the list of records behind it (the apps' own list pages and their filters)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.translation import gettext as _

from directory.periods import Period

from . import charts
from .summary import WorkSummary


def _url(path: str, **params) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def _day(value: date) -> str:
    return value.isoformat()


class Links:
    """The list page behind each figure of `unit` (and everything under it) in `period`."""

    def __init__(self, unit, period: Period):
        self.unit, self.period = unit, period

    def _in(self, prefix: str) -> dict:
        return {f"{prefix}_from": _day(self.period.start), f"{prefix}_to": _day(self.period.end)}

    def received(self, unit=None, **extra):
        return _url("/petitions/", unit=(unit or self.unit).pk, **self._in("received"), **extra)

    def concluded(self, unit=None):
        return self.received(unit, status="concluded")

    def overdue(self, unit=None):
        return _url("/petitions/", unit=(unit or self.unit).pk, clock="overdue")

    def month(self, year: int, month: int):
        whole = Period.month(year, month)
        first, last = max(whole.start, self.period.start), min(whole.end, self.period.end)
        return _url("/petitions/", unit=self.unit.pk, received_from=_day(first), received_to=_day(last))

    def legal_aid(self, unit=None, **extra):
        return _url("/legal-aid/", unit=(unit or self.unit).pk, **self._in("applied"), aided="yes", **extra)

    def hearings(self, unit=None):
        return _url("/legal-aid/hearings/", unit=(unit or self.unit).pk, **self._in("heard"))

    def orders(self, unit=None):
        return _url("/legal-aid/orders/", unit=(unit or self.unit).pk, **self._in("filed"))

    def assistance(self, unit=None, **extra):
        return _url("/hardship/assistance/", unit=(unit or self.unit).pk, **self._in("given"), **extra)

    def housing(self, unit=None):
        return _url("/hardship/housing/", unit=(unit or self.unit).pk, **self._in("completed"))

    def enrolments(self, unit=None):
        return _url("/hardship/enrolments/", unit=(unit or self.unit).pk, **self._in("enrolled"))

    def events(self, unit=None):
        unit = unit or self.unit
        return _url("/outreach/", unit=unit.pk, start=_day(self.period.start), end=_day(self.period.end))

    def trainings(self, unit=None):
        unit = unit or self.unit
        return _url("/outreach/training/", unit=unit.pk, start=_day(self.period.start), end=_day(self.period.end))

    def network(self, unit=None):
        return f"/outreach/network/{(unit or self.unit).pk}/"


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: object
    href: str
    sub: str = ""
    change: str = ""  # "+12.5%" or "+5.6 points" on the same period last year
    rising: bool = True


def _signed(value: Decimal) -> str:
    return f"+{value}" if value > 0 else f"{value}"


def _change(entry: dict | None) -> tuple[str, bool]:
    if not entry or entry["change"] is None:
        return "", True
    if entry["change"] == 0:
        return _("Same as last year"), True
    value = _signed(entry["change"])
    if entry["unit"] == "points":
        return _("%(change)s points on last year") % {"change": value}, entry["change"] >= 0
    return _("%(change)s%% on last year") % {"change": value}, entry["change"] >= 0


def tiles(summary: WorkSummary, links: Links) -> list[Tile]:
    """The dashboard's headline figures, each with its list and its change on last year."""
    p, legal, hardship, outreach = (
        summary.current.petitions,
        summary.current.legal_aid,
        summary.current.hardship,
        summary.current.outreach,
    )
    yoy = summary.year_on_year()

    def tile(key, label, value, href, sub="", yoy_key=None):
        text, rising = _change(yoy.get(yoy_key))
        return Tile(key, label, value, href, sub, text, rising)

    def of(rate):
        return f"{rate.numerator} / {rate.denominator}"

    orders = legal.protection_orders
    coverage = outreach.dv_coverage.total
    return [
        tile(
            "received",
            _("Petitions received"),
            p.received,
            links.received(),
            _("%(n)s person-times") % {"n": p.headcount},
            "petitions_received",
        ),
        tile("concluded", _("Concluded"), p.concluded, links.concluded(), "", "petitions_concluded"),
        tile(
            "resolution",
            _("Resolution rate"),
            p.resolution_rate,
            links.received(),
            of(p.resolution_rate),
            "resolution_rate",
        ),
        tile("reply", _("Reply rate"), p.reply_rate, links.received(), of(p.reply_rate), "reply_rate"),
        tile("on-time", _("On-time rate"), p.on_time_rate, links.concluded(), of(p.on_time_rate), "on_time_rate"),
        tile(
            "overdue",
            _("Overdue now"),
            summary.overdue_now,
            links.overdue(),
            _("%(n)s at the period's end") % {"n": p.overdue_at_end},
        ),
        tile(
            "legal-aid",
            _("Women given legal aid"),
            legal.cases.women_aided,
            links.legal_aid(),
            _("%(n)s cases") % {"n": legal.cases.aided},
            "women_given_legal_aid",
        ),
        tile(
            "free",
            _("Free representation"),
            legal.cases.free_representation,
            links.legal_aid(provider="federation"),
            "",
            "free_representation",
        ),
        tile(
            "orders",
            _("Protection orders applied for"),
            orders.applied,
            links.orders(),
            _("%(n)s granted") % {"n": orders.granted},
            "protection_orders_applied",
        ),
        tile("hearings", _("Jury hearings"), legal.jury.hearings, links.hearings(), "", "jury_hearings"),
        tile(
            "mothers",
            _("Single poor mothers visited"),
            hardship.assistance.spring_festival_single_poor_mothers,
            links.assistance(programme__kind="spring_festival", single_poor_mother="true"),
            _("%(n)s households assisted") % {"n": hardship.assistance.households_assisted},
            "single_poor_mothers_visited",
        ),
        tile("homes", _("Homes built"), hardship.housing.completed, links.housing(), "", "housing_units_built"),
        tile(
            "students",
            _("Students enrolled"),
            hardship.training.poor_female_enrolled,
            links.enrolments(),
            _("%(n)s placed in work") % {"n": hardship.training.employed},
            "students_enrolled",
        ),
        tile(
            "events",
            _("Publicity events"),
            outreach.events.events,
            links.events(),
            _("%(n)s leaflets") % {"n": intcomma(outreach.events.leaflets)},
            "outreach_events",
        ),
        tile(
            "training",
            _("Cadres trained"),
            outreach.training.person_times,
            links.trainings(),
            _("%(n)s sessions") % {"n": outreach.training.sessions},
            "training_person_times",
        ),
        tile(
            "coverage", _("Villages with a DV complaint point"), coverage, links.network(), of(coverage), "dv_coverage"
        ),
    ]


def chart_set(summary: WorkSummary, links: Links, category_ids: dict[str, int]) -> dict:
    from petitions.models import Petition

    p = summary.current.petitions
    channels = dict(Petition.Channel.choices)
    chinese = translation.get_language() == "zh-hans"
    return {
        "months": charts.column_chart(
            [
                charts.Bar(f"{m.month}月" if chinese else f"{m.month}", m.received, links.month(m.year, m.month))
                for m in summary.by_month
            ],
            title=_("Petitions received by month"),
        ),
        "channels": charts.bar_chart(
            [charts.Bar(str(channels[k]), n, links.received(channel=k)) for k, n in p.by_channel.items() if n],
            title=_("By channel"),
        ),
        "categories": charts.bar_chart(
            [
                charts.Bar(name, n, links.received(category=category_ids[name]) if name in category_ids else "")
                for name, n in p.by_category.items()
            ],
            title=_("By category"),
        ),
    }
