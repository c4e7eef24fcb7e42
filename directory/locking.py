"""Optimistic locking: a save based on a stale form is refused, never merged.

A row is locked (SELECT … FOR UPDATE) where it is re-read to be written. A caller that
checks the locked row before calling a service (the API's workflow moves) locks it with
`holding`; the services called inside the block then take that row, locked once, instead
of reading it a second time.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.db import models, transaction
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


_held: ContextVar[dict | None] = ContextVar("held_row_locks", default=None)


def _key(instance):
    return instance._meta.concrete_model, instance.pk


def lock_for_update(instance, expected_version: int | None):
    """Re-read `instance` under a row lock and check the version the user saw.

    Inside `holding` for the same row, the row the caller locked is returned as it stands."""
    held = _held.get()
    locked = held.get(_key(instance)) if held else None
    if locked is None:
        locked = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    check_version(locked, expected_version)
    return locked


def check_version(locked, expected_version: int | None) -> None:
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit


@contextmanager
def holding(locked):
    """For the block, a service locking this row (`lock_for_update`) takes `locked` instead of reading it again.

    The caller has read `locked` with select_for_update in the transaction that is open,
    and keeps the block inside it."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("holding() runs inside the transaction that locked the row.")
    token = _held.set({**(_held.get() or {}), _key(locked): locked})
    try:
        yield locked
    finally:
        _held.reset(token)


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
