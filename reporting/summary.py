"""The work summary of a unit for a period, composed from each app's figures.

Reporting never re-derives a domain rule: every count and rate comes from a
`<app>/figures.py` function, called with querysets scoped to the unit's
subtree (`.within(unit)`). The number of queries depends on the number of
campaign kinds run in the period, never on how many records there are.
"""

from dataclasses import asdict, dataclass, fields, is_dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils import translation

from directory import replicas
from directory.figures import Rate
from directory.models import OrgUnit
from directory.periods import Period
from hardship.figures import HardshipBranch, HardshipFigures, hardship_by_branch, hardship_figures, querysets_within
from jobs.services import run_soon
from legal_aid.figures import LegalAidBranch, LegalAidFigures, legal_aid_by_branch, legal_aid_figures
from outreach.figures import OutreachBranch, OutreachFigures, event_figures, outreach_by_branch, outreach_figures
from outreach.models import Campaign, Event, TrainingSession
from petitions.figures import BranchFigures as PetitionBranch
from petitions.figures import BranchFiguresNow as PetitionBranchNow
from petitions.figures import (
    HandlerLoad,
    MonthFigures,
    PetitionFigures,
    petition_figures,
    petition_figures_by_branch,
    petition_months,
    workload_by_handler,
)
from petitions.models import Petition

from . import figure_cache


@dataclass(frozen=True)
class DomainFigures:
    petitions: PetitionFigures
    legal_aid: LegalAidFigures
    hardship: HardshipFigures
    outreach: OutreachFigures
    campaigns: dict  # campaign kind -> EventFigures of that kind's events


@dataclass(frozen=True)
class BranchFigures:
    """The headline figures of one sub-unit, every domain, composed from each app's `*_by_branch`."""

    petitions: PetitionBranch
    legal_aid: LegalAidBranch
    hardship: HardshipBranch
    outreach: OutreachBranch


EMPTY_BRANCH = BranchFigures(  # a sub-unit with nothing in the period being reported
    PetitionBranchNow(0, 0, 0, 0, 0),
    LegalAidBranch(0, 0, 0, 0, 0, 0),
    HardshipBranch(0, 0, 0, 0),
    OutreachBranch(0, 0, 0, 0, 0),
)
EMPTY_PAST_BRANCH = replace(EMPTY_BRANCH, petitions=PetitionBranch(0, 0, 0, 0))  # … in a past period: no "now" counts


@dataclass(frozen=True)
class SubUnitRow:
    unit: OrgUnit
    own: bool  # the unit's own records (本级), not a sub-unit's
    now: BranchFigures  # its petitions also count what is overdue today (`PetitionBranchNow`)
    last_year: BranchFigures  # a past period: no "now" counts
    dv_coverage: Rate | None  # at the period's end


@dataclass(frozen=True)
class WorkSummary:
    unit: OrgUnit
    period: Period
    current: DomainFigures
    last_year: DomainFigures
    sub_units: tuple[SubUnitRow, ...]  # the unit's own records first (when it has any), then each sub-unit
    by_month: tuple[MonthFigures, ...]
    by_month_last_year: tuple[MonthFigures, ...]
    workload: tuple[HandlerLoad, ...]
    today: date

    def headline(self) -> dict:
        """The figures the narrative and the dashboard lead with, each rate with its numerator and denominator."""
        return headline(self.current)

    def year_on_year(self) -> dict:
        """Every headline count and rate beside last year's, with the change (see `compare`)."""
        return year_on_year(self.current, self.last_year)

    @property
    def overdue_now(self) -> int:
        """Petitions of the whole subtree still open past their time limit today."""
        return sum(row.now.petitions.open_overdue for row in self.sub_units)


def domain_figures(unit: OrgUnit, period: Period) -> DomainFigures:
    events = Event.objects.within(unit)
    outreach = outreach_figures(events, TrainingSession.objects.within(unit), OrgUnit.objects.within(unit), period)
    campaigns = {
        tally.key: event_figures(events.filter(campaign__kind=tally.key), period)
        for tally in outreach.events.by_campaign_kind
        if tally.count and tally.key in Campaign.Kind.values
    }
    return DomainFigures(
        petitions=petition_figures(Petition.objects.within(unit), period),
        legal_aid=legal_aid_figures(unit, period),
        hardship=hardship_figures(**querysets_within(unit), period=period),
        outreach=outreach,
        campaigns=campaigns,
    )


