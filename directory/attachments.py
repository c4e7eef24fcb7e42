"""Uploaded files on case records: checked by content, size-limited, served
only through a view that has already scoped the record, every download logged.

An app declares its own concrete model with a foreign key to its record:

    class PetitionAttachment(AttachmentBase):
        petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")

and serves it with `attachment_response(request, attachment)` after fetching
it through the record's `visible_to(user)`.
"""

import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .privacy import log_access

# What offices attach: scans and photos, audio of a call, office documents.
ALLOWED_TYPES = {
    "application/pdf": _("PDF"),
    "image/jpeg": _("JPEG image"),
    "image/png": _("PNG image"),
    "image/gif": _("GIF image"),
    "image/webp": _("WebP image"),
    "image/tiff": _("TIFF image"),
    "audio/mpeg": _("MP3 audio"),
    "audio/x-wav": _("WAV audio"),
    "audio/mp4": _("M4A audio"),
    "audio/amr": _("AMR audio"),
    "application/zip": _("Office document"),  # docx, xlsx, odt … are zip containers
    "application/msword": _("Word document"),
    "application/x-ole-storage": _("Word/Excel document"),
}
OFFICE_SUFFIXES = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".wps", ".doc", ".xls", ".et"}


def sniff(upload) -> str | None:
    """The MIME type read from the file's first bytes (not its name)."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        # Old Office files (OLE2) start with this signature.
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return "application/x-ole-storage"
        return None
    return kind.mime


def validate_upload(upload) -> str:
    """Refuse a file whose content is not an allowed type, or that is too large."""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB}, code="too_large"
        )
    mime = sniff(upload)
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _(
                "This kind of file cannot be attached. Attach a PDF, an image, an audio recording or an office document."
            ),
            code="type",
        )
    suffix = PurePath(upload.name).suffix.lower()
    if mime in ("application/zip", "application/x-ole-storage") and suffix not in OFFICE_SUFFIXES:
        raise ValidationError(_("Only office documents may be attached as archives."), code="type")
    return mime


def upload_to(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{instance._meta.app_label}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class AttachmentBase(models.Model):
    file = models.FileField(_("file"), upload_to=upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


def attach(*, model, by, upload, description: str = "", **owner):
    """Store an uploaded file on a record (`owner` names the record field)."""
    mime = validate_upload(upload)
    return model.objects.create(
        file=upload,
        original_name=PurePath(upload.name).name[:255],
        content_type=mime,
        size=upload.size,
        description=description,
        uploaded_by=by,
        **owner,
    )


def attachment_response(request, attachment):
    """Send an attachment the caller has already fetched through a scoped queryset."""
    log_access(user=request.user, action="download", target=attachment, label=attachment.original_name, request=request)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
