"""Petitions (信访): the register, its timeline, referrals and reception days."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from directory import versioned_cache
from directory.attachments import AttachmentBase
from directory.locking import VersionedModel
from directory.models import Agency, OrgUnit, Person, ScopedQuerySet
from directory.reference import LocalisedName
from directory.voiding import VoidableModel, VoidableQuerySetMixin

from .deadlines import DUE_SOON_DAYS, WorkingCalendar, clock_state

HEADCOUNT_MESSAGE = _("The headcount is at least 1.")


class Category(LocalisedName, models.Model):
    """Two-level taxonomy: a top category (no parent) and its sub-categories."""

    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("petition category")
        verbose_name_plural = _("petition categories")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_per_parent")]

    def __str__(self):
        return self.local_name


class ReceptionDayQuerySet(ScopedQuerySet):
    def with_counts(self):
        active = Q(petitions__voided_at__isnull=True)
        return self.annotate(
            n_petitions=Count("petitions", filter=active),
            n_people=models.Sum("petitions__headcount", filter=active),
        )


class ReceptionDay(models.Model):
    """A leader reception day (领导接访): a leader receives petitioners at a place on a day."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="reception_days"
    )
    on = models.DateField(_("date"))
    leader = models.CharField(_("leader"), max_length=50)
    leader_title = models.CharField(_("leader's title"), max_length=50, blank=True)
    place = models.CharField(_("place"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    objects = ReceptionDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("leader reception day")
        verbose_name_plural = _("leader reception days")
        ordering = ["-on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "on", "leader"], name="receptionday_unique_leader_day")
        ]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.leader}"

    def get_absolute_url(self):
        return reverse("petitions:reception_day", args=[self.pk])


# The shortest text the register's search looks for in references, facts and requests.
MIN_WORDS = 3
# A whole reference number (`services.reference_prefix`-year-serial): found by its unique index.
WHOLE_REFERENCE = re.compile(r"(U\d+|\d{6}|\d{9}|\d{12})-\d{4}-\d{4,}")


class PetitionQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    scope_field = "org_unit"

    def received_in(self, period):
        return self.filter(received_on__gte=period.start, received_on__lte=period.end)

    def open(self):
        return self.filter(status__in=Petition.OPEN_STATUSES)

    def overdue(self, today: date):
        return self.open().filter(due_on__lt=today)

    def due_soon(self, today: date):
        return self.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))

    def on_track(self, today: date):
        return self.open().filter(Q(due_on__gt=today + timedelta(days=DUE_SOON_DAYS)) | Q(due_on__isnull=True))

    def with_clock(self, state: str, today: date):
        return {"overdue": self.overdue, "due_soon": self.due_soon, "on_track": self.on_track}[state](today)

    def for_list(self):
        return self.select_related("org_unit", "category", "subcategory", "handler").prefetch_related(
            models.Prefetch(
                "parties",
                queryset=PetitionParty.objects.select_related("person").defer("person__address").order_by("pk"),
                to_attr="party_list",
            )
        )

    def search(self, text: str):
        """By reference, petitioner name or pinyin, phone, ID number, or words in the facts.

        Words (reference, facts, request) are searched from `MIN_WORDS` characters on: a
        trigram index cannot find a shorter fragment, and reading a million petitions' facts
        for one takes seconds. A name is found from one character on (directory.NameGrams).
        A whole reference number is looked up by its own index, not among the words.
        """
        text = (text or "").strip()
        if not text:
            return self
        if WHOLE_REFERENCE.fullmatch(text.upper()):
            return self.filter(reference=text.upper())
        people = Person.objects.search(text).order_by()
        by_people = PetitionParty.objects.order_by().filter(person__in_first=people.values("pk")).values("petition_id")
        # The petitions found are gathered first (`in_first`), then read by their key and sorted:
        # never the whole register walked in its order, each row tested against the search.
        if len(text) < MIN_WORDS:
            return self.filter(pk__in_first=by_people)
        # A UNION of two index searches (trigram indexes on PostgreSQL: migrations
        # petitions 0004 and directory 0012): an OR with the parties' subquery would
        # make the database test every petition in turn.
        by_words = (
            Petition.objects.order_by()
            .filter(Q(reference__icontains=text) | Q(facts__icontains=text) | Q(request__icontains=text))
            .values("pk")
        )
        return self.filter(pk__in_first=by_words.union(by_people))


