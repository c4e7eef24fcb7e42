"""Hardship figures: pure functions `(already-scoped queryset, period) -> frozen dataclass`.

Each function runs a fixed number of queries whatever the row count, and
ignores voided records. Money is Decimal yuan. Budget arithmetic (committed,
spent, remaining) is defined once, in `hardship.models.ProgrammeQuerySet.with_money`.

    figures = hardship_figures(**querysets_within(unit), period=Period.year(2025))
    figures.assistance.spring_festival_single_poor_mothers   # 65
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from directory.figures import Rate, by_branch
from directory.models import Person
from directory.periods import Period

from .models import (
    MONEY,
    ZERO,
    Assistance,
    Enrolment,
    FundingSource,
    HousingFunding,
    HousingUnit,
    Programme,
    single_poor_mother_q,
)


def _in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _money(expression):
    return Coalesce(Sum(expression, output_field=MONEY), Value(ZERO), output_field=MONEY)


# Assistance ------------------------------------------------------------------


@dataclass(frozen=True)
class AssistanceFigures:
    records: int  # visits and disbursements given in the period
    visits: int  # condolence visits among them
    households_assisted: int  # distinct households given anything
    cash: Decimal
    goods_value: Decimal
    # Distinct households headed by a woman flagged single-parent and extremely
    # poor (单亲特困母亲) that were given anything, in any programme …
    single_poor_mothers_visited: int
    # … and under Spring-Festival programmes ("春节期间慰问了65户单亲特困母亲").
    spring_festival_single_poor_mothers: int
    spring_festival_single_poor_mother_visits: int  # … and the visits and disbursements they were given
    records_by_programme_kind: dict  # Programme.Kind value -> records
    households_by_programme_kind: dict  # Programme.Kind value -> distinct households

    @property
    def total_value(self) -> Decimal:
        return self.cash + self.goods_value


def _spring_festival() -> Q:
    return Q(programme__kind=Programme.Kind.SPRING_FESTIVAL)


def assistance_figures(assistance: QuerySet[Assistance], period: Period) -> AssistanceFigures:
    """Two queries."""
    rows = assistance.active().given_in(period)
    mother, spring = single_poor_mother_q(), _spring_festival()
    totals = rows.aggregate(
        records=Count("pk"),
        visits=Count("pk", filter=Q(kind=Assistance.Kind.VISIT)),
        households_assisted=Count("household", distinct=True),
        cash=_money("cash"),
        goods_value=_money("goods_value"),
        single_poor_mothers_visited=Count("household", distinct=True, filter=mother),
        spring_festival_single_poor_mothers=Count("household", distinct=True, filter=mother & spring),
        spring_festival_single_poor_mother_visits=Count("pk", filter=mother & spring),
    )
    records = dict.fromkeys(Programme.Kind.values, 0)
    households = dict.fromkeys(Programme.Kind.values, 0)
    for kind, n, h in (
        rows.order_by()
        .values_list("programme__kind")
        .annotate(n=Count("pk"), h=Count("household", distinct=True))
        .values_list("programme__kind", "n", "h")
    ):
        records[kind], households[kind] = n, h
    return AssistanceFigures(**totals, records_by_programme_kind=records, households_by_programme_kind=households)


# Housing -------------------------------------------------------------------


@dataclass(frozen=True)
class HousingFigures:
    by_status: dict  # HousingUnit.Status value -> units in that status at the end of the period
    started: int  # construction started in the period
    completed: int  # completed in the period (built: "共建了5套安居房")
    handed_over: int  # handed over in the period
    completed_cost: Decimal  # actual (else planned) cost of the units completed in the period
    # For units completed in the period: how many had money from each source, and how much.
    completed_by_source: dict  # FundingSource value -> units
    funding_by_source: dict  # FundingSource value -> yuan


def housing_figures(units: QuerySet[HousingUnit], period: Period) -> HousingFigures:
    """Three queries. A unit's status at the period's end is read from its dates."""
    units = units.active()
    end = period.end
    status_at_end = Case(
        When(handed_over_on__lte=end, then=Value(HousingUnit.Status.HANDED_OVER)),
        When(completed_on__lte=end, then=Value(HousingUnit.Status.COMPLETED)),
        When(started_on__lte=end, then=Value(HousingUnit.Status.BUILDING)),
        default=Value(HousingUnit.Status.PLANNED),
    )
    by_status = dict.fromkeys(HousingUnit.Status.values, 0)
    for status, n in (
        units.filter(planned_on__lte=end)
        .order_by()
        .annotate(status_at_end=status_at_end)
        .values_list("status_at_end")
        .annotate(n=Count("pk"))
        .values_list("status_at_end", "n")
    ):
        by_status[status] = n
    completed_q = _in("completed_on", period)
    totals = units.aggregate(
        started=Count("pk", filter=_in("started_on", period)),
        completed=Count("pk", filter=completed_q),
        handed_over=Count("pk", filter=_in("handed_over_on", period)),
        completed_cost=Coalesce(
            Sum(Coalesce("actual_cost", "planned_cost"), filter=completed_q, output_field=MONEY),
            Value(ZERO),
            output_field=MONEY,
        ),
    )
    completed_by_source = dict.fromkeys(FundingSource.values, 0)
    funding_by_source = dict.fromkeys(FundingSource.values, ZERO)
    for source, n, amount in (
        HousingFunding.objects.filter(housing_unit__in=units.filter(completed_q).values("pk"), amount__gt=0)
        .order_by()
        .values_list("source")
        .annotate(n=Count("housing_unit", distinct=True), amount=_money("amount"))
        .values_list("source", "n", "amount")
    ):
        completed_by_source[source], funding_by_source[source] = n, amount
    return HousingFigures(
        by_status=by_status, **totals, completed_by_source=completed_by_source, funding_by_source=funding_by_source
    )


# Training -------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingFigures:
    enrolled: int  # enrolled in the period
    poor_female_enrolled: int  # … women flagged poor, low-income or extremely poor (self or household)
    graduated: int  # graduated in the period
    dropped_out: int  # dropped out in the period
    employed: int  # graduates whose job started in the period ("输送一人")
    households_lifted_out: int  # distinct households that left poverty in the period ("脱贫一户")
    graduates_employed: int  # of those graduated in the period, employed by its end
    enrolled_by_programme_kind: dict  # Programme.Kind value -> enrolled in the period

    @property
    def employment_rate(self) -> Rate:
        """Graduates of the period with a job by its end ÷ graduates of the period."""
        return Rate(self.graduates_employed, self.graduated)


def poor_woman_student() -> Q:
    """A woman student flagged poor, low-income or extremely poor, herself or her household."""
    poor = (
        Q(student__is_poor=True)
        | Q(student__is_low_income=True)
        | Q(student__is_extremely_poor=True)
        | Q(household__is_extremely_poor=True)
        | Q(household__is_low_income=True)
    )
    return Q(student__gender=Person.Gender.FEMALE) & poor


def training_figures(enrolments: QuerySet[Enrolment], period: Period) -> TrainingFigures:
    """Two queries."""
    rows = enrolments.active()
    enrolled_q = _in("enrolled_on", period)
    graduated_q = _in("graduated_on", period)
    totals = rows.aggregate(
        enrolled=Count("pk", filter=enrolled_q),
        poor_female_enrolled=Count("pk", filter=enrolled_q & poor_woman_student()),
        graduated=Count("pk", filter=graduated_q),
        dropped_out=Count("pk", filter=_in("dropped_on", period)),
        employed=Count("pk", filter=_in("employed_on", period)),
        households_lifted_out=Count("household", distinct=True, filter=_in("lifted_out_on", period)),
        graduates_employed=Count("pk", filter=graduated_q & Q(employed_on__lte=period.end)),
    )
    by_kind = dict.fromkeys(Programme.Kind.values, 0)
    for kind, n in (
        rows.filter(enrolled_q)
        .order_by()
        .values_list("training_class__programme__kind")
        .annotate(n=Count("pk"))
        .values_list("training_class__programme__kind", "n")
    ):
        by_kind[kind] = n
    return TrainingFigures(**totals, enrolled_by_programme_kind=by_kind)


# Budgets -------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeBudget:
    programme_id: int
    name: str
    kind: str
    year: int
    budget: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class BudgetFigures:
    programmes: tuple  # of ProgrammeBudget, by year, kind and name
    budget: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal


def budget_figures(programmes: QuerySet[Programme], period: Period) -> BudgetFigures:
    """One query: every active programme whose year falls in the period, with its money to date."""
    rows = tuple(
        ProgrammeBudget(**row)
        for row in programmes.active()
        .running_in(period)
        .with_money()
        .order_by("year", "kind", "name", "pk")
        .values("name", "kind", "year", "budget", "committed", "spent", "remaining", programme_id=F("pk"))
    )
    total = {k: sum((getattr(r, k) for r in rows), ZERO) for k in ("budget", "committed", "spent", "remaining")}
    return BudgetFigures(programmes=rows, **total)


# All of it -----------------------------------------------------------------


@dataclass(frozen=True)
class HardshipFigures:
    assistance: AssistanceFigures
    housing: HousingFigures
    training: TrainingFigures
    budgets: BudgetFigures


def querysets_within(unit) -> dict:
    """The four querysets of `unit` and every unit under it, as `hardship_figures` takes them."""
    return {
        "programmes": Programme.objects.within(unit),
        "assistance": Assistance.objects.within(unit),
        "housing_units": HousingUnit.objects.within(unit),
        "enrolments": Enrolment.objects.within(unit),
    }


def hardship_figures(
    *,
    programmes: QuerySet[Programme],
    assistance: QuerySet[Assistance],
    housing_units: QuerySet[HousingUnit],
    enrolments: QuerySet[Enrolment],
    period: Period,
) -> HardshipFigures:
    """Eight queries."""
    return HardshipFigures(
        assistance=assistance_figures(assistance, period),
        housing=housing_figures(housing_units, period),
        training=training_figures(enrolments, period),
        budgets=budget_figures(programmes, period),
    )


# By sub-unit ----------------------------------------------------------------


@dataclass(frozen=True)
class HardshipBranch:
    """The headline hardship figures of one sub-unit (and everything under it), by the programme's unit."""

    households_assisted: int
    spring_festival_single_poor_mothers: int
    housing_completed: int
    poor_female_enrolled: int


def hardship_by_branch(parent, period: Period) -> dict[str, HardshipBranch]:
    """Headline figures for each direct sub-unit of `parent`, keyed by its path (three queries)."""
    assistance = (
        Assistance.objects.within(parent)
        .active()
        .given_in(period)
        .by_branch(parent)
        .values("branch")
        .annotate(
            households=Count("household", distinct=True),
            mothers=Count("household", distinct=True, filter=single_poor_mother_q() & _spring_festival()),
        )
        .order_by()
    )
    housing = (
        HousingUnit.objects.within(parent)
        .active()
        .filter(_in("completed_on", period))
        .by_branch(parent)
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by()
    )
    students = (
        Enrolment.objects.within(parent)
        .active()
        .filter(_in("enrolled_on", period) & poor_woman_student())
        .by_branch(parent)
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return by_branch(
        HardshipBranch,
        (assistance, {"households_assisted": "households", "spring_festival_single_poor_mothers": "mothers"}),
        (housing, {"housing_completed": "n"}),
        (students, {"poor_female_enrolled": "n"}),
    )
