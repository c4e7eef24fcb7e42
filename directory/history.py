"""Change history for display: who changed which field, from what to what."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from .privacy import mask_id_number, mask_phone

MASKERS = {"id_number": mask_id_number, "phone": mask_phone}
# Bookkeeping that changes on every save and tells a reader nothing.
NOISE = {"version", "updated_at", "created_at", "name_pinyin", "name_initials", "path", "depth"}
# What happened to the record, in the history's own words (django-simple-history's
# "Created" reads as "created by" in Chinese, beside a column that already says who).
WHAT = {
    "+": pgettext_lazy("history", "Record created"),
    "~": pgettext_lazy("history", "Changed"),
    "-": pgettext_lazy("history", "Deleted"),
}


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


def _display(field, value, names):
    if value in (None, ""):
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return value


def _name(obj) -> str:
    if isinstance(obj, get_user_model()):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


def _related_names(pending) -> dict:
    """{(model, pk): display name} for the related ids of one history page: one query per model."""
    ids = {}
    for model, value in pending:
        ids.setdefault(model, set()).add(value)
    names = {}
    for model, pks in ids.items():
        # select_related() with no fields follows the non-null foreign keys that
        # some __str__ methods read (a household's head), still one query.
        for obj in model._base_manager.select_related().filter(pk__in=pks):
            names[(model, obj.pk)] = _name(obj)
    return names


def history_rows(history_qs, *, limit: int = 50, show_identifiers: bool = False) -> list:
    """The newest `limit` history rows, each with `.what` and `.changes` against the one before it.

    A save that changed nothing a reader sees (only bookkeeping) gives no row.
    """
    rows = list(history_qs.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    raw = []
    for newer, older in zip(rows, [*rows[1:], None], strict=True):
        newer.what = WHAT.get(newer.history_type, newer.history_type)
        changes = []
        if older is not None:
            # Compared field by field (not with diff_against, which skips fields
            # that are not editable in forms: workflow dates and states are such).
            model = newer.instance_type
            for field in older.tracked_fields:
                if field.name in NOISE:
                    continue
                old, new = getattr(older, field.attname), getattr(newer, field.attname)
                if old == new:
                    continue
                masker = MASKERS.get(field.name)
                if masker and not show_identifiers:
                    old, new = masker(old or ""), masker(new or "")
                changes.append((model._meta.get_field(field.name), old, new))
        raw.append((newer, older, changes))
    shown = [
        (row, changes)
        for row, older, changes in raw[:limit]
        if older is None or changes or row.history_type != "~" or row.history_change_reason
    ]
    pending = [
        (field.related_model, value)
        for _row, changes in shown
        for field, old, new in changes
        if field.is_relation
        for value in (old, new)
        if value not in (None, "")
    ]
    names = _related_names(pending) if pending else {}
    for row, changes in shown:
        row.changes = [
            Change(capfirst(str(field.verbose_name)), _display(field, old, names), _display(field, new, names))
            for field, old, new in changes
        ]
    return [row for row, _changes in shown]
