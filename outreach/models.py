"""Legal publicity: campaigns, events, cadre training (the service-point
network itself lives in `directory`)."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.attachments import AttachmentBase
from directory.locking import VersionedModel
from directory.models import Agency, OrgUnit, ScopedQuerySet, Volunteer
from directory.reference import LocalisedName, book_title
from directory.voiding import VoidableModel, VoidableQuerySetMixin


class Law(LocalisedName, models.Model):
    """A law or regulation that publicity and training promote (reference data)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return book_title(self.local_name)


class CampaignQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def for_list(self):
        return (
            self.select_related("org_unit")
            .annotate(n_events=Count("events", filter=Q(events__voided_at__isnull=True), distinct=True))
            .order_by("-year", "kind", "name", "pk")
        )


class Campaign(VersionedModel, VoidableModel):
    """A recurring publicity campaign of one unit in one year (三八维权周 2025)."""

    class Kind(models.TextChoices):
        MARCH_8 = "march8", _("March 8 rights week")
        JUNE_26 = "june26", _("June 26 anti-drug day")
        DECEMBER_4 = "dec4", _("December 4 Constitution Day")
        TOUR = "tour", _("Community / village rights-education tour")
        SAFE_FAMILY = "safe_family", _("Safe families")
        ZERO_DV = "zero_dv", _("Zero-domestic-violence communities")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1990) & Q(year__lte=2100), name="campaign_year_sane"),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    def get_absolute_url(self):
        return reverse("outreach:campaign", args=[self.pk])


class EventQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def held_in(self, period):
        return self.filter(held_on__gte=period.start, held_on__lte=period.end)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(place__icontains=text) | Q(summary__icontains=text))

    def for_list(self):
        return self.select_related("org_unit", "campaign").prefetch_related(
            Prefetch("partners", queryset=Agency.objects.only("pk", "name").order_by("name")),
            Prefetch("laws", queryset=Law.objects.order_by("sort_order", "name")),
        )


class Event(VersionedModel, VoidableModel):
    """One publicity activity: a street stand, a lecture, a performance …"""

    class Kind(models.TextChoices):
        PUBLIC_PLACE = "public_place", _("Publicity in a public place")
        LECTURE = "lecture", _("Lecture")
        PERFORMANCE = "performance", _("Performance")
        TRAINING = "training", _("Training")
        MEDIA = "media", _("Media")
        HOTLINE = "hotline", _("Hotline promotion")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="outreach_events"
    )
    covered_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("units covered"),
        blank=True,
        related_name="+",
        help_text=_("For a tour: the townships, subdistricts or villages it visited."),
    )
    partners = models.ManyToManyField(Agency, verbose_name=_("partner agencies"), blank=True, related_name="+")
    laws = models.ManyToManyField(Law, verbose_name=_("laws promoted"), blank=True, related_name="events")
    volunteers = models.ManyToManyField(
        Volunteer, verbose_name=_("volunteers who took part"), blank=True, related_name="outreach_events"
    )
    audience = models.PositiveIntegerField(_("audience"), default=0, help_text=_("People reached (person-times)."))
    leaflets = models.PositiveIntegerField(_("leaflets handed out"), default=0)
    materials = models.PositiveIntegerField(_("other materials handed out"), default=0)
    performances = models.PositiveSmallIntegerField(_("performances"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicity event")
        verbose_name_plural = _("publicity events")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["org_unit", "held_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outreach:event", args=[self.pk])


class EventPhoto(AttachmentBase):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="photos", verbose_name=_("event"))

    class Meta(AttachmentBase.Meta):
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")


class TrainingQuerySet(VoidableQuerySetMixin, ScopedQuerySet):
    def held_in(self, period):
        return self.filter(starts_on__gte=period.start, starts_on__lte=period.end)

    def search(self, text: str):
        text = (text or "").strip()
        return self.filter(Q(title__icontains=text) | Q(topics__icontains=text)) if text else self

    def for_list(self):
        return (
            self.select_related("org_unit")
            .annotate(n_trainees=Count("trainees", distinct=True))
            .order_by("-starts_on", "-pk")
        )


class TrainingSession(VersionedModel, VoidableModel):
    """A training class for federation cadres (以会代训 counts too)."""

    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="cadre_trainings"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    laws = models.ManyToManyField(Law, verbose_name=_("laws taught"), blank=True, related_name="trainings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre training session")
        verbose_name_plural = _("cadre training sessions")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_ends_after_start"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outreach:training", args=[self.pk])


class TraineeQuerySet(ScopedQuerySet):
    scope_field = "session__org_unit"


class Trainee(models.Model):
    """One cadre at one session: a staff user, or a named cadre without an account."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="trainees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=50)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("job title"), max_length=50, blank=True)
    history = HistoricalRecords()

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="trainee_has_a_name"),
            models.UniqueConstraint(
                fields=["session", "user"], condition=Q(user__isnull=False), name="trainee_user_once_per_session"
            ),
        ]

    def __str__(self):
        return self.full_name
