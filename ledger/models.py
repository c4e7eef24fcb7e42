"""An import of an office's Excel or CSV ledger (台账): the batch, its previewed rows, the records it made."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import OrgUnit, ScopedQuerySet
from jobs.models import Job


class ImportBatchQuerySet(ScopedQuerySet):
    def for_list(self):
        return self.select_related("org_unit", "created_by").defer("rows")


class ImportBatch(models.Model):
    """One uploaded file: previewed first, then imported all at once, and undone as a whole if need be."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        UNREADABLE = "unreadable", _("Could not be read")
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")
        UNDONE = "undone", _("Undone")

    kind = models.CharField(_("kind of records"), max_length=32)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="import_batches"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # The parsed rows and each one's result, so that confirming needs no re-upload.
    rows = models.JSONField(default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.TextField(_("reason for undoing"), blank=True)
    # A large file is checked, and imported, by a background job: the latest one, for its progress.
    job = models.ForeignKey(
        Job, verbose_name=_("background job"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["rows"])

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["org_unit", "created_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("ledger:batch", args=[self.pk])


class ImportedRecord(models.Model):
    """A record a batch created (a petition, a case …), so that the batch can be undone."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")
    line = models.PositiveIntegerField(_("line"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        ordering = ["batch", "line", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.batch_id}:{self.line}"
