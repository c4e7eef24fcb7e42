"""Petition figures: pure functions of a scoped queryset and a period.

Definitions (DESIGN.md), always over petitions *received in the period*,
voided ones excluded, and judged as at the period's end:

- resolution rate (办结率) = concluded by the period end ÷ received;
- reply rate (答复率) = with a written reply or notice by the period end ÷ received;
- on-time rate (按期办结率) = concluded within their time limit ÷ concluded;
- satisfaction rate (满意率) = (satisfied + basically satisfied) ÷ rated;
- referral adequacy = adequate replies ÷ replies received by the period end.

`petition_figures` runs three queries whatever the data size.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, F, Max, Q, QuerySet, Sum

from directory.figures import Rate
from directory.listing import first_rows
from directory.periods import Period
from directory.reference import local_name

from .models import Petition, Referral

S = Petition.Status


@dataclass(frozen=True)
class PetitionFigures:
    period: Period
    received: int
    headcount: int
    by_channel: dict  # channel value -> count, every channel present
    by_nature: dict
    by_category: dict  # category name (in the active language) -> count (only those with petitions), largest first
    by_subcategory: dict
    by_level: dict  # level settled at -> count of concluded
    collective: int
    collective_headcount: int
    repeat: int
    leader_reception: int
    leader_reception_headcount: int
    major: int
    accepted: int
    not_accepted: int
    forwarded: int
    concluded: int
    replied: int
    concluded_on_time: int
    rated: int
    satisfied: int
    basically_satisfied: int
    not_satisfied: int
    overdue_at_end: int
    days_to_conclude_total: int
    referrals: int
    referrals_answered: int
    referrals_adequate: int
    referrals_overdue_at_end: int

    @property
    def resolution_rate(self) -> Rate:
        return Rate(self.concluded, self.received)

    @property
    def reply_rate(self) -> Rate:
        return Rate(self.replied, self.received)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.concluded_on_time, self.concluded)

    @property
    def satisfaction_rate(self) -> Rate:
        return Rate(self.satisfied + self.basically_satisfied, self.rated)

    @property
    def referral_adequacy_rate(self) -> Rate:
        return Rate(self.referrals_adequate, self.referrals_answered)

    @property
    def average_days_to_conclude(self) -> Decimal | None:
        if not self.concluded:
            return None
        return (Decimal(self.days_to_conclude_total) / self.concluded).quantize(Decimal("0.1"), ROUND_HALF_UP)


def concluded_by(end) -> Q:
    """Concluded (办结) on or before `end`."""
    return Q(concluded_on__isnull=False, concluded_on__lte=end)


def replied_by(end) -> Q:
    """With a written reply or notice (件件有回音) on or before `end`."""
    return Q(replied_on__isnull=False, replied_on__lte=end)


def on_time_by(end) -> Q:
    """Concluded on or before `end`, and within the time limit it was running against (按期办结)."""
    return concluded_by(end) & (
        Q(conclusion_due_on__isnull=False, concluded_on__lte=F("conclusion_due_on"))
        | Q(conclusion_due_on__isnull=True, concluded_on__lte=F("decision_due_on"))
    )


def overdue_at(end) -> Q:
    """Still open on `end` and past the time limit it was running against then (期末超期)."""
    deadline_missed = (Q(accepted_on__lte=end) & Q(conclusion_due_on__lt=end)) | (
        (Q(accepted_on__isnull=True) | Q(accepted_on__gt=end)) & Q(decision_due_on__lt=end)
    )
    still_open = ~concluded_by(end) & ~Q(status__in=[S.NOT_ACCEPTED, S.FORWARDED])
    return still_open & deadline_missed


def _counts(field: str, choices, base: Q) -> dict:
    return {f"{field}__{value}": Count("pk", filter=base & Q(**{field: value})) for value in choices}


def petition_figures(petitions: QuerySet[Petition], period: Period) -> PetitionFigures:
    """The figures of `petitions` (already scoped) received in `period`, as at its end."""
    end = period.end
    received = petitions.active().received_in(period)
    concluded = concluded_by(end)
    accepted = Q(accepted_on__isnull=False, accepted_on__lte=end)
    row = received.aggregate(
        received=Count("pk"),
        headcount_total=Sum("headcount", default=0),
        collective=Count("pk", filter=Q(is_collective=True)),
        collective_headcount=Sum("headcount", filter=Q(is_collective=True), default=0),
        repeat=Count("pk", filter=Q(repeat_of__isnull=False)),
        leader_reception=Count("pk", filter=Q(channel=Petition.Channel.RECEPTION_DAY)),
        leader_reception_headcount=Sum("headcount", filter=Q(channel=Petition.Channel.RECEPTION_DAY), default=0),
        major=Count("pk", filter=Q(is_major=True)),
        accepted=Count("pk", filter=accepted),
        not_accepted=Count("pk", filter=Q(status=S.NOT_ACCEPTED)),
        forwarded=Count("pk", filter=Q(status=S.FORWARDED)),
        concluded=Count("pk", filter=concluded),
        replied=Count("pk", filter=replied_by(end)),
        concluded_on_time=Count("pk", filter=on_time_by(end)),
        rated=Count("pk", filter=concluded & ~Q(satisfaction="")),
        satisfied=Count("pk", filter=concluded & Q(satisfaction=Petition.Satisfaction.SATISFIED)),
        basically_satisfied=Count("pk", filter=concluded & Q(satisfaction=Petition.Satisfaction.BASICALLY)),
        not_satisfied=Count("pk", filter=concluded & Q(satisfaction=Petition.Satisfaction.NOT_SATISFIED)),
        overdue_at_end=Count("pk", filter=overdue_at(end)),
        **_counts("channel", Petition.Channel.values, Q()),
        **_counts("nature", Petition.Nature.values, Q()),
        **_counts("settled_level", Petition.Level.values, concluded),
        # Summed in the database, in the same pass: pulling every (received, concluded) pair
        # into Python, or a second scan of the period, cost seconds at a city's year of a
        # million-row table.
        days_total=Sum(F("concluded_on") - F("received_on"), filter=concluded, output_field=DurationField()),
    )
    days_total = row.pop("days_total")
    days_total = days_total.days if days_total else 0

    def pick(prefix):
        return {k.split("__", 1)[1]: row.pop(k) for k in [k for k in row if k.startswith(prefix + "__")]}

    by_channel, by_nature, by_level = pick("channel"), pick("nature"), pick("settled_level")
    row["headcount"] = row.pop("headcount_total")
    # One pass for both breakdowns: the (category, subcategory) pairs, added up here.
    pairs = (
        received.annotate(c=local_name("category__"), s=local_name("subcategory__"))
        .values_list("c", "category__order", "category_id", "s", "subcategory__order", "subcategory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    categories, subcategories = {}, {}
    for name, order, pk, sub_name, sub_order, sub_pk, n in pairs:
        categories.setdefault((order, pk, name), [0])[0] += n
        if sub_pk is not None:
            subcategories.setdefault((sub_order, sub_pk, sub_name), [0])[0] += n

    def largest_first(counts):
        ranked = sorted(counts.items(), key=lambda item: (-item[1][0], item[0][0], item[0][1]))
        return {name: n for (_order, _pk, name), (n,) in ranked}

    by_category, by_subcategory = largest_first(categories), largest_first(subcategories)
    # Joined, not `petition__in=(subquery)`: the period's date bound then reaches the index.
    referrals = Referral.objects.filter(
        petition__in=received.values("pk"),
        petition__received_on__gte=period.start,
        petition__received_on__lte=end,
        referred_on__lte=end,
    ).aggregate(
        referrals=Count("pk"),
        referrals_answered=Count("pk", filter=Q(replied_on__lte=end)),
        referrals_adequate=Count("pk", filter=Q(replied_on__lte=end, adequate=True)),
        referrals_overdue_at_end=Count(
            "pk", filter=Q(reply_due_on__lt=end) & (Q(replied_on__isnull=True) | Q(replied_on__gt=end))
        ),
    )
    return PetitionFigures(
        period=period,
        by_channel=by_channel,
        by_nature=by_nature,
        by_level=by_level,
        by_category=by_category,
        by_subcategory=by_subcategory,
        days_to_conclude_total=days_total,
        **row,
        **referrals,
    )


@dataclass(frozen=True)
class ListRates:
    """The summary line of a petition list: the dashboard's definitions, judged as at `as_of`."""

    as_of: date
    received: int
    headcount: int
    concluded: int
    resolution_rate: Rate
    reply_rate: Rate
    on_time_rate: Rate


