"""Change history for display: who changed which field, from what to what."""

from dataclasses import dataclass

from .privacy import mask_id_number, mask_phone

MASKERS = {"id_number": mask_id_number, "phone": mask_phone}


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
        model = newer.instance_type
        for change in newer.diff_against(older).changes:
            old, new = change.old, change.new
            masker = MASKERS.get(change.field)
            if masker and not show_identifiers:
                old, new = masker(old or ""), masker(new or "")
            newer.changes.append(
                Change(
                    str(model._meta.get_field(change.field).verbose_name),
                    _display(model, change.field, old),
                    _display(model, change.field, new),
                )
            )
    return rows[:limit]