class Petition(VersionedModel, VoidableModel):
    """A letter, visit, call or other matter brought to a federation unit."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone")
        HOTLINE = "hotline", _("Hotline 12338")
        ONLINE = "online", _("Online")
        FAX = "fax", _("Fax")
        RECEPTION_DAY = "reception_day", _("Leader reception day")
        HOME_VISIT = "home_visit", _("Home visit")
        ASSIGNED = "assigned", _("Assigned from above")

    class Nature(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        ACCUSATION = "accusation", _("Accusation")
        CLAIM = "claim", _("Claim")

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        FORWARDED = "forwarded", _("Forwarded")
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_APPROVAL = "awaiting_approval", _("Conclusion awaiting approval")
        CONCLUDED = "concluded", _("Concluded")
        REVIEW = "review", _("Under review")
        RE_REVIEW = "re_review", _("Under re-review")

    class Outcome(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        EXPLAINED = "explained", _("Explained")
        NOT_SUPPORTED = "not_supported", _("Not supported")
        MEDIATED = "mediated", _("Mediated agreement")

    class Level(models.TextChoices):
        VILLAGE = "village", _("Village")
        TOWNSHIP = "township", _("Township")
        DISTRICT = "district", _("District")
        CITY = "city", _("City")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        NOT_SATISFIED = "not_satisfied", _("Not satisfied")

    class ReplyMethod(models.TextChoices):
        IN_PERSON = "in_person", _("Handed over in person")
        POST = "post", _("By post")
        PHONE = "phone", _("By phone")
        ONLINE = "online", _("Online")

    OPEN_STATUSES = (
        Status.REGISTERED,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.AWAITING_APPROVAL,
        Status.REVIEW,
        Status.RE_REVIEW,
    )

    reference = models.CharField(_("reference number"), max_length=40, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    serial = models.PositiveIntegerField(editable=False)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="petitions"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    received_time = models.TimeField(_("received at"), null=True, blank=True)
    petitioners = models.ManyToManyField(
        Person, through="PetitionParty", related_name="petitions", verbose_name=_("petitioners")
    )
    headcount = models.PositiveSmallIntegerField(
        _("headcount (person-times)"), default=1, help_text=_("How many people came or wrote (人次).")
    )
    is_collective = models.BooleanField(
        _("collective"), default=False, help_text=_("Several people over one matter (集体访).")
    )
    nature = models.CharField(_("nature"), max_length=16, choices=Nature.choices)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="petitions",
        limit_choices_to={"parent__isnull": True},
    )
    subcategory = models.ForeignKey(
        Category,
        verbose_name=_("sub-category"),
        on_delete=models.PROTECT,
        related_name="sub_petitions",
        null=True,
        blank=True,
        limit_choices_to={"parent__isnull": False},
    )
    facts = models.TextField(_("facts"))
    request = models.TextField(_("request"), blank=True, help_text=_("What she asks for (诉求)."))
    risk_level = models.CharField(_("risk level"), max_length=8, choices=Risk.choices, default=Risk.LOW)
    risk_reason = models.CharField(_("reason for the risk level"), max_length=200, blank=True)
    is_major = models.BooleanField(
        _("major petition"), default=False, help_text=_("Must be reported upward at once (重大信访).")
    )
    is_litigation = models.BooleanField(
        _("litigation-related"),
        default=False,
        help_text=_("To be routed to court, procuratorate or police (涉法涉诉)."),
    )
    first_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first-contact staff member"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        related_name="handled_petitions",
        null=True,
        blank=True,
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
        help_text=_("An earlier petition by the same person on the same matter (重复信访)."),
    )
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("leader reception day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)

    # The workflow's dates; services keep them, and `due_on` is whichever
    # deadline the petition's status is running against (NULL when closed).
    decision_due_on = models.DateField(_("acceptance decision due"), null=True, blank=True, editable=False)
    objection_due_on = models.DateField(_("objection to assignment due"), null=True, blank=True, editable=False)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    conclusion_due_on = models.DateField(_("conclusion due"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("next deadline"), null=True, blank=True, editable=False, db_index=True)
    deadline_estimated = models.BooleanField(
        _("deadline estimated"),
        default=False,
        editable=False,
        help_text=_("The official calendar does not cover a year of a deadline; weekdays were assumed."),
    )
    not_accepted_reason = models.TextField(_("why not accepted, and where to apply"), blank=True, editable=False)
    forwarded_to = models.ForeignKey(
        OrgUnit,
        verbose_name=_("forwarded to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    extension_requested_on = models.DateField(_("extension requested on"), null=True, blank=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), null=True, blank=True, editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extension requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    extension_approved_on = models.DateField(_("extension approved on"), null=True, blank=True, editable=False)
    replied_on = models.DateField(_("replied on"), null=True, blank=True, editable=False)
    reply_method = models.CharField(
        _("reply delivered"), max_length=16, choices=ReplyMethod.choices, blank=True, editable=False
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True, editable=False)
    settled_level = models.CharField(
        _("level settled at"), max_length=16, choices=Level.choices, blank=True, editable=False
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True, editable=False
    )
    review_requested_on = models.DateField(_("review requested on"), null=True, blank=True, editable=False)
    review_decided_on = models.DateField(_("review decided on"), null=True, blank=True, editable=False)
    re_review_requested_on = models.DateField(_("re-review requested on"), null=True, blank=True, editable=False)
    re_review_decided_on = models.DateField(_("re-review decided on"), null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-serial", "-pk"]
        indexes = [
            models.Index(fields=["org_unit", "status", "received_on"]),
            # A period's petitions of a few units (a township's, a district's): the units are checked in
            # the index, so only their rows are read, not the whole period's (received_on alone read
            # 143k rows for a township's 886 at a million petitions).
            models.Index(fields=["received_on", "org_unit"], name="petition_received_unit"),
            # Open and overdue lists and counts read only the open petitions.
            models.Index(
                fields=["due_on"],
                condition=Q(
                    status__in=["registered", "accepted", "in_progress", "awaiting_approval", "review", "re_review"],
                    voided_at__isnull=True,
                ),
                name="petition_open_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "serial"], name="petition_serial_unique_per_unit_year"),
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="petition_headcount_at_least_one",
                violation_error_message=HEADCOUNT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(extension_days__isnull=True) | Q(extension_days__gte=1, extension_days__lte=30),
                name="petition_extension_at_most_30_days",
            ),
            models.CheckConstraint(
                condition=~Q(status="concluded") | Q(concluded_on__isnull=False),
                name="petition_concluded_has_date",
            ),
        ]
        permissions = [("approve_petition", _("Can approve extensions and conclusions of petitions"))]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("petitions:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES and not self.is_voided

    @property
    def is_repeat(self) -> bool:
        return self.repeat_of_id is not None

    @property
    def extension_pending(self) -> bool:
        return self.extension_requested_on is not None and self.extension_approved_on is None

    def clock(self, today: date):
        return clock_state(self.due_on, today, closed=not self.is_open)


class PetitionPartyQuerySet(ScopedQuerySet):
    scope_field = "petition__org_unit"


class PetitionParty(models.Model):
    """A person on a petition, in a role."""

    class Role(models.TextChoices):
        PETITIONER = "petitioner", _("Petitioner")
        VICTIM = "victim", _("Victim")
        RESPONDENT = "respondent", _("Respondent")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PETITIONER)
    history = HistoricalRecords()

    objects = PetitionPartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party to a petition")
        verbose_name_plural = _("parties to petitions")
        constraints = [
            models.UniqueConstraint(fields=["petition", "person", "role"], name="petitionparty_unique_role"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class ActionQuerySet(ScopedQuerySet):
    scope_field = "petition__org_unit"


class Action(models.Model):
    """One step on a petition's timeline, written with the change it records."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("Registered")
        ACCEPT = "accept", _("Accepted")
        NOT_ACCEPT = "not_accept", _("Not accepted")
        FORWARD = "forward", _("Forwarded")
        START = "start", _("Handling started")
        REFER = "refer", _("Referred to an agency")
        REFER_LEGAL_AID = "refer_legal_aid", _("Referred to legal aid")
        AGENCY_REPLY = "agency_reply", _("Agency replied")
        REMIND = "remind", _("Agency reminded")
        MEDIATE = "mediate", _("Mediation")
        INVESTIGATE = "investigate", _("Investigation")
        REPLY = "reply", _("Replied to the petitioner")
        REQUEST_EXTENSION = "request_extension", _("Extension requested")
        APPROVE_EXTENSION = "approve_extension", _("Extension approved")
        REFUSE_EXTENSION = "refuse_extension", _("Extension refused")
        CONCLUDE = "conclude", _("Concluded")
        SUBMIT_CONCLUSION = "submit_conclusion", _("Conclusion submitted for approval")
        APPROVE_CONCLUSION = "approve_conclusion", _("Conclusion approved")
        RETURN_CONCLUSION = "return_conclusion", _("Conclusion sent back")
        RATE = "rate", _("Satisfaction recorded")
        REVIEW_REQUEST = "review_request", _("Review requested")
        REVIEW_DECISION = "review_decision", _("Review decided")
        RE_REVIEW_REQUEST = "re_review_request", _("Re-review requested")
        RE_REVIEW_DECISION = "re_review_decision", _("Re-review decided")
        ESCALATE = "escalate", _("Escalated")
        NOTE = "note", _("Note")
        VOID = "void", _("Voided")

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("what"), max_length=24, choices=Kind.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition action")
        verbose_name_plural = _("petition actions")
        ordering = ["on", "at", "pk"]
        indexes = [models.Index(fields=["petition", "kind"])]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"

    def detail_text(self) -> str:
        """What the move recorded, in words (the satisfaction, the outcome, the days …); no queries."""
        detail = self.detail or {}
        labels = [
            (Petition.Satisfaction, detail.get("satisfaction")),
            (Petition.Outcome, detail.get("outcome")),
            (Petition.Level, detail.get("level")),
            (Petition.ReplyMethod, detail.get("method")),
        ]
        parts = [str(dict(choices.choices).get(value, value)) for choices, value in labels if value]
        if detail.get("days"):
            parts.append(ngettext("%(n)d day", "%(n)d days", detail["days"]) % {"n": detail["days"]})
        if detail.get("to_unit_name"):
            parts.append(detail["to_unit_name"])
        if detail.get("adequate") is not None:
            parts.append(str(_("adequate") if detail["adequate"] else _("inadequate")))
        return " · ".join(parts)


