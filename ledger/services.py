"""Importing a ledger: preview (nothing written), import all-or-nothing, undo by voiding.

`preview_file` and `run_import` are plain functions taking a `progress`
callable (done, total), so that a large file can run them in a background job.
"""

from collections import Counter
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import OrgUnit

from .cells import CellError
from .kinds import KINDS
from .kinds.people import RowFailed
from .models import ImportBatch, ImportedRecord
from .reading import FileError, is_blank, is_closing, open_sheet, split_header
from .spec import Context, Kind, Row

PROGRESS_EVERY = 500
STATUSES = ("new", "duplicate", "error")


class BatchError(Exception):
    """The batch cannot be imported, cancelled or undone now; `message` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _noop(done: int, total: int | None) -> None:
    pass


def preview_file(
    *,
    by,
    unit: OrgUnit,
    kind: str,
    data: bytes,
    file_name: str,
    encoding: str = "auto",
    progress: Callable = _noop,
) -> ImportBatch:
    """Read and check every row, store the result as a previewed batch; writes no record. Raises `FileError`."""
    spec = KINDS[kind]
    sheet = open_sheet(data, file_name, encoding)
    _line, positions, written, rows = split_header(sheet.rows, spec.labels())
    missing = [c.label for c in spec.columns if c.required and c.key not in positions.values()]
    if missing:
        raise FileError(_("Columns missing from the header: %(columns)s.") % {"columns": "、".join(missing)})
    headers = {c.key: c.label for c in spec.columns} | {column: written[p] for p, column in positions.items()}
    ctx = Context(user=by, unit=unit)
    checked, seen = [], {}
    for number, cells in rows:
        if is_blank(cells) or is_closing(cells):
            continue
        row = Row(line=number, headers=headers)
        read_cells(spec, row, {column: cells[p] if p < len(cells) else None for p, column in positions.items()})
        spec.check(row, ctx)
        if row.status != "error":
            find_duplicate(spec, row, ctx, seen)
        checked.append(row.as_json())
        if len(checked) % PROGRESS_EVERY == 0:
            progress(len(checked), None)
    if not checked:
        raise FileError(_("The file has a header but no rows under it."))
    progress(len(checked), len(checked))
    return ImportBatch.objects.create(
        kind=kind,
        org_unit=unit,
        file_name=file_name[:255],
        encoding=sheet.encoding or "xlsx",
        row_count=len(checked),
        counts=_counts(checked),
        rows=checked,
        created_by=by,
    )


def read_cells(spec: Kind, row: Row, raw: dict) -> None:
    """Each column's cell through its reader; every unreadable or missing cell is an error of the row."""
    for column in spec.columns:
        try:
            value = column.read(raw.get(column.key))
        except CellError as error:
            row.error(column.key, error)
            continue
        if column.required and value in ("", None):
            row.error(column.key, _("This column must be filled in."))
            continue
        row.values[column.key] = value


def find_duplicate(spec: Kind, row: Row, ctx: Context, seen: dict) -> None:
    """Mark the row a duplicate of an earlier row of the file or of a record already in the database."""
    key = spec.file_key(row)
    if key is not None and key in seen:
        row.status, row.duplicate = "duplicate", {"line": seen[key]}
        return
    if key is not None:
        seen[key] = row.line
    record = spec.existing(row, ctx)
    if record is not None:
        row.status = "duplicate"
        row.duplicate = spec.link(record)


def _counts(rows: list[dict]) -> dict:
    counts = Counter(row["status"] for row in rows)
    return {status: counts.get(status, 0) for status in STATUSES} | {
        "people_found": sum(1 for row in rows if row["status"] == "new" and row.get("person"))
    }


@transaction.atomic
def run_import(batch: ImportBatch, *, by=None, progress: Callable = _noop) -> ImportBatch:
    """Write every new row of a previewed batch through the app's services, all or nothing.

    Each row is checked again first (the data may have changed since the
    preview); a row that now fails stops the import and nothing is written.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    by = by or batch.created_by
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise BatchError(_("This batch was already imported, cancelled or undone."))
    if batch.counts.get("error"):
        raise BatchError(_("The file has rows with errors: correct them and upload it again."))
    spec = KINDS[batch.kind]
    ctx = Context(user=by, unit=batch.org_unit)
    content_type = ContentType.objects.get_for_model(spec.model)
    links, rows, total = [], [], batch.row_count
    for done, data in enumerate(batch.rows, start=1):
        row = Row.from_json(data, headers={c.key: c.label for c in spec.columns})
        if row.status == "new":
            row.person = None
            spec.check(row, ctx)
            if row.status == "error":
                raise RowFailed(row.line, "; ".join(f"{e['column']}: {e['message']}" for e in row.errors))
            record = spec.existing(row, ctx)
            if record is not None:
                row.status = "duplicate"
                row.duplicate = spec.link(record)
            else:
                try:
                    record = spec.create(row, ctx)
                except (ValidationError, IntegrityError, ValueError) as error:
                    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                    raise RowFailed(row.line, " ".join(messages)) from None
                links.append(ImportedRecord(batch=batch, line=row.line, content_type=content_type, object_id=record.pk))
                data = row.as_json() | {"record": spec.link(record)}
        rows.append(data)
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    ImportedRecord.objects.bulk_create(links, batch_size=1000)
    batch.rows = rows
    batch.counts = _counts(rows) | {"imported": len(links)}
    batch.status, batch.imported_at = ImportBatch.Status.IMPORTED, timezone.now()
    batch._history_user = by
    batch.save(update_fields=["rows", "counts", "status", "imported_at"])
    progress(total, total)
    return batch


@transaction.atomic
def cancel_batch(*, batch: ImportBatch, by) -> ImportBatch:
    """Drop a previewed batch without importing it; its rows (personal data never imported) are not kept."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise BatchError(_("Only a previewed batch can be cancelled."))
    batch.status, batch.rows = ImportBatch.Status.CANCELLED, []
    batch._history_user = by
    batch.save(update_fields=["status", "rows"])
    return batch


@transaction.atomic
def undo_batch(*, batch: ImportBatch, by, reason: str) -> ImportBatch:
    """Void every record the batch made (never deleted; each keeps its history), all or nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise BatchError(_("Say why the import is undone."))
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.IMPORTED:
        raise BatchError(_("Only an imported batch can be undone."))
    spec = KINDS[batch.kind]
    ids = list(batch.records.values_list("object_id", flat=True))
    text = _("Import %(batch)s undone: %(reason)s") % {"batch": batch.pk, "reason": reason}
    for record in spec.records().filter(pk__in=ids, voided_at__isnull=True).order_by("pk"):
        spec.void(record, by=by, reason=text)
    batch.status, batch.undone_at, batch.undone_by, batch.undo_reason = (
        ImportBatch.Status.UNDONE,
        timezone.now(),
        by,
        reason,
    )
    batch._history_user = by
    batch.save(update_fields=["status", "undone_at", "undone_by", "undo_reason"])
    return batch
