"""Optimistic locking: a save based on a stale form is refused, never merged."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """Someone else saved the record after the user's form was opened."""


STALE_MESSAGE = _(
    "Someone else saved this record after you opened it. Your changes were not saved; "
    "they are still on this page. Open the record again in a new tab to see the other "
    "changes, then save yours once more."
)


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def lock_for_update(instance, expected_version: int | None):
    """Re-read `instance` under a row lock and check the version the user saw."""
    locked = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit
    return locked


def save_new_version(instance, update_fields=None):
    instance.version += 1
    if update_fields is not None:
        update_fields = [*update_fields, "version"]
        if any(f.name == "updated_at" for f in instance._meta.fields):
            update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    return instance


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class VersionedFormMixin:
    """Carries the version the user saw in a hidden field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"] = VersionField()
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version