def branch_figures(unit: OrgUnit, period: Period, today: date | None) -> dict[str, BranchFigures]:
    """Every domain's headline figures for each direct sub-unit of `unit`, keyed by path (eleven queries).

    `today` counts what is overdue now: pass None for a past period (last year's).
    """
    petitions = petition_figures_by_branch(Petition.objects.within(unit), period, unit, today)
    legal = legal_aid_by_branch(unit, period)
    hardship = hardship_by_branch(unit, period)
    outreach = outreach_by_branch(unit, period)
    empty = EMPTY_PAST_BRANCH if today is None else EMPTY_BRANCH
    return {
        path: BranchFigures(
            petitions.get(path, empty.petitions),
            legal.get(path, empty.legal_aid),
            hardship.get(path, empty.hardship),
            outreach.get(path, empty.outreach),
        )
        for path in {*petitions, *legal, *hardship, *outreach, unit.path}
    }


def _sub_unit_rows(unit, children, now, last_year, coverage) -> tuple[SubUnitRow, ...]:
    own = now[unit.path]
    rows = []
    if own != EMPTY_BRANCH or last_year[unit.path] != EMPTY_PAST_BRANCH:
        rows.append(SubUnitRow(unit, True, own, last_year[unit.path], None))
    for child in children:
        point = coverage.of(child.pk)
        rows.append(
            SubUnitRow(
                child,
                False,
                now.get(child.path, EMPTY_BRANCH),
                last_year.get(child.path, EMPTY_PAST_BRANCH),
                point.villages if point else None,
            )
        )
    return tuple(rows)


def _key(unit: OrgUnit, period: Period, today: date) -> tuple:
    return (unit.pk, unit.path, period.start, period.end, period.kind, today)


def build_summary(unit: OrgUnit, period: Period, *, today: date) -> WorkSummary:
    """Everything a report or the dashboard shows for `unit` (rolled up over its subtree) and `period`.

    Kept in the cache until a counted record changes (`figure_cache.cached`).
    """
    return figure_cache.cached(_key(unit, period, today), lambda: compute_summary(unit, period, today=today))


def dashboard_summary(unit: OrgUnit, period: Period, *, today: date) -> figure_cache.Kept:
    """`build_summary` for the dashboard: after a write, figures that were slow to compute are
    given as they were, marked stale, while they are computed afresh in the background
    (`figure_cache.kept`; the task `reporting.refresh_summary` calls `refresh_summary`)."""
    args = (unit.pk, period.start.isoformat(), period.end.isoformat(), period.kind, today.isoformat())
    return figure_cache.kept(
        _key(unit, period, today),
        lambda: compute_summary(unit, period, today=today),
        lambda: run_soon("reporting.refresh_summary", *args, translation.get_language()),
    )


def refresh_summary(unit: OrgUnit, period: Period, *, today: date) -> None:
    """Compute the figures of `dashboard_summary` and keep them, in the reader's (active) language."""
    figure_cache.refresh(_key(unit, period, today), lambda: compute_summary(unit, period, today=today))


def compute_summary(unit: OrgUnit, period: Period, *, today: date) -> WorkSummary:
    """`build_summary` without the cache; read from the reporting replica when there is one."""
    with replicas.reading():
        return _compute_summary(unit, period, today=today)


def _compute_summary(unit: OrgUnit, period: Period, *, today: date) -> WorkSummary:
    before = period.same_period_last_year()
    current = domain_figures(unit, period)
    children = list(unit.children.order_by("path"))
    petitions = Petition.objects.within(unit)
    return WorkSummary(
        unit=unit,
        period=period,
        current=current,
        last_year=domain_figures(unit, before),
        sub_units=_sub_unit_rows(
            unit,
            children,
            branch_figures(unit, period, today),
            branch_figures(unit, before, None),
            current.outreach.dv_coverage,
        ),
        by_month=petition_months(petitions, period),
        by_month_last_year=petition_months(petitions, before),
        workload=workload_by_handler(petitions, today),
        today=today,
    )


