"""Counting functions for reports: pure, a fixed number of queries each.

Callers pass querysets already scoped to the unit asked about (for example
`Event.objects.within(unit)`) and an explicit `Period` or day.

    event_figures(events, period)            -> EventFigures      (7 queries)
    training_figures(sessions, period)       -> TrainingFigures   (3 queries)
    point_coverage(units, day, kind=…)       -> CoverageFigures   (2 queries)
    outreach_figures(events, sessions, units, period) -> OutreachFigures (12 queries)
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from directory.figures import Rate, by_branch
from directory.models import PATH_SEGMENT, OrgUnit, ServicePoint
from directory.periods import Period
from directory.reference import local_name

from .models import Campaign, Event, Trainee, TrainingSession


@dataclass(frozen=True)
class Tally:
    """One row of a breakdown: a key, its label for display, a count."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class EventFigures:
    events: int
    by_kind: tuple[Tally, ...]
    by_campaign_kind: tuple[Tally, ...]
    by_campaign: tuple[Tally, ...]  # key = campaign pk ("" for events outside a campaign)
    partner_agencies: tuple[str, ...]  # distinct names, sorted
    laws: tuple[str, ...]  # names in the active language, in the laws' reference order
    audience: int
    leaflets: int
    materials: int
    performances: int
    units_covered: tuple[str, ...]  # distinct units visited by tours, in tree order
    volunteers_active: int  # distinct volunteers who took part in an event

    def count_of_kind(self, kind: str) -> int:
        return next((t.count for t in self.by_kind if t.key == kind), 0)


@dataclass(frozen=True)
class TrainingFigures:
    sessions: int
    person_times: int  # trainees summed over sessions (人次)
    hours: Decimal
    laws: tuple[str, ...]


@dataclass(frozen=True)
class UnitCoverage:
    unit_id: int
    name: str
    level: int
    depth: int
    parent_id: int | None
    villages: Rate  # villages with an open point ÷ all villages under (or being) the unit

    @property
    def level_label(self) -> str:
        return OrgUnit.Level(self.level).label

    @property
    def complete(self) -> bool:
        return self.villages.denominator > 0 and self.villages.numerator == self.villages.denominator


@dataclass(frozen=True)
class LevelCoverage:
    level: int
    units: Rate  # units at this level whose every village has a point ÷ units at this level with villages

    @property
    def label(self) -> str:
        return OrgUnit.Level(self.level).label


@dataclass(frozen=True)
class CoverageFigures:
    on: date
    kind: str
    total: Rate  # all villages of the queryset
    by_level: tuple[LevelCoverage, ...]
    units: tuple[UnitCoverage, ...]  # every unit of the queryset, in tree order

    def of(self, unit_id: int) -> UnitCoverage | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)


@dataclass(frozen=True)
class OutreachFigures:
    period: Period
    events: EventFigures
    training: TrainingFigures
    dv_coverage: CoverageFigures  # at the period's end


def _choice_tallies(rows: dict, choices) -> tuple[Tally, ...]:
    return tuple(Tally(value, str(label), rows[value]) for value, label in choices if rows.get(value))


def event_figures(events: QuerySet[Event], period: Period) -> EventFigures:
    """What the publicity events held in `period` add up to (voided ones count nowhere)."""
    # Re-select by pk so that joins in the caller's filters cannot double the sums.
    base = Event.objects.filter(pk__in=events.active().held_in(period).values("pk")).order_by()
    totals = base.aggregate(
        events=Count("pk"),
        audience=Coalesce(Sum("audience"), 0),
        leaflets=Coalesce(Sum("leaflets"), 0),
        materials=Coalesce(Sum("materials"), 0),
        performances=Coalesce(Sum("performances"), 0),
    )
    by_kind = dict(base.values_list("kind").annotate(n=Count("pk")))
    campaigns = list(
        base.values_list("campaign_id", "campaign__kind", "campaign__name", "campaign__year")
        .annotate(n=Count("pk"))
        .order_by("campaign__year", "campaign__kind", "campaign__name", "campaign_id")
    )
    by_campaign_kind: dict[str, int] = {}
    for _pk, kind, _name, _year, n in campaigns:
        if kind:
            by_campaign_kind[kind] = by_campaign_kind.get(kind, 0) + n
    by_campaign = tuple(
        Tally(str(pk or ""), f"{year} {name}" if pk else "", n) for pk, _kind, name, year, n in campaigns
    )
    partners = base.filter(partners__isnull=False).values_list("partners__name", flat=True).distinct()
    laws = (
        base.filter(laws__isnull=False)
        .values_list(local_name("laws__"), "laws__sort_order")
        .distinct()
        .order_by("laws__sort_order", "laws__name")
    )
    covered = (
        base.filter(covered_units__isnull=False)
        .values_list("covered_units__name", "covered_units__path")
        .distinct()
        .order_by("covered_units__path")
    )
    volunteers = base.filter(volunteers__isnull=False).aggregate(n=Count("volunteers", distinct=True))["n"]
    return EventFigures(
        events=totals["events"],
        by_kind=_choice_tallies(by_kind, Event.Kind.choices),
        by_campaign_kind=_choice_tallies(by_campaign_kind, Campaign.Kind.choices),
        by_campaign=by_campaign,
        partner_agencies=tuple(sorted(set(partners.order_by("partners__name")))),
        laws=tuple(name for name, _order in laws),
        audience=totals["audience"],
        leaflets=totals["leaflets"],
        materials=totals["materials"],
        performances=totals["performances"],
        units_covered=tuple(name for name, _path in covered),
        volunteers_active=volunteers,
    )


