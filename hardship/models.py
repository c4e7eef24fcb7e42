"""Hardship support: programmes and their money, households, visits, housing, classes.

Money is yuan with two decimals. A programme's money is defined once, in
`ProgrammeQuerySet.with_money()`:

- **budget**: the amount the programme was given (the sum of its funding sources
  when those are recorded; the form keeps the two equal).
- **spent**: money that has left — the cash and goods value of every active
  assistance record, the cost of every active housing unit that is completed or
  handed over (its actual cost, else its planned cost), and the recorded cost
  of every active training class.
- **committed**: money promised but not yet spent — the planned cost of every
  active housing unit still planned or under construction.
- **remaining** = budget − committed − spent (negative when overspent).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.attachments import AttachmentBase
from directory.encryption import EncryptedCharField
from directory.locking import VersionedModel
from directory.models import OrgUnit, Person, ScopedQuerySet
from directory.voiding import VoidableModel, VoidableQuerySetMixin

ZERO = Decimal("0.00")


def money(label, **kwargs):
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(label, max_digits=12, decimal_places=2, **kwargs)


MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_per_programme(queryset, expression):
    """A correlated subquery: the sum of `expression` over `queryset` rows of the outer programme."""
    total = (
        queryset.filter(programme=OuterRef("pk"), voided_at__isnull=True)
        .order_by()
        .values("programme")
        .annotate(total=Sum(expression, output_field=MONEY))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


class FundingSource(models.TextChoices):
    HIGHER_FEDERATION = "higher_federation", _("Higher-level federation")
    CITY_FINANCE = "city_finance", _("City finance")
    DONATIONS = "donations", _("Donations")
    OTHER = "other", _("Other sources")


class ProgrammeQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def with_money(self):
        """Annotate budget arithmetic (see the module docstring for the definitions)."""
        done = [HousingUnit.Status.COMPLETED, HousingUnit.Status.HANDED_OVER]
        assistance = _sum_per_programme(Assistance.objects.all(), F("cash") + F("goods_value"))
        housing_spent = _sum_per_programme(
            HousingUnit.objects.filter(status__in=done), Coalesce("actual_cost", "planned_cost")
        )
        classes = _sum_per_programme(TrainingClass.objects.all(), F("cost"))
        committed = _sum_per_programme(HousingUnit.objects.exclude(status__in=done), F("planned_cost"))
        return self.annotate(
            spent=ExpressionWrapper(assistance + housing_spent + classes, output_field=MONEY),
            committed=committed,
        ).annotate(remaining=ExpressionWrapper(F("budget") - F("committed") - F("spent"), output_field=MONEY))

    def for_list(self):
        return self.select_related("org_unit").with_money()

    def running_in(self, period):
        return self.filter(year__gte=period.start.year, year__lte=period.end.year)


class Programme(VersionedModel, VoidableModel):
    """A support programme of one unit and year, with its money."""

    class Kind(models.TextChoices):
        SPRING_FESTIVAL = "spring_festival", _("Spring Festival condolence visits")
        HOUSING = "housing", _("Housing aid")
        WOMEN_CLASS = "women_class", _("Women's talent class")
        TRAINING = "training", _("Other training")
        EDUCATION = "education", _("Education aid")
        MEDICAL = "medical", _("Medical aid")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    budget = money(_("budget (yuan)"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-year", "name", "pk"]
        indexes = [models.Index(fields=["org_unit", "year", "kind"])]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="programme_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="programme_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hardship:programme", args=[self.pk])


class ProgrammeFundingQuerySet(ScopedQuerySet):
    scope_field = "programme__org_unit"


class ProgrammeFunding(models.Model):
    """How much of a programme's budget comes from one source."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="funding")
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = money(_("amount (yuan)"))
    history = HistoricalRecords()

    objects = ProgrammeFundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme funding")
        verbose_name_plural = _("programme funding")
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "source"], name="programme_funding_one_row_per_source"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="programme_funding_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"


class HouseholdQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def for_list(self):
        # The head's address is shown on her own record only: not decrypted for lists.
        return self.select_related("head", "org_unit").defer("head__address")

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        heads = Person.objects.search(text).values("pk")
        return self.filter(head__in=heads)


