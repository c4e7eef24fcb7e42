"""Legal-aid cases, police warnings, protection orders and people's assessors."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from directory.locking import VersionedModel
from directory.models import Agency, OrgUnit, Person, ScopedQuerySet, Volunteer
from directory.voiding import VoidableModel, VoidableQuerySetMixin
from petitions.models import Petition

from . import deadlines


def aided_q() -> Q:
    """Legal aid granted: decided and not refused. The one definition, for lists and figures."""
    return Q(decided_on__isnull=False) & ~Q(status=LegalAidCase.Status.REFUSED)


class LegalAidCaseQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def for_list(self):
        return self.select_related("org_unit", "client", "lawyer", "source_petition").defer("client__address")

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(reference__icontains=text)
            | Q(client__full_name__icontains=text)
            | Q(client__name_pinyin__startswith=text.lower())
            | Q(court_case_number__icontains=text)
        )

    def aided(self):
        """Cases where legal aid was granted (decided and not refused)."""
        return self.filter(aided_q())

    def awaiting_decision(self):
        return self.filter(status=LegalAidCase.Status.APPLIED)

    def awaiting_lawyer(self):
        return self.filter(status=LegalAidCase.Status.ACCEPTED, lawyer_assigned_on__isnull=True)

    def open_step_due_by(self, day: date):
        """Open cases whose current time limit (decision or lawyer) falls on or before `day`."""
        return self.filter(
            Q(status=LegalAidCase.Status.APPLIED, decision_due_on__lte=day)
            | Q(status=LegalAidCase.Status.ACCEPTED, lawyer_assigned_on__isnull=True, assignment_due_on__lte=day)
        )


class LegalAidCase(VersionedModel, VoidableModel):
    """One application for legal aid and the case that follows it."""

    class AidForm(models.TextChoices):
        CONSULTATION = "consultation", _("Legal consultation")
        DOCUMENTS = "documents", _("Drafting legal documents")
        LITIGATION = "litigation", _("Litigation representation")
        NON_LITIGATION = "non_litigation", _("Non-litigation representation")
        LABOUR = "labour", _("Labour mediation / arbitration representation")
        OTHER = "other", _("Other")

    class Cause(models.TextChoices):
        DIVORCE = "divorce", _("Divorce")
        DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
        CUSTODY = "custody", _("Custody")
        MAINTENANCE = "maintenance", _("Maintenance")
        VISITATION = "visitation", _("Visitation")
        PROPERTY = "property", _("Property division")
        INHERITANCE = "inheritance", _("Inheritance")
        LABOUR = "labour", _("Labour")
        INJURY = "injury", _("Personal injury")
        OTHER = "other", _("Other")

    class Provider(models.TextChoices):
        FEDERATION = "federation", _("Free representation by the federation (免费代理)")
        CENTRE = "centre", _("Through a legal-aid centre")

    class Eligibility(models.TextChoices):
        HARDSHIP = "hardship", _("Financial hardship")
        EXEMPT_ABUSE = "exempt_abuse", _("Exempt: victim of abuse")
        EXEMPT_ABANDONMENT = "exempt_abandonment", _("Exempt: victim of abandonment")
        EXEMPT_DV = "exempt_dv", _("Exempt: victim of domestic violence")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", pgettext_lazy("legal-aid case", "Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        WON = "won", _("Won")
        PARTLY_WON = "partly_won", _("Partly won")
        LOST = "lost", _("Lost")
        MEDIATED = "mediated", _("Settled by mediation")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference number"), max_length=30, unique=True, editable=False)
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        Person, verbose_name=_("client"), on_delete=models.PROTECT, related_name="legal_aid_cases"
    )
    source_petition = models.ForeignKey(
        Petition,
        verbose_name=_("source petition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    aid_form = models.CharField(_("aid form"), max_length=16, choices=AidForm.choices)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)
    provider = models.CharField(_("represented by"), max_length=12, choices=Provider.choices)
    eligibility = models.CharField(_("eligibility basis"), max_length=20, choices=Eligibility.choices)
    hardship_proof = models.CharField(
        _("proof of hardship seen"),
        max_length=200,
        blank=True,
        help_text=_("For example: dibao certificate, village committee's certificate of hardship."),
    )
    lawyer = models.ForeignKey(
        Volunteer,
        verbose_name=_("lawyer or volunteer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_aid_cases",
    )
    lawyer_name = models.CharField(
        _("lawyer (if not a volunteer)"), max_length=50, blank=True, help_text=_("Name and law firm.")
    )
    partner_agency = models.ForeignKey(
        Agency, verbose_name=_("partner agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    court = models.CharField(_("court"), max_length=100, blank=True)
    court_case_number = models.CharField(_("court case number"), max_length=60, blank=True)
    facts = models.TextField(_("facts and request"), blank=True)
    applied_on = models.DateField(_("applied on"))
    decision_due_on = models.DateField(_("decision due"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reasons for refusal"), blank=True)
    assignment_due_on = models.DateField(_("lawyer due"), null=True, blank=True)
    lawyer_assigned_on = models.DateField(_("lawyer assigned on"), null=True, blank=True)
    filed_on = models.DateField(_("filed with the court on"), null=True, blank=True)
    hearing_dates = models.CharField(
        _("hearing dates"), max_length=200, blank=True, help_text=_("YYYY-MM-DD, separated by commas.")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.APPLIED)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    money_recovered = models.DecimalField(_("money recovered (yuan)"), max_digits=12, decimal_places=2, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = LegalAidCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal-aid case")
        verbose_name_plural = _("legal-aid cases")
        ordering = ["-applied_on", "-pk"]
        indexes = [models.Index(fields=["org_unit", "status", "applied_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(eligibility="hardship") | ~Q(hardship_proof=""),
                name="legalaid_hardship_needs_proof",
            ),
            models.CheckConstraint(condition=Q(money_recovered__gte=0), name="legalaid_money_not_negative"),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("applied_on")),
                name="legalaid_decided_after_applying",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""), name="legalaid_refusal_has_reasons"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="legalaid_closed_has_outcome",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("legal_aid:case", args=[self.pk])

    @property
    def is_free_representation(self) -> bool:
        return self.provider == self.Provider.FEDERATION

    @property
    def eligibility_exempt(self) -> bool:
        return self.eligibility != self.Eligibility.HARDSHIP

    @property
    def lawyer_display(self) -> str:
        return self.lawyer.full_name if self.lawyer else self.lawyer_name

    def current_due_on(self) -> date | None:
        if self.status == self.Status.APPLIED:
            return self.decision_due_on
        if self.status == self.Status.ACCEPTED and self.lawyer_assigned_on is None:
            return self.assignment_due_on
        return None

    def clock(self, today: date) -> str | None:
        return deadlines.clock_state(self.current_due_on(), today)


class PoliceWarningQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def for_list(self):
        return (
            self.select_related("org_unit", "victim", "police_station")
            .annotate(n_visits=Count("visits"))
            .order_by("-issued_on", "-pk")
        )


class PoliceWarning(VersionedModel, VoidableModel):
    """A police warning (告诫书) issued to an abuser that the federation learned of or helped with."""

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    abuser_name = models.CharField(_("abuser's name"), max_length=50, blank=True)
    police_station = models.ForeignKey(
        Agency, verbose_name=_("police station"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    federation_helped = models.BooleanField(_("the federation helped obtain it"), default=False)
    legal_aid_case = models.ForeignKey(
        LegalAidCase,
        verbose_name=_("legal-aid case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="police_warnings",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    objects = PoliceWarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("police warning")
        verbose_name_plural = _("police warnings")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return _("Police warning of %(date)s") % {"date": self.issued_on}

    def get_absolute_url(self):
        return reverse("legal_aid:warning", args=[self.pk])


class FollowUpVisitQuerySet(ScopedQuerySet):
    scope_field = "warning__org_unit"


class FollowUpVisit(models.Model):
    """A follow-up visit to a victim after a police warning."""

    class By(models.TextChoices):
        VILLAGE = "village", _("Village / community committee")
        FEDERATION = "federation", _("Women's federation")
        POLICE = "police", _("Police")

    warning = models.ForeignKey(PoliceWarning, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    by = models.CharField(_("visited by"), max_length=12, choices=By.choices)
    notes = models.TextField(_("what was found"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = FollowUpVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["visited_on", "pk"]

    def __str__(self):
        return f"{self.visited_on} {self.get_by_display()}"


class ProtectionOrderQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def for_list(self):
        return self.select_related("org_unit", "victim", "legal_aid_case")

    def in_force_on(self, day: date):
        return self.filter(decision=ProtectionOrder.Decision.GRANTED, effective_from__lte=day, expires_on__gte=day)

    def expiring_within(self, day: date, days: int = deadlines.EXPIRING_WINDOW_DAYS):
        from datetime import timedelta

        return self.in_force_on(day).filter(expires_on__lte=day + timedelta(days=days))

    def reminders_due_on(self, day: date):
        """Orders in force whose follow-up-before-expiry date has come."""
        return self.in_force_on(day).filter(reminder_on__lte=day)


class ProtectionOrder(VersionedModel, VoidableModel):
    """An application for a personal-safety protection order (人身安全保护令)."""

    class Applicant(models.TextChoices):
        VICTIM = "victim", _("The victim herself")
        FEDERATION = "federation", _("The federation on her behalf")
        OTHER = "other", _("Other (police, village committee, relative)")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    respondent_name = models.CharField(_("respondent's name"), max_length=50, blank=True)
    applicant = models.CharField(_("applicant"), max_length=12, choices=Applicant.choices)
    court = models.CharField(_("court"), max_length=100)
    court_case_number = models.CharField(_("court case number"), max_length=60, blank=True)
    filed_at = models.DateTimeField(_("filed at"))
    urgent = models.BooleanField(_("urgent (decision within 24 hours)"), default=False)
    decision_due_at = models.DateTimeField(_("decision due"))
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    ban_violence = models.BooleanField(_("ban on violence"), default=False)
    ban_contact = models.BooleanField(_("ban on harassing, stalking or contacting"), default=False)
    move_out = models.BooleanField(_("order to move out"), default=False)
    other_measures = models.CharField(_("other measures"), max_length=200, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    reminder_on = models.DateField(_("follow up on"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    legal_aid_case = models.ForeignKey(
        LegalAidCase,
        verbose_name=_("legal-aid case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protection_orders",
    )
    source_petition = models.ForeignKey(
        Petition,
        verbose_name=_("source petition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    objects = ProtectionOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("protection order")
        verbose_name_plural = _("protection orders")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="granted") | (Q(effective_from__isnull=False) & Q(expires_on__isnull=False)),
                name="order_granted_has_term",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("effective_from")),
                name="order_expires_after_start",
            ),
        ]

    def __str__(self):
        return _("Protection order for %(name)s") % {"name": self.victim.full_name}

    def get_absolute_url(self):
        return reverse("legal_aid:order", args=[self.pk])

    def measures(self) -> list[str]:
        chosen = [
            (self.ban_violence, self._meta.get_field("ban_violence").verbose_name),
            (self.ban_contact, self._meta.get_field("ban_contact").verbose_name),
            (self.move_out, self._meta.get_field("move_out").verbose_name),
        ]
        labels = [str(label) for on, label in chosen if on]
        if self.other_measures:
            labels.append(self.other_measures)
        return labels

    def is_in_force(self, day: date) -> bool:
        return (
            self.decision == self.Decision.GRANTED
            and self.effective_from is not None
            and self.effective_from <= day <= self.expires_on
        )


class AssessorQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def for_register(self, year: int):
        return self.select_related("org_unit", "person", "staff_user").annotate(
            hearings_this_year=Count(
                "hearings", filter=Q(hearings__heard_on__year=year, hearings__voided_at__isnull=True)
            ),
            hearings_total=Count("hearings", filter=Q(hearings__voided_at__isnull=True)),
        )

    def serving_on(self, day: date):
        return self.filter(appointed_on__lte=day, term_ends_on__gte=day)


class Assessor(VersionedModel, VoidableModel):
    """A people's assessor (人民陪审员) from the federation."""

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("full name"), max_length=50)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    court = models.CharField(_("court"), max_length=100)
    appointed_on = models.DateField(_("appointed on"))
    term_ends_on = models.DateField(_("term ends on"), help_text=_("Five years after appointment unless given."))
    history = HistoricalRecords()

    objects = AssessorQuerySet.as_manager()

    class Meta:
        verbose_name = _("people's assessor")
        verbose_name_plural = _("people's assessors")
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(term_ends_on__gt=F("appointed_on")), name="assessor_term_after_start")
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("legal_aid:assessor", args=[self.pk])

    def warnings(self, today: date, hearings_this_year: int) -> list[str]:
        result = []
        if self.term_ends_on < today:
            result.append(_("Term ended on %(date)s") % {"date": self.term_ends_on.isoformat()})
        if hearings_this_year >= deadlines.ASSESSOR_YEARLY_HEARINGS:
            result.append(
                _("%(n)d hearings this year: the yearly limit of %(limit)d is reached")
                % {"n": hearings_this_year, "limit": deadlines.ASSESSOR_YEARLY_HEARINGS}
            )
        return result


class HearingQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    scope_field = "assessor__org_unit"

    def for_list(self):
        return self.select_related("assessor", "assessor__org_unit")


class AssessorHearing(VoidableModel):
    """A hearing a federation assessor sat in (陪审)."""

    class CaseType(models.TextChoices):
        CIVIL = "civil", _("Civil")
        CRIMINAL = "criminal", _("Criminal")
        ADMINISTRATIVE = "administrative", _("Administrative")

    assessor = models.ForeignKey(
        Assessor, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="hearings"
    )
    court = models.CharField(_("court"), max_length=100)
    court_case_number = models.CharField(_("court case number"), max_length=60)
    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    cause = models.CharField(_("cause"), max_length=100)
    heard_on = models.DateField(_("heard on"))
    women_involved = models.BooleanField(_("women's rights involved"), default=False)
    children_involved = models.BooleanField(_("children's rights involved"), default=False)
    panel_size = models.PositiveSmallIntegerField(_("panel size"), default=3)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessor hearing")
        verbose_name_plural = _("assessor hearings")
        ordering = ["-heard_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(panel_size__gte=3), name="hearing_panel_at_least_three"),
            models.UniqueConstraint(
                fields=["assessor", "court_case_number", "heard_on"],
                condition=Q(voided_at__isnull=True),
                name="hearing_once_per_assessor_day",
            ),
        ]

    def __str__(self):
        return f"{self.court_case_number} ({self.heard_on})"
