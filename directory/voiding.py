"""Case records are voided with a reason, never deleted."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VoidableModel(models.Model):
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class VoidableQuerySetMixin:
    def active(self):
        return self.filter(voided_at__isnull=True)

    def voided(self):
        return self.filter(voided_at__isnull=False)


class AlreadyVoided(Exception):
    pass


@transaction.atomic
def void_record(*, record, by, reason: str):
    """Void a record entered by mistake; it then counts nowhere."""
    if not reason.strip():
        raise ValueError("A reason is required to void a record.")
    locked = type(record)._base_manager.select_for_update().get(pk=record.pk)
    if locked.voided_at is not None:
        raise AlreadyVoided
    locked.voided_at, locked.voided_by, locked.void_reason = timezone.now(), by, reason.strip()
    locked._history_user = by
    locked._change_reason = reason.strip()
    fields = ["voided_at", "voided_by", "void_reason"]
    if hasattr(locked, "version"):
        locked.version += 1
        fields.append("version")
    locked.save(update_fields=fields)
    return locked
