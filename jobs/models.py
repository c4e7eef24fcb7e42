"""A job: long work (an export, a report file) done outside the request, with its progress and its file."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import OrgUnit, ScopedQuerySet


class JobQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A job is its owner's: inside the owner's scope (the one rule) and then hers alone."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return super().visible_to(user).filter(owner=user)

    def for_list(self):
        return self.select_related("owner").order_by("-created_at", "-pk")


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("File removed")

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        REPORT = "report", _("Report file")
        IMPORT = "import", _("Import")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="jobs"
    )
    # The owner's unit when the job started: the scope it is fetched through.
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    # What to run (a function marked @job_runner, by dotted path) and its arguments: all the
    # worker needs to redo the job from scratch, in another process, after a restart.
    runner = models.CharField(max_length=200, editable=False)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=16, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Relative to MEDIA_ROOT (private: no URL serves it; the download view checks the scope).
    result_path = models.CharField(max_length=300, blank=True, editable=False)
    result_name = models.CharField(_("file name"), max_length=255, blank=True)
    result_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The page that shows what the job did (an import's batch), set by the app that started it;
    # a job may make no file at all, its result being that page.
    result_url = models.CharField(_("result page"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["rows_done", "rows_total"])
    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def has_file(self) -> bool:
        return self.status == self.Status.DONE and bool(self.result_name)

    @property
    def percent(self) -> int | None:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return None
        return min(100, self.rows_done * 100 // self.rows_total)


class ScheduledRun(models.Model):
    """One row per scheduled task and day: the in-process scheduler runs each daily task once."""

    name = models.CharField(max_length=100)
    on = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "on"], name="scheduledrun_once_a_day")]

    def __str__(self):
        return f"{self.name} {self.on:%Y-%m-%d}"


class DailyNotice(models.Model):
    """One reminder of a kind per user per day (jobs.notices): a daily task run twice sends once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "on"], name="dailynotice_once_a_day")]

    def __str__(self):
        return f"{self.user} {self.kind} {self.on:%Y-%m-%d}"