class ReferralQuerySet(ScopedQuerySet):
    scope_field = "petition__org_unit"

    def unanswered(self):
        return self.filter(replied_on__isnull=True)

    def overdue(self, today: date):
        return self.unanswered().filter(reply_due_on__lt=today, petition__voided_at__isnull=True)


class Referral(models.Model):
    """A matter referred to a partner agency, followed up until it replies (督办)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="referrals")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField(_("referred on"))
    asked = models.TextField(_("what was asked"))
    reply_due_on = models.DateField(_("reply due"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_text = models.TextField(_("the agency's reply"), blank=True)
    adequate = models.BooleanField(_("reply adequate"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["referred_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_due_on__isnull=True) | Q(reply_due_on__gte=models.F("referred_on")),
                name="referral_due_after_referral",
            )
        ]

    def __str__(self):
        return f"{self.agency} {self.referred_on:%Y-%m-%d}"


class PetitionAttachmentQuerySet(ScopedQuerySet):
    scope_field = "petition__org_unit"


class PetitionAttachment(AttachmentBase):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")

    objects = PetitionAttachmentQuerySet.as_manager()

    class Meta(AttachmentBase.Meta):
        verbose_name = _("petition attachment")
        verbose_name_plural = _("petition attachments")


class CalendarDay(models.Model):
    """A day whose working status differs from the package's calendar, or a later year's holiday or 调休."""

    day = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working calendar")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"


class CalendarYear(models.Model):
    """A year the office has entered in the working calendar table in full (beyond the package)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("covered calendar year")
        verbose_name_plural = _("covered calendar years")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)


