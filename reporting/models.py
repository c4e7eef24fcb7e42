from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.locking import VersionedModel
from directory.models import OrgUnit, ScopedQuerySet
from directory.periods import Period

LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]


class PeriodFields(models.Model):
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    period_kind = models.CharField(_("period"), max_length=8, choices=list(Period.KINDS.items()), default="custom")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="zh-hans")

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end, self.period_kind)


class ReportDraft(VersionedModel, PeriodFields):
    """A work summary being edited: generated paragraphs plus free text."""

    document = models.JSONField(_("document"))
    # The figures the text was generated from, frozen with it: issuing never recounts.
    figures = models.JSONField(_("figures"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "figures"])  # figures never change

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="draft_period_order")
        ]

    def __str__(self):
        return f"{self.org_unit} {self.period_start}–{self.period_end}"

    def get_absolute_url(self):
        return reverse("reporting:draft", args=[self.pk])


class IssuedReport(PeriodFields):
    """A frozen, versioned report: text and figures exactly as issued."""

    number = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("document"))
    figures = models.JSONField(_("figures"), default=dict)
    docx = models.BinaryField(editable=False)
    pdf = models.BinaryField(editable=False)
    xlsx = models.BinaryField(editable=False)
    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, related_name="issued", verbose_name=_("draft"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period_start", "period_end", "language", "number"],
                name="issued_report_version_unique",
            )
        ]

    def __str__(self):
        return f"{self.document.get('title', '')} v{self.number}"

    def get_absolute_url(self):
        return reverse("reporting:issued", args=[self.pk])
