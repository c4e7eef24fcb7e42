"""Official documents (公文): editable templates, number sequences, and the copies issued.

A template is a version table: every save is a new `TemplateVersion` row, the
newest per kind is current, and an issued document keeps the version it was
filled from. Numbers (〔2025〕受字第12号) come from one `NumberCounter` row per
unit, kind and year, incremented under a row lock in the transaction that
stores the document: a rollback takes the number back with it, so numbers
have no gaps, and no two documents ever share one.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import OrgUnit, ScopedQuerySet


class DocumentTemplateQuerySet(models.QuerySet):
    def current(self, kind: str):
        """The newest version of `kind`'s template, or None."""
        return self.filter(kind=kind).order_by("-version").first()


class DocumentTemplate(models.Model):
    """One version of the text of a kind of document; never changed once saved."""

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=100)
    number_word = models.CharField(
        _("number word"),
        max_length=8,
        blank=True,
        help_text=_("The word of the document number, e.g. 受 in 〔2025〕受字第12号; blank: not numbered."),
    )
    body = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = DocumentTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="documenttemplate_version_unique")]

    def __str__(self):
        return f"{self.title} v{self.version}"


class DocumentProfile(models.Model):
    """How a unit signs its documents: the issuing authority's name and the prefix of its numbers."""

    org_unit = models.OneToOneField(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="document_profile"
    )
    issuer = models.CharField(
        _("issuing authority"),
        max_length=100,
        blank=True,
        help_text=_("As printed above the seal, e.g. 南雄市妇女联合会; blank: the unit's name followed by 妇联."),
    )
    number_prefix = models.CharField(
        _("number prefix"),
        max_length=20,
        blank=True,
        help_text=_("Printed before the year, e.g. 雄妇 in 雄妇〔2025〕受字第12号."),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document profile of a unit")
        verbose_name_plural = _("document profiles of units")

    def __str__(self):
        return str(self.org_unit)


class NumberCounter(models.Model):
    """The last number given to a kind of document by a unit in a year."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "kind", "year"], name="numbercounter_unique_unit_kind_year")
        ]

    def __str__(self):
        return f"{self.org_unit_id} {self.kind} {self.year}: {self.last}"


class IssuedDocumentQuerySet(ScopedQuerySet):
    scope_field = "org_unit"

    def for_record(self, record):
        """The documents issued on `record`, newest first, without their files (one query, no ContentType cache)."""
        meta = record._meta
        return (
            self.filter(
                content_type__app_label=meta.app_label, content_type__model=meta.model_name, object_id=record.pk
            )
            .defer("docx", "pdf")
            .select_related("issued_by")
            .order_by("-issued_at", "-pk")
        )


class IssuedDocument(models.Model):
    """A document as issued: its number, who issued it when, the template version, and the files."""

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"), null=True, blank=True)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    template = models.ForeignKey(
        DocumentTemplate, verbose_name=_("template version"), on_delete=models.PROTECT, related_name="documents"
    )
    issued_on = models.DateField(_("dated"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    reason = models.CharField(_("why issued again"), max_length=200, blank=True)
    docx = models.BinaryField(editable=False)
    pdf = models.BinaryField(editable=False)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "kind", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="issueddocument_number_unique",
            )
        ]

    def __str__(self):
        return f"{self.title} {self.number}".strip()
