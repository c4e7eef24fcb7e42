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
from .kinds.people import PeopleLookup, RowFailed
from .models import ImportBatch, ImportedRecord
from .reading import FileError, is_blank, is_closing, open_sheet, split_header
from .spec import Context, Kind, Row

CHUNK = 500  # rows checked together: the people and records they name are read once per chunk
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
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Read and check every row, store the result as a previewed batch; writes no record. Raises `FileError`.

    `batch` is one being checked by a background job (status CHECKING); without it a new batch is made.
    Rows are read as a stream and checked a chunk at a time, so that what they name (people, records
    already registered) is looked up once per chunk, not once per row.
    """
    spec = KINDS[kind]
    sheet = open_sheet(data, file_name, encoding)
    _line, positions, written, rows = split_header(sheet.rows, spec.labels())
    missing = [c.label for c in spec.columns if c.required and c.key not in positions.values()]
    if missing:
        raise FileError(_("Columns missing from the header: %(columns)s.") % {"columns": "、".join(missing)})
    headers = {c.key: c.label for c in spec.columns} | {column: written[p] for p, column in positions.items()}
    ctx = Context(user=by, unit=unit)
    checked, seen = [], {}

    def read(number, cells):
        row = Row(line=number, headers=headers)
        read_cells(spec, row, {column: cells[p] if p < len(cells) else None for p, column in positions.items()})
        return row

    data_rows = ((n, cells) for n, cells in rows if not (is_blank(cells) or is_closing(cells)))
    for chunk in _chunks((read(n, cells) for n, cells in data_rows), CHUNK):
        check_chunk(spec, chunk, ctx)
        for row in chunk:
            if row.status != "error":
                find_duplicate(spec, row, ctx, seen)
            checked.append(row.as_json())
        progress(len(checked), None)
    if not checked:
        raise FileError(_("The file has a header but no rows under it."))
    progress(len(checked), len(checked))
    fields = {
        "kind": kind,
        "org_unit": unit,
        "file_name": file_name[:255],
        "encoding": sheet.encoding or "xlsx",
        "row_count": len(checked),
        "counts": _counts(checked),
        "rows": checked,
        "created_by": by,
    }
    if batch is None:
        return ImportBatch.objects.create(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.status = ImportBatch.Status.PREVIEWED
    batch._history_user = by
    batch.save(update_fields=[*fields, "status"])  # not `job`: the job that runs this links itself
    return batch


def _chunks(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_chunk(spec: Kind, chunk: list[Row], ctx: Context) -> None:
    """Check a chunk of rows, the people they name read first in one go (and records they repeat)."""
    if "id_number" in spec.column_keys():
        ctx.cache["people"] = PeopleLookup([row for row in chunk if row.status != "error"], ctx)
    for row in chunk:
        spec.check(row, ctx)
    spec.prefetch([row for row in chunk if row.status != "error"], ctx)


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


class ImportFailed(RowFailed):
    """Rows that passed the preview fail on import: nothing was written; `failures` lists every one."""

    def __init__(self, failures: list[dict]):
        first = failures[0]
        super().__init__(first["line"], "; ".join(f"{e['column']}: {e['message']}" for e in first["errors"]))
        self.failures = failures


def run_import(batch: ImportBatch, *, by=None, progress: Callable = _noop) -> ImportBatch:
    """Write every new row of a previewed batch through the app's services, all or nothing.

    Each row is checked again first (the data may have changed since the
    preview). If any row now fails, nothing is written: every failing row is
    then marked as an error of the batch (what the clerk sees) and
    `ImportFailed` is raised.
    """
    try:
        return _import(batch, by=by, progress=progress)
    except ImportFailed as failed:
        _mark_failures(batch, failed.failures)
        raise


@transaction.atomic
def _import(batch: ImportBatch, *, by, progress: Callable) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    by = by or batch.created_by
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise BatchError(_("This batch was already imported, cancelled or undone."))
    if batch.counts.get("error"):
        raise BatchError(_("The file has rows with errors: correct them and upload it again."))
    spec = KINDS[batch.kind]
    headers = {c.key: c.label for c in spec.columns}
    ctx = Context(user=by, unit=batch.org_unit)
    content_type = ContentType.objects.get_for_model(spec.model)
    links, rows, failures, total, done = [], [], [], batch.row_count, 0
    for chunk in _chunks(batch.rows, CHUNK):
        fresh = [Row.from_json(data, headers=headers) for data in chunk if data["status"] == "new"]
        for row in fresh:
            row.person = None
        check_chunk(spec, fresh, ctx)
        fresh_by_line = {row.line: row for row in fresh}
        for data in chunk:
            done += 1
            row = fresh_by_line.get(data["line"]) if data["status"] == "new" else None
            if row is None:
                rows.append(data)
                continue
            if row.status == "error":
                failures.append({"line": row.line, "errors": row.errors})
                continue
            record = spec.existing(row, ctx)
            if record is not None:
                row.status, row.duplicate = "duplicate", spec.link(record)
                rows.append(row.as_json())
                continue
            if failures:
                continue  # nothing will be written: only look for the other failing rows
            try:
                record = spec.create(row, ctx)
            except (ValidationError, IntegrityError, ValueError, RowFailed) as error:
                failures.append({"line": row.line, "errors": [{"column": "", "message": _reason(error)}]})
                continue
            links.append(ImportedRecord(batch=batch, line=row.line, content_type=content_type, object_id=record.pk))
            rows.append(row.as_json() | {"record": spec.link(record)})
        progress(done, total)
    if failures:
        raise ImportFailed(failures)
    ImportedRecord.objects.bulk_create(links, batch_size=1000)
    batch.rows = rows
    batch.counts = _counts(rows) | {"imported": len(links)}
    batch.status, batch.imported_at = ImportBatch.Status.IMPORTED, timezone.now()
    batch._history_user = by
    batch.save(update_fields=["rows", "counts", "status", "imported_at"])
    progress(total, total)
    return batch


def _reason(error) -> str:
    if isinstance(error, RowFailed):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _mark_failures(batch: ImportBatch, failures: list[dict]) -> None:
    """After a failed import (rolled back): each failing row becomes an error of the previewed batch."""
    by_line = {failure["line"]: failure["errors"] for failure in failures}
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEWED:
            return
        rows = []
        for data in batch.rows:
            if data["line"] in by_line:
                data = data | {"status": "error", "errors": by_line[data["line"]], "person": None, "duplicate": None}
            rows.append(data)
        batch.rows, batch.counts = rows, _counts(rows)
        batch.save(update_fields=["rows", "counts"])


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