def list_rates(
    petitions: QuerySet[Petition], as_of: date, limit: int | None = None, unfiltered: bool = False
) -> ListRates | None:
    """Count, headcount and the rates of whatever a list is filtered to, as at `as_of` (one query).

    A list opened for a period passes the period's end, so that it repeats the
    dashboard's figures for that period; an open-ended list passes today, and a
    `limit`: past `limit` rows it is not summed (None), the query stopping there
    (`directory.listing.first_rows`, told whether the list is `unfiltered`).
    """
    if limit is not None:
        petitions = first_rows(petitions, limit, unfiltered)
    row = petitions.aggregate(
        received=Count("pk"),
        headcount=Sum("headcount", default=0),
        concluded=Count("pk", filter=concluded_by(as_of)),
        replied=Count("pk", filter=replied_by(as_of)),
        on_time=Count("pk", filter=on_time_by(as_of)),
    )
    if limit is not None and row["received"] > limit:
        return None
    return ListRates(
        as_of=as_of,
        received=row["received"],
        headcount=row["headcount"],
        concluded=row["concluded"],
        resolution_rate=Rate(row["concluded"], row["received"]),
        reply_rate=Rate(row["replied"], row["received"]),
        on_time_rate=Rate(row["on_time"], row["concluded"]),
    )