class Household(VersionedModel, VoidableModel):
    """A household helped by the federation; its head is a person in the directory."""

    head = models.ForeignKey(Person, verbose_name=_("head of household"), on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    size = models.PositiveSmallIntegerField(_("household size"), default=1)
    is_single_parent = models.BooleanField(_("single-parent"), default=False)
    is_extremely_poor = models.BooleanField(_("extremely poor (tekun)"), default=False)
    is_low_income = models.BooleanField(_("low-income (dibao)"), default=False)
    has_disability = models.BooleanField(_("disability"), default=False)
    has_illness = models.BooleanField(_("serious illness"), default=False)
    income_notes = models.TextField(_("income notes"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One household per head, ever: a voided household keeps its head so
            # that it can be un-voided rather than registered twice.
            models.UniqueConstraint(fields=["head"], name="household_one_per_head"),
            models.CheckConstraint(condition=Q(size__gte=1), name="household_size_at_least_one"),
        ]

    def __str__(self):
        return str(_("Household of %(name)s") % {"name": self.head.full_name})

    def get_absolute_url(self):
        return reverse("hardship:household", args=[self.pk])

    def circumstance_labels(self):
        flags = [
            (self.is_single_parent, _("single-parent")),
            (self.is_extremely_poor, _("extremely poor (tekun)")),
            (self.is_low_income, _("low-income (dibao)")),
            (self.has_disability, _("disability")),
            (self.has_illness, _("serious illness")),
        ]
        return [label for on, label in flags if on]


class HouseholdMemberQuerySet(ScopedQuerySet):
    scope_field = "household__org_unit"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(_("relation to the head"), max_length=20)
    history = HistoricalRecords()

    objects = HouseholdMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [models.UniqueConstraint(fields=["household", "person"], name="household_member_once")]

    def __str__(self):
        return f"{self.relation} {self.person_id}"


def single_poor_mother_q() -> Q:
    """Assistance to a household headed by a single-parent, extremely poor woman (单亲特困母亲)."""
    return Q(
        household__head__gender=Person.Gender.FEMALE,
        household__is_single_parent=True,
        household__is_extremely_poor=True,
    )


class AssistanceQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    scope_field = "programme__org_unit"

    def for_list(self):
        return self.select_related("programme", "household__head", "household__org_unit").defer(
            "household__head__address"
        )

    def given_in(self, period):
        return self.filter(given_on__gte=period.start, given_on__lte=period.end)


class Assistance(VersionedModel, VoidableModel):
    """A condolence visit or a disbursement to a household under a programme."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Condolence visit")
        DISBURSEMENT = "disbursement", _("Disbursement")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="assistance"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="assistance"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.VISIT)
    given_on = models.DateField(_("date"))
    cash = money(_("cash (yuan)"))
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    goods_value = money(_("goods value (yuan)"))
    visited_by = models.CharField(_("visited by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = AssistanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["programme", "household"]), models.Index(fields=["given_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(cash__gte=0) & Q(goods_value__gte=0), name="assistance_not_negative"),
        ]

    def __str__(self):
        return f"{self.given_on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("hardship:assistance", args=[self.pk])

    @property
    def total_value(self):
        return self.cash + self.goods_value


class Receipt(AttachmentBase):
    """The signed receipt of an assistance record, scanned."""

    assistance = models.ForeignKey(Assistance, on_delete=models.PROTECT, related_name="receipts")

    class Meta(AttachmentBase.Meta):
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")


class HousingUnitQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    scope_field = "programme__org_unit"

    def for_list(self):
        return self.select_related("programme", "household__head").defer("household__head__address")


class HousingUnit(VersionedModel, VoidableModel):
    """A home (安居房) built or repaired for a household under a housing programme."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        BUILDING = "building", _("Under construction")
        COMPLETED = "completed", _("Completed")
        HANDED_OVER = "handed_over", _("Handed over")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="housing_units"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="housing_units"
    )
    # The home of a poor household: encrypted at rest like a person's address (directory.encryption).
    address = EncryptedCharField(_("address"), max_length=200)
    unit_label = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("Building and room, if any."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    planned_on = models.DateField(_("planned on"))
    started_on = models.DateField(_("construction started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    planned_cost = money(_("planned cost (yuan)"))
    actual_cost = money(_("actual cost (yuan)"), null=True, blank=True, default=None)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = HousingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("housing unit")
        verbose_name_plural = _("housing units")
        ordering = ["-planned_on", "-pk"]
        constraints = [
            # The status order, planned → building → completed → handed over,
            # is written in the dates: each later status needs the earlier dates.
            models.CheckConstraint(
                condition=Q(status="planned")
                | Q(status="building", started_on__isnull=False)
                | Q(status="completed", started_on__isnull=False, completed_on__isnull=False)
                | Q(
                    status="handed_over",
                    started_on__isnull=False,
                    completed_on__isnull=False,
                    handed_over_on__isnull=False,
                ),
                name="housing_status_has_its_dates",
            ),
            models.CheckConstraint(
                condition=Q(handed_over_on__isnull=True) | Q(handed_over_on__gte=F("completed_on")),
                name="housing_handed_over_after_completion",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="housing_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_cost__gte=0) & (Q(actual_cost__isnull=True) | Q(actual_cost__gte=0)),
                name="housing_cost_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.address} {self.unit_label}".strip()

    def get_absolute_url(self):
        return reverse("hardship:housing_unit", args=[self.pk])


class HousingFundingQuerySet(ScopedQuerySet):
    scope_field = "housing_unit__programme__org_unit"


class HousingFunding(models.Model):
    housing_unit = models.ForeignKey(HousingUnit, on_delete=models.PROTECT, related_name="funding")
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = money(_("amount (yuan)"))
    history = HistoricalRecords()

    objects = HousingFundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("housing funding")
        verbose_name_plural = _("housing funding")
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(fields=["housing_unit", "source"], name="housing_funding_one_row_per_source"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="housing_funding_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"


class TrainingClassQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    scope_field = "programme__org_unit"


class TrainingClass(VersionedModel, VoidableModel):
    """A cohort of a training programme (女子成才班 …)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="classes"
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    venue = models.CharField(_("venue"), max_length=100, blank=True)
    cost = money(_("cost (yuan)"), help_text=_("What the class has cost so far; counts as spent."))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = TrainingClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="class_capacity_at_least_one"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="class_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="class_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hardship:training_class", args=[self.pk])


class EnrolmentQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    scope_field = "training_class__programme__org_unit"

    def for_list(self):
        return self.select_related("training_class__programme", "student", "household__head").defer(
            "student__address", "household__head__address"
        )

    def taking_a_seat(self):
        """Enrolments that fill a seat of the class: active and not dropped out."""
        return self.active().exclude(status=Enrolment.Status.DROPPED)


class Enrolment(VersionedModel, VoidableModel):
    """A student in a class; after graduation, her job and whether her household left poverty."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        GRADUATED = "graduated", _("Graduated")
        DROPPED = "dropped", _("Dropped out")

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="enrolments"
    )
    student = models.ForeignKey(Person, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        help_text=_("The student's household, if it is registered."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ENROLLED)
    enrolled_on = models.DateField(_("enrolled on"))
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped out on"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    employed_on = models.DateField(_("employed on"), null=True, blank=True)
    lifted_out_on = models.DateField(_("household left poverty on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["student__name_pinyin", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "student"],
                condition=Q(voided_at__isnull=True),
                name="enrolment_once_per_class",
            ),
            models.CheckConstraint(
                condition=Q(status="enrolled", graduated_on__isnull=True, dropped_on__isnull=True)
                | Q(status="graduated", graduated_on__isnull=False, dropped_on__isnull=True)
                | Q(status="dropped", dropped_on__isnull=False, graduated_on__isnull=True),
                name="enrolment_status_has_its_date",
            ),
            models.CheckConstraint(
                condition=Q(employed_on__isnull=True) | Q(status="graduated", employed_on__gte=F("graduated_on")),
                name="enrolment_employed_after_graduation",
            ),
            models.CheckConstraint(
                condition=Q(lifted_out_on__isnull=True)
                | Q(employed_on__isnull=False, household__isnull=False, lifted_out_on__gte=F("employed_on")),
                name="enrolment_lifted_out_after_employment",
            ),
        ]

    def __str__(self):
        return f"{self.student.full_name} · {self.training_class.name}"

    def get_absolute_url(self):
        return reverse("hardship:training_class", args=[self.training_class_id]) + f"#enrolment-{self.pk}"