def training_figures(sessions: QuerySet[TrainingSession], period: Period) -> TrainingFigures:
    """Cadre training that started in `period`: sessions, person-times, hours, laws."""
    base = TrainingSession.objects.filter(pk__in=sessions.active().held_in(period).values("pk")).order_by()
    totals = base.aggregate(sessions=Count("pk"), hours=Coalesce(Sum("hours"), Decimal("0")))
    person_times = Trainee.objects.filter(session__in=base).count()
    laws = (
        base.filter(laws__isnull=False)
        .values_list(local_name("laws__"), "laws__sort_order")
        .distinct()
        .order_by("laws__sort_order", "laws__name")
    )
    return TrainingFigures(
        sessions=totals["sessions"],
        person_times=person_times,
        hours=Decimal(totals["hours"]),
        laws=tuple(name for name, _order in laws),
    )


def point_coverage(units: QuerySet[OrgUnit], day: date, kind: str = ServicePoint.Kind.DV_COMPLAINT) -> CoverageFigures:
    """Villages with a point of `kind` open on `day` ÷ all villages, for every unit of `units`.

    Two queries: the units with their paths, and the villages with an open
    point; the roll-up up the tree is done here by path prefix.
    """
    rows = list(units.order_by("path").values_list("pk", "name", "level", "depth", "parent_id", "path"))
    covered_ids = set(
        ServicePoint.objects.open_on(day)
        .filter(kind=kind, org_unit__in=units.filter(level=OrgUnit.Level.VILLAGE))
        .values_list("org_unit_id", flat=True)
        .distinct()
    )
    by_path = {path: pk for pk, _name, _level, _depth, _parent, path in rows}
    villages: dict[int, int] = dict.fromkeys(by_path.values(), 0)
    covered: dict[int, int] = dict.fromkeys(by_path.values(), 0)
    for pk, _name, level, _depth, _parent, path in rows:
        if level != OrgUnit.Level.VILLAGE:
            continue
        has_point = pk in covered_ids
        for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
            ancestor = by_path.get(path[:end])
            if ancestor is not None:
                villages[ancestor] += 1
                covered[ancestor] += has_point
    unit_rows = tuple(
        UnitCoverage(pk, name, level, depth, parent, Rate(covered[pk], villages[pk]))
        for pk, name, level, depth, parent, _path in rows
    )
    levels = sorted({u.level for u in unit_rows})
    by_level = tuple(
        LevelCoverage(
            level,
            Rate(
                sum(1 for u in unit_rows if u.level == level and u.complete),
                sum(1 for u in unit_rows if u.level == level and u.villages.denominator),
            ),
        )
        for level in levels
    )
    village_rows = [u for u in unit_rows if u.level == OrgUnit.Level.VILLAGE]
    total = Rate(sum(u.villages.numerator for u in village_rows), len(village_rows))
    return CoverageFigures(on=day, kind=kind, total=total, by_level=by_level, units=unit_rows)


def outreach_figures(
    events: QuerySet[Event], sessions: QuerySet[TrainingSession], units: QuerySet[OrgUnit], period: Period
) -> OutreachFigures:
    """Everything the outreach section of a work summary needs, for one scope and period."""
    return OutreachFigures(
        period=period,
        events=event_figures(events, period),
        training=training_figures(sessions, period),
        dv_coverage=point_coverage(units, period.end),
    )


__all__ = [
    "CoverageFigures",
    "EventFigures",
    "LevelCoverage",
    "OutreachFigures",
    "Tally",
    "TrainingFigures",
    "UnitCoverage",
    "event_figures",
    "outreach_figures",
    "point_coverage",
    "training_figures",
]


@dataclass(frozen=True)
class OutreachBranch:
    """The headline outreach figures of one sub-unit (and everything under it), by the organising unit."""

    events: int
    leaflets: int
    audience: int
    training_sessions: int
    training_person_times: int


def outreach_by_branch(parent, period: Period) -> dict[str, OutreachBranch]:
    """Events and cadre training for each direct sub-unit of `parent`, keyed by its path (three queries)."""
    events = (
        Event.objects.within(parent)
        .active()
        .held_in(period)
        .by_branch(parent)
        .values("branch")
        .annotate(n=Count("pk"), leaflets=Coalesce(Sum("leaflets"), 0), audience=Coalesce(Sum("audience"), 0))
        .order_by()
    )
    sessions = TrainingSession.objects.within(parent).active().held_in(period)
    training = sessions.by_branch(parent).values("branch").annotate(n=Count("pk")).order_by()
    trainees = (
        Trainee.objects.filter(session__in=sessions.values("pk"))
        .by_branch(parent)
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return by_branch(
        OutreachBranch,
        (events, {"events": "n", "leaflets": "leaflets", "audience": "audience"}),
        (training, {"training_sessions": "n"}),
        (trainees, {"training_person_times": "n"}),
    )