def _rate(rate: Rate) -> dict:
    return {"numerator": rate.numerator, "denominator": rate.denominator, "percent": rate.percent}


def headline(figures: DomainFigures) -> dict:
    p, legal, hardship, outreach = figures.petitions, figures.legal_aid, figures.hardship, figures.outreach
    return {
        "petitions_received": p.received,
        "petitions_headcount": p.headcount,
        "petitions_concluded": p.concluded,
        "petitions_replied": p.replied,
        "resolution_rate": _rate(p.resolution_rate),
        "reply_rate": _rate(p.reply_rate),
        "on_time_rate": _rate(p.on_time_rate),
        "satisfaction_rate": _rate(p.satisfaction_rate),
        "overdue_at_end": p.overdue_at_end,
        "leader_reception": p.leader_reception,
        "leader_reception_headcount": p.leader_reception_headcount,
        "free_representation": legal.cases.free_representation,
        "free_litigation": legal.cases.free_litigation,
        "women_given_legal_aid": legal.cases.women_aided,
        "legal_aid_cases": legal.cases.aided,
        "protection_orders_applied": legal.protection_orders.applied,
        "protection_orders_granted": legal.protection_orders.granted,
        "police_warnings": legal.police_warnings.issued,
        "jury_hearings": legal.jury.hearings,
        "single_poor_mothers_visited": hardship.assistance.spring_festival_single_poor_mothers,
        "households_assisted": hardship.assistance.households_assisted,
        "housing_units_built": hardship.housing.completed,
        "students_enrolled": hardship.training.poor_female_enrolled,
        "students_employed": hardship.training.employed,
        "households_lifted_out": hardship.training.households_lifted_out,
        "outreach_events": outreach.events.events,
        "leaflets": outreach.events.leaflets,
        "performances": outreach.events.performances,
        "training_sessions": outreach.training.sessions,
        "training_person_times": outreach.training.person_times,
        "dv_coverage": _rate(outreach.dv_coverage.total),
    }


def change(now: int | Decimal | None, before: int | Decimal | None) -> Decimal | None:
    """Year-on-year change of a count in percent (one decimal), None when last year had nothing to compare."""
    if now is None or not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(Decimal("0.1"))


def points(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """Year-on-year change of a rate in percentage points (95.6% against 90.0% is +5.6 points).

    A rate's change is told in points, not as a percent of a percent: that is
    how a report says 办结率提高5.6个百分点.
    """
    if now is None or before is None:
        return None
    return Decimal(now) - Decimal(before)


def compare(now, before) -> dict:
    """One headline entry beside last year's: counts change in percent, rates in points."""
    if isinstance(now, dict):  # a rate (see `_rate`)
        return {"now": now, "last_year": before, "change": points(now["percent"], before["percent"]), "unit": "points"}
    return {"now": now, "last_year": before, "change": change(now, before), "unit": "percent"}


def year_on_year(current: DomainFigures, last_year: DomainFigures) -> dict:
    now, before = headline(current), headline(last_year)
    return {key: compare(now[key], before[key]) for key in now}


def jsonable(value):
    """Figures as plain JSON (frozen with an issued report)."""
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, Rate):
            data["percent"] = jsonable(value.percent)
        return data
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, OrgUnit):
        return {"id": value.pk, "name": value.name, "code": value.code}
    if hasattr(value, "__str__") and value.__class__.__module__.startswith("django.utils.functional"):
        return str(value)
    return value


__all__ = [
    "BranchFigures",
    "DomainFigures",
    "SubUnitRow",
    "WorkSummary",
    "asdict",
    "build_summary",
    "dashboard_summary",
    "refresh_summary",
    "change",
    "compare",
    "headline",
    "jsonable",
    "points",
    "year_on_year",
]