def latest_received(petitions: QuerySet[Petition]) -> date | None:
    """The day the latest (non-voided) petition was received (one query)."""
    return petitions.active().aggregate(latest=Max("received_on"))["latest"]


@dataclass(frozen=True)
class BranchFigures:
    """The headline petition figures of one sub-unit (and everything under it) for a period."""

    received: int
    concluded: int
    replied: int
    overdue_at_end: int  # received in the period, still open and past its deadline at the period's end

    @property
    def resolution_rate(self) -> Rate:
        return Rate(self.concluded, self.received)

    @property
    def reply_rate(self) -> Rate:
        return Rate(self.replied, self.received)


@dataclass(frozen=True)
class BranchFiguresNow(BranchFigures):
    """A sub-unit's figures for the period being reported, with what stands open today."""

    open_overdue: int  # still open and past its deadline on `today`


def petition_figures_by_branch(
    petitions: QuerySet[Petition], period: Period, parent, today=None
) -> dict[str, BranchFigures]:
    """Headline figures for each direct sub-unit of `parent`, keyed by the sub-unit's path (one query).

    `petitions` is already scoped to `parent`'s subtree; petitions logged at
    `parent` itself are keyed by `parent.path`. Given `today`, each also
    counts the petitions open past their deadline today (`BranchFiguresNow`):
    pass it for the period being reported only, never for a past one such as
    last year's, which has no "now".
    """
    end = period.end
    in_period = Q(received_on__gte=period.start, received_on__lte=end)
    counts = {
        "received": Count("pk", filter=in_period),
        "concluded": Count("pk", filter=in_period & concluded_by(end)),
        "replied": Count("pk", filter=in_period & replied_by(end)),
        "overdue_at_end": Count("pk", filter=in_period & overdue_at(end)),
    }
    figures_class = BranchFigures
    bound = in_period  # in SQL's WHERE too, so that the date index bounds the rows read
    if today is not None:
        open_overdue = Q(status__in=Petition.OPEN_STATUSES, due_on__lt=today)
        counts["open_overdue"] = Count("pk", filter=open_overdue)
        bound |= open_overdue
        figures_class = BranchFiguresNow
    rows = petitions.active().filter(bound).by_branch(parent).values("branch").annotate(**counts).order_by()
    return {row.pop("branch"): figures_class(**row) for row in rows}


@dataclass(frozen=True)
class MonthFigures:
    year: int
    month: int
    received: int
    concluded: int  # of those received that month, concluded by the period end


def petition_months(petitions: QuerySet[Petition], period: Period) -> tuple[MonthFigures, ...]:
    """Petitions received in each month of the period, and how many of them were concluded (one query)."""
    from django.db.models.functions import ExtractMonth, ExtractYear

    rows = {
        (row["y"], row["m"]): row
        for row in petitions.active()
        .received_in(period)
        .annotate(y=ExtractYear("received_on"), m=ExtractMonth("received_on"))
        .values("y", "m")
        .annotate(received=Count("pk"), concluded=Count("pk", filter=concluded_by(period.end)))
        .order_by()
    }
    return tuple(
        MonthFigures(y, m, rows.get((y, m), {}).get("received", 0), rows.get((y, m), {}).get("concluded", 0))
        for y, m in period.months()
    )


@dataclass(frozen=True)
class HandlerLoad:
    handler_id: int
    name: str
    open: int
    overdue: int
    due_soon: int


def workload_by_handler(petitions: QuerySet[Petition], today) -> tuple[HandlerLoad, ...]:
    """Open petitions per current handler, with how many are overdue or due within 7 days (one query)."""
    from datetime import timedelta

    from .deadlines import DUE_SOON_DAYS

    soon = today + timedelta(days=DUE_SOON_DAYS)
    rows = (
        petitions.active()
        .open()
        .filter(handler__isnull=False)
        .values("handler", "handler__first_name", "handler__last_name", "handler__username")
        .annotate(
            n_open=Count("pk"),
            n_overdue=Count("pk", filter=Q(due_on__lt=today)),
            n_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
        )
        .order_by("-n_open", "handler__username")
    )
    return tuple(
        HandlerLoad(
            r["handler"],
            (r["handler__last_name"] + r["handler__first_name"]) or r["handler__username"],
            r["n_open"],
            r["n_overdue"],
            r["n_soon"],
        )
        for r in rows
    )
