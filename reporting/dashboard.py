"""The managers' dashboard: the summary's figures as tiles, charts and a sub-unit table, each linked
to the list of records behind it (the apps' own list pages and their filters)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.translation import gettext as _

from directory.periods import Period

from . import charts
from .forms import PeriodForm
from .summary import WorkSummary, refresh_summary


def _url(path: str, **params) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def _day(value: date) -> str:
    return value.isoformat()


def default_period_fields(unit, today) -> tuple[dict, int | None]:
    """The period a dashboard or report form opens on, and the year it fell back to (if it did).

    A manager opening the dashboard expects this year so far. When nothing has
    been received yet this year in the unit's subtree, this year is all zeros
    and "-100%" on last year: open instead on the latest whole year with
    petitions, and say so.
    """
    from petitions.figures import latest_received
    from petitions.models import Petition

    latest = latest_received(Petition.objects.within(unit)) if unit else None
    if latest is None or latest.year >= today.year:
        return {"kind": "ytd", "year": today.year, "month": today.month}, None
    return {"kind": "year", "year": latest.year, "month": 12}, latest.year


def as_of_today(period, today):
    """A period still running is judged as at today: nothing after today can be counted yet, and last
    year's comparison then covers the same days."""
    if period.start <= today < period.end:
        return Period(period.start, today, period.kind)
    return period


class Links:
    """The list page behind each figure of `unit` (and everything under it) in `period`.

    Each list is opened for the period and filtered so that its own summary line
    repeats the dashboard's figure (see `Tile.figure`).
    """

    def __init__(self, unit, period: Period, today: date):
        self.unit, self.period, self.today = unit, period, today

    @property
    def past(self) -> bool:
        """The period ended before today: "overdue" means overdue at its end, not now."""
        return self.period.end < self.today

    def _in(self, prefix: str) -> dict:
        return {f"{prefix}_from": _day(self.period.start), f"{prefix}_to": _day(self.period.end)}

    def received(self, unit=None, **extra):
        return _url("/petitions/", unit=(unit or self.unit).pk, **self._in("received"), **extra)

    def concluded(self, unit=None):
        """Received in the period and concluded by its end, as the dashboard counts them (not as of today)."""
        return self.received(unit, concluded_to=_day(self.period.end))

    def overdue(self, unit=None):
        """A past period: received in it and overdue at its end. A period running to today: overdue now."""
        if self.past:
            return self.received(unit, overdue_on=_day(self.period.end))
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
        """Poor women enrolled in the period: the students the dashboard counts, not every enrolment."""
        return _url("/hardship/enrolments/", unit=(unit or self.unit).pk, **self._in("enrolled"), poor_woman="true")

    def events(self, unit=None):
        unit = unit or self.unit
        return _url("/outreach/", unit=unit.pk, start=_day(self.period.start), end=_day(self.period.end))

    def trainings(self, unit=None):
        unit = unit or self.unit
        return _url("/outreach/training/", unit=unit.pk, start=_day(self.period.start), end=_day(self.period.end))

    def network(self, unit=None):
        return f"/outreach/network/{(unit or self.unit).pk}/?on={_day(self.period.end)}"


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: object
    href: str
    figure: str  # `data-figure` of the number on the linked list's summary line that repeats `value`
    sub: str = ""
    sub_figure: str = ""  # … and the one that repeats the number in `sub`, when it has one
    change: str = ""  # "+12.5%" or "+5.6 points" on the same period last year
    rising: bool | None = True  # None: a change that is neither good nor bad news (nothing recorded yet)


def _signed(value: Decimal) -> str:
    return f"+{value}" if value > 0 else f"{value}"


def _change(entry: dict | None, in_progress: bool = False) -> tuple[str, bool | None]:
    if not entry or entry["change"] is None:
        return "", True
    if in_progress and not entry["now"] and entry["last_year"]:
        # Nothing recorded yet in a period still running is not a collapse: say what last year had by now.
        return _("none recorded yet; %(n)s by this time last year") % {"n": entry["last_year"]}, None
    if entry["change"] == 0:
        return _("Same as last year"), True
    value = _signed(entry["change"])
    if entry["unit"] == "points":
        return _("%(change)s points on last year") % {"change": value}, entry["change"] >= 0
    return _("%(change)s%% on last year") % {"change": value}, entry["change"] >= 0