CALENDAR_VERSION = versioned_cache.Version("petitions:calendar")


def calendar_from_db() -> WorkingCalendar:
    """The package calendar with the office's table on top.

    Read from the two tables (two small queries), or, with a cache shared by every
    server process, from the cache under the calendar's version, which every save or
    delete of a `CalendarDay` or `CalendarYear` bumps (`directory.versioned_cache`).
    """
    shared = versioned_cache.shared()
    if shared:
        key = f"petitions:calendar:{CALENDAR_VERSION.current()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    calendar = WorkingCalendar(
        overrides=dict(CalendarDay.objects.values_list("day", "is_working")),
        extra_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
    )
    if shared:
        cache.set(key, calendar, timeout=7 * 24 * 3600)
    return calendar


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def _calendar_changed(**kwargs):
    CALENDAR_VERSION.bump_at_write_and_commit()


class ReminderLog(models.Model):
    """One reminder e-mail per user per day, so that the daily command is idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    n_due = models.PositiveIntegerField(default=0)
    n_overdue = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="reminderlog_once_a_day")]

    def __str__(self):
        return f"{self.user} {self.on:%Y-%m-%d}"


# The workflow as data: each move (an action kind) is allowed from these
# statuses and leads to that status (None: the status does not change).
S = Petition.Status
K = Action.Kind
HANDLING = (S.ACCEPTED, S.IN_PROGRESS)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    K.ACCEPT: ((S.REGISTERED,), S.ACCEPTED),
    K.NOT_ACCEPT: ((S.REGISTERED,), S.NOT_ACCEPTED),
    K.FORWARD: ((S.REGISTERED, S.ACCEPTED), S.FORWARDED),
    K.START: ((S.ACCEPTED,), S.IN_PROGRESS),
    K.REFER: (HANDLING, S.IN_PROGRESS),
    K.REFER_LEGAL_AID: (HANDLING, S.IN_PROGRESS),
    K.MEDIATE: (HANDLING, S.IN_PROGRESS),
    K.INVESTIGATE: (HANDLING, S.IN_PROGRESS),
    K.AGENCY_REPLY: ((*HANDLING, S.AWAITING_APPROVAL, S.CONCLUDED), None),
    K.REMIND: ((*HANDLING, S.AWAITING_APPROVAL), None),
    K.REPLY: (
        (*HANDLING, S.AWAITING_APPROVAL, S.CONCLUDED, S.NOT_ACCEPTED, S.FORWARDED, S.REVIEW, S.RE_REVIEW),
        None,
    ),
    K.REQUEST_EXTENSION: (HANDLING, None),
    K.APPROVE_EXTENSION: (HANDLING, None),
    K.REFUSE_EXTENSION: (HANDLING, None),
    # A consultation answered on the spot is concluded straight from registered.
    K.CONCLUDE: ((S.REGISTERED, *HANDLING), S.CONCLUDED),
    K.SUBMIT_CONCLUSION: (HANDLING, S.AWAITING_APPROVAL),
    K.APPROVE_CONCLUSION: ((S.AWAITING_APPROVAL,), S.CONCLUDED),
    K.RETURN_CONCLUSION: ((S.AWAITING_APPROVAL,), S.IN_PROGRESS),
    K.RATE: ((S.CONCLUDED,), None),
    K.REVIEW_REQUEST: ((S.CONCLUDED,), S.REVIEW),
    K.REVIEW_DECISION: ((S.REVIEW,), S.CONCLUDED),
    K.RE_REVIEW_REQUEST: ((S.CONCLUDED,), S.RE_REVIEW),
    K.RE_REVIEW_DECISION: ((S.RE_REVIEW,), S.CONCLUDED),
    K.ESCALATE: (Petition.OPEN_STATUSES, None),
    K.NOTE: (tuple(S.values), None),
}
del S, K, HANDLING


def allowed_moves(status: str) -> set[str]:
    return {kind for kind, (sources, _to) in TRANSITIONS.items() if status in sources}
