"""Change history for display: who changed which field, from what to what."""

from dataclasses import dataclass

from .privacy import mask_id_number, mask_phone

MASKERS = {"id_number": mask_id_number, "phone": mask_phone}
# Bookkeeping that changes on every save and tells a reader nothing.
NOISE = {"version", "updated_at", "created_at", "name_pinyin", "name_initials", "path", "depth"}


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


def _display(model, name, value):
    field = model._meta.get_field(name)
    if value in (None, ""):
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return f"#{value}"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return value


def history_rows(history_qs, *, limit: int = 50, show_identifiers: bool = False) -> list:
    """The newest `limit` history rows, each with `.changes` against the one before it."""
    rows = list(history_qs.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    for newer, older in zip(rows, [*rows[1:], None], strict=True):
        newer.changes = []
        if older is None:
            continue
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
            newer.changes.append(
                Change(
                    str(model._meta.get_field(field.name).verbose_name),
                    _display(model, field.name, old),
                    _display(model, field.name, new),
                )
            )
    return rows[:limit]
