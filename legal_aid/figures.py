"""Legal-aid figures: pure functions `(queryset, period) -> frozen dataclass`.

Callers pass querysets already scoped (`.within(unit)` or `.visible_to(user)`);
voided records count nowhere. Each function runs a fixed number of queries.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from directory.figures import Rate, by_branch
from directory.models import Person
from directory.periods import Period

from .deadlines import ASSESSOR_YEARLY_HEARINGS, EXPIRING_WINDOW_DAYS
from .models import Assessor, AssessorHearing, LegalAidCase, PoliceWarning, ProtectionOrder, aided_q


@dataclass(frozen=True)
class CaseFigures:
    applied: int  # applications received in the period
    aided: int  # of those, legal aid granted
    refused: int
    free_representation: int  # aided, represented by the federation itself (免费代理)
    free_litigation: int  # … of which litigation (打官司)
    women_aided: int  # distinct women clients given legal aid
    clients_aided: int  # distinct clients given legal aid
    closed: int  # closed in the period
    money_recovered: Decimal  # by cases closed in the period
    decisions_on_time: Rate  # decided by the 7-day limit ÷ decided (applied in the period)
    lawyers_on_time: Rate  # lawyer assigned by the 3-day limit ÷ assigned
    by_form: dict = field(default_factory=dict)  # aid form → aided cases
    by_cause: dict = field(default_factory=dict)  # cause → aided cases
    by_outcome: dict = field(default_factory=dict)  # outcome → cases closed in the period


def _applied(period: Period) -> Q:
    return Q(applied_on__gte=period.start, applied_on__lte=period.end)


def _aided(period: Period) -> Q:
    """Applied in the period and granted legal aid."""
    return _applied(period) & aided_q()


def _free(period: Period) -> Q:
    """Aided and represented by the federation itself (免费代理)."""
    return _aided(period) & Q(provider=LegalAidCase.Provider.FEDERATION)


def _woman_client() -> Q:
    return Q(client__gender=Person.Gender.FEMALE)


def case_figures(cases: QuerySet[LegalAidCase], period: Period) -> CaseFigures:
    """Two queries: one aggregate, one grouped count."""
    cases = cases.active()
    applied = _applied(period)
    closed = Q(closed_on__gte=period.start, closed_on__lte=period.end)
    aided = _aided(period)
    free = _free(period)
    row = cases.filter(applied | closed).aggregate(
        applied=Count("id", filter=applied),
        aided=Count("id", filter=aided),
        refused=Count("id", filter=applied & Q(status=LegalAidCase.Status.REFUSED)),
        free_representation=Count("id", filter=free),
        free_litigation=Count("id", filter=free & Q(aid_form=LegalAidCase.AidForm.LITIGATION)),
        women_aided=Count("client", filter=aided & _woman_client(), distinct=True),
        clients_aided=Count("client", filter=aided, distinct=True),
        closed=Count("id", filter=closed),
        money_recovered=Sum("money_recovered", filter=closed),
        decided=Count("id", filter=applied & Q(decided_on__isnull=False)),
        decided_on_time=Count("id", filter=applied & Q(decided_on__lte=F("decision_due_on"))),
        assigned=Count("id", filter=applied & Q(lawyer_assigned_on__isnull=False)),
        assigned_on_time=Count("id", filter=applied & Q(lawyer_assigned_on__lte=F("assignment_due_on"))),
    )
    by_form, by_cause, by_outcome = Counter(), Counter(), Counter()
    grouped = (
        cases.filter(applied | closed)
        .values("aid_form", "cause", "outcome")
        .annotate(n_aided=Count("id", filter=aided), n_closed=Count("id", filter=closed))
        .order_by()
    )
    for g in grouped:
        by_form[g["aid_form"]] += g["n_aided"]
        by_cause[g["cause"]] += g["n_aided"]
        if g["outcome"]:
            by_outcome[g["outcome"]] += g["n_closed"]
    return CaseFigures(
        applied=row["applied"],
        aided=row["aided"],
        refused=row["refused"],
        free_representation=row["free_representation"],
        free_litigation=row["free_litigation"],
        women_aided=row["women_aided"],
        clients_aided=row["clients_aided"],
        closed=row["closed"],
        money_recovered=row["money_recovered"] or Decimal("0.00"),
        decisions_on_time=Rate(row["decided_on_time"], row["decided"]),
        lawyers_on_time=Rate(row["assigned_on_time"], row["assigned"]),
        by_form={k: v for k, v in by_form.items() if v},
        by_cause={k: v for k, v in by_cause.items() if v},
        by_outcome={k: v for k, v in by_outcome.items() if v},
    )


@dataclass(frozen=True)
class ProtectionOrderFigures:
    applied: int  # applications filed in the period
    federation_applied: int  # … filed by the federation on the victim's behalf
    granted: int  # granted in the period
    decided: int  # decided in the period
    in_force: int  # in force on the period's last day
    expiring_soon: int  # in force on the last day and expiring within 30 days of it

    @property
    def grant_rate(self) -> Rate:
        return Rate(self.granted, self.decided)


def _filed(period: Period) -> Q:
    return Q(filed_at__date__gte=period.start, filed_at__date__lte=period.end)


def protection_order_figures(orders: QuerySet[ProtectionOrder], period: Period) -> ProtectionOrderFigures:
    """One query."""
    orders = orders.active()
    filed = _filed(period)
    decided = Q(decided_on__gte=period.start, decided_on__lte=period.end)
    granted = Q(decision=ProtectionOrder.Decision.GRANTED)
    in_force = granted & Q(effective_from__lte=period.end, expires_on__gte=period.end)
    row = orders.aggregate(
        applied=Count("id", filter=filed),
        federation_applied=Count("id", filter=filed & Q(applicant=ProtectionOrder.Applicant.FEDERATION)),
        granted=Count("id", filter=decided & granted),
        decided=Count("id", filter=decided & ~Q(decision=ProtectionOrder.Decision.PENDING)),
        in_force=Count("id", filter=in_force),
        expiring_soon=Count(
            "id", filter=in_force & Q(expires_on__lte=period.end + timedelta(days=EXPIRING_WINDOW_DAYS))
        ),
    )
    return ProtectionOrderFigures(**row)


@dataclass(frozen=True)
class PoliceWarningFigures:
    issued: int  # warnings issued in the period
    federation_helped: int  # … that the federation helped obtain
    followed_up: int  # … with at least one follow-up visit


def _issued(period: Period) -> Q:
    return Q(issued_on__gte=period.start, issued_on__lte=period.end)


def police_warning_figures(warnings: QuerySet[PoliceWarning], period: Period) -> PoliceWarningFigures:
    """One query."""
    row = (
        warnings.active()
        .filter(_issued(period))
        .aggregate(
            issued=Count("id"),
            federation_helped=Count("id", filter=Q(federation_helped=True)),
            followed_up=Count("id", filter=Q(visits__isnull=False), distinct=True),
        )
    )
    return PoliceWarningFigures(**row)


@dataclass(frozen=True)
class JuryFigures:
    hearings: int  # hearings sat in the period (陪审)
    women_involved: int
    children_involved: int
    women_or_children: int
    active_assessors: int  # serving on the period's last day
    assessors_sitting: int  # distinct assessors who sat in the period
    assessors_at_limit: int  # serving assessors with 30 or more hearings in the period's year
    by_case_type: dict = field(default_factory=dict)


def _hearings_sat(assessors: QuerySet[Assessor], period: Period) -> QuerySet[AssessorHearing]:
    """Hearings in the period sat by the (active) assessors given; voided hearings count nowhere."""
    return AssessorHearing.objects.active().filter(
        assessor__in=assessors.active().values("pk"), heard_on__gte=period.start, heard_on__lte=period.end
    )


def jury_figures(assessors: QuerySet[Assessor], period: Period) -> JuryFigures:
    """Three queries: hearings aggregate, hearings by case type, assessors."""
    assessors = assessors.active()
    hearings = _hearings_sat(assessors, period)
    row = hearings.aggregate(
        n_hearings=Count("id"),
        n_women=Count("id", filter=Q(women_involved=True)),
        n_children=Count("id", filter=Q(children_involved=True)),
        n_women_or_children=Count("id", filter=Q(women_involved=True) | Q(children_involved=True)),
        n_assessors=Count("assessor", distinct=True),
    )
    by_type = {g["case_type"]: g["n"] for g in hearings.values("case_type").annotate(n=Count("id")).order_by()}
    serving = assessors.serving_on(period.end).annotate(
        n_year=Count(
            "hearings",
            filter=Q(hearings__heard_on__year=period.end.year, hearings__voided_at__isnull=True),
        )
    )
    people = serving.aggregate(active=Count("id"), at_limit=Count("id", filter=Q(n_year__gte=ASSESSOR_YEARLY_HEARINGS)))
    return JuryFigures(
        active_assessors=people["active"],
        assessors_at_limit=people["at_limit"],
        by_case_type=by_type,
        hearings=row["n_hearings"],
        women_involved=row["n_women"],
        children_involved=row["n_children"],
        women_or_children=row["n_women_or_children"],
        assessors_sitting=row["n_assessors"],
    )


def hearings_sat(hearings: QuerySet[AssessorHearing], period: Period) -> int:
    """How many of `hearings` count as sat in the period, as `jury_figures` counts them (one query)."""
    return hearings.filter(pk__in=_hearings_sat(Assessor.objects.all(), period).values("pk")).count()


@dataclass(frozen=True)
class LegalAidFigures:
    cases: CaseFigures
    protection_orders: ProtectionOrderFigures
    police_warnings: PoliceWarningFigures
    jury: JuryFigures


def legal_aid_figures(unit, period: Period) -> LegalAidFigures:
    """Every legal-aid figure of `unit` and the units under it (seven queries)."""
    return LegalAidFigures(
        cases=case_figures(LegalAidCase.objects.within(unit), period),
        protection_orders=protection_order_figures(ProtectionOrder.objects.within(unit), period),
        police_warnings=police_warning_figures(PoliceWarning.objects.within(unit), period),
        jury=jury_figures(Assessor.objects.within(unit), period),
    )


@dataclass(frozen=True)
class LegalAidBranch:
    """The headline legal-aid figures of one sub-unit (and everything under it)."""

    aided: int
    women_aided: int
    free_representation: int
    protection_orders_applied: int
    police_warnings: int
    jury_hearings: int


def legal_aid_by_branch(parent, period: Period) -> dict[str, LegalAidBranch]:
    """Headline figures for each direct sub-unit of `parent`, keyed by its path (four queries).

    The same definitions as `legal_aid_figures`; records of `parent` itself
    are keyed by `parent.path`.
    """
    cases = (
        LegalAidCase.objects.within(parent)
        .active()
        .filter(_aided(period))
        .by_branch(parent)
        .values("branch")
        .annotate(
            n=Count("id"),
            women=Count("client", filter=_woman_client(), distinct=True),
            free=Count("id", filter=_free(period)),
        )
        .order_by()
    )
    orders = (
        ProtectionOrder.objects.within(parent)
        .active()
        .filter(_filed(period))
        .by_branch(parent)
        .values("branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    warnings = (
        PoliceWarning.objects.within(parent)
        .active()
        .filter(_issued(period))
        .by_branch(parent)
        .values("branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    hearings = (
        _hearings_sat(Assessor.objects.within(parent), period)
        .by_branch(parent)
        .values("branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    return by_branch(
        LegalAidBranch,
        (cases, {"aided": "n", "women_aided": "women", "free_representation": "free"}),
        (orders, {"protection_orders_applied": "n"}),
        (warnings, {"police_warnings": "n"}),
        (hearings, {"jury_hearings": "n"}),
    )