def tiles(summary: WorkSummary, links: Links) -> list[Tile]:
    """The dashboard's headline figures, each with its list and its change on last year.

    Every number on a tile is repeated by the summary line of the list the tile opens.
    """
    p, legal, hardship, outreach = (
        summary.current.petitions,
        summary.current.legal_aid,
        summary.current.hardship,
        summary.current.outreach,
    )
    yoy = summary.year_on_year()
    in_progress = not links.past

    def tile(key, label, value, href, figure, sub="", sub_figure="", yoy_key=None):
        text, rising = _change(yoy.get(yoy_key), in_progress)
        return Tile(key, label, value, href, figure, sub, sub_figure, text, rising)

    def of(rate):
        return f"{rate.numerator} / {rate.denominator}"

    orders = legal.protection_orders
    coverage = outreach.dv_coverage.total
    if links.past:
        overdue = tile("overdue", _("Overdue at the period's end"), p.overdue_at_end, links.overdue(), "received")
    else:
        overdue = tile("overdue", _("Overdue now"), summary.overdue_now, links.overdue(), "received")
    return [
        tile(
            "received",
            _("Petitions received"),
            p.received,
            links.received(),
            "received",
            _("%(n)s person-times") % {"n": p.headcount},
            "headcount",
            "petitions_received",
        ),
        tile("concluded", _("Concluded"), p.concluded, links.concluded(), "received", yoy_key="petitions_concluded"),
        tile(
            "resolution",
            _("Resolution rate"),
            p.resolution_rate,
            links.received(),
            "resolution-rate",
            of(p.resolution_rate),
            "resolution",
            "resolution_rate",
        ),
        tile(
            "reply",
            _("Reply rate"),
            p.reply_rate,
            links.received(),
            "reply-rate",
            of(p.reply_rate),
            "reply",
            "reply_rate",
        ),
        tile(
            "on-time",
            _("On-time rate"),
            p.on_time_rate,
            links.concluded(),
            "on-time-rate",
            of(p.on_time_rate),
            "on-time",
            "on_time_rate",
        ),
        overdue,
        tile(
            "legal-aid",
            _("Women given legal aid"),
            legal.cases.women_aided,
            links.legal_aid(),
            "women",
            _("%(n)s cases") % {"n": legal.cases.aided},
            "cases",
            "women_given_legal_aid",
        ),
        tile(
            "free",
            _("Free representation"),
            legal.cases.free_representation,
            links.legal_aid(provider="federation"),
            "cases",
            yoy_key="free_representation",
        ),
        tile(
            "orders",
            _("Protection orders applied for"),
            orders.applied,
            links.orders(),
            "applied",
            _("%(n)s granted") % {"n": orders.granted},
            "granted",
            "protection_orders_applied",
        ),
        tile(
            "hearings", _("Jury hearings"), legal.jury.hearings, links.hearings(), "hearings", yoy_key="jury_hearings"
        ),
        tile(
            "mothers",
            _("Single poor mothers visited"),
            hardship.assistance.spring_festival_single_poor_mothers,
            links.assistance(programme__kind="spring_festival", single_poor_mother="true"),
            "households",
            _("%(n)s visits") % {"n": hardship.assistance.spring_festival_single_poor_mother_visits},
            "records",
            "single_poor_mothers_visited",
        ),
        tile(
            "homes",
            _("Homes built"),
            hardship.housing.completed,
            links.housing(),
            "units",
            yoy_key="housing_units_built",
        ),
        tile(
            "students",
            _("Students enrolled"),
            hardship.training.poor_female_enrolled,
            links.enrolments(),
            "students",
            yoy_key="students_enrolled",
        ),
        tile(
            "events",
            _("Publicity events"),
            outreach.events.events,
            links.events(),
            "events",
            _("%(n)s leaflets") % {"n": intcomma(outreach.events.leaflets)},
            "leaflets",
            "outreach_events",
        ),
        tile(
            "training",
            _("Cadres trained"),
            outreach.training.person_times,
            links.trainings(),
            "person-times",
            _("%(n)s sessions") % {"n": outreach.training.sessions},
            "sessions",
            "training_person_times",
        ),
        tile(
            "coverage",
            _("Villages with a DV complaint point"),
            coverage,
            links.network(),
            "coverage-rate",
            of(coverage),
            "coverage",
            "dv_coverage",
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


def warm(units, today: date) -> int:
    """Compute and keep the figures each of `units`' dashboards opens on today (in the default language).

    The figures are kept per day: without this, the first manager of the day
    to open a city's dashboard at scale waits for them (`reporting.warm_dashboards`).
    """
    warmed = 0
    for unit in units:
        fields, _fell_back_to = default_period_fields(unit, today)
        form = PeriodForm({"unit": unit.pk, **fields}, units=type(unit).objects.filter(pk=unit.pk))
        form.fields.pop("language")
        if not form.is_valid():
            continue
        with translation.override(settings.LANGUAGE_CODE):
            refresh_summary(unit, as_of_today(form.cleaned_data["period"], today), today=today)
        warmed += 1
    return warmed
