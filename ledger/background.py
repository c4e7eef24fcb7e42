"""A large ledger is checked, and imported, by a background job (jobs.services) with a progress bar.

Up to LEDGER_DIRECT_MAX_ROWS rows the preview and the import run inside the
request, as before. Above it the upload is kept in a private file and a job of
kind IMPORT checks it (`check_ledger`: its file is the row-by-row result as
XLSX); confirming starts a second job (`import_ledger`: no file, its result is
the batch's page). The batch names its latest job, whose progress its page shows.
"""

import contextlib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from directory.exports import write_xlsx
from directory.privacy import can_view_identifiers, mask_id_number
from jobs.models import Job
from jobs.services import JobError, job_runner, start_job

from .models import ImportBatch
from .reading import FileError, count_rows
from .services import BatchError, ImportFailed, preview_file, run_import

UPLOAD_DIR = "ledger"
MAX_LISTED_FAILURES = 20


def is_large(data: bytes) -> bool:
    """Whether a file has more rows (the header aside) than are checked within a request."""
    return count_rows(data) - 1 > settings.LEDGER_DIRECT_MAX_ROWS


def upload_path(batch: ImportBatch) -> Path:
    """Where the uploaded file waits for its check (private: no URL serves MEDIA_ROOT/ledger)."""
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR / str(batch.pk) / "upload"


def start_check(*, by, unit, kind: str, data: bytes, file_name: str, encoding: str = "auto") -> ImportBatch:
    """Keep the file and start a job that checks it; the batch is CHECKING until the job is done."""
    with transaction.atomic():
        batch = ImportBatch(
            kind=kind, org_unit=unit, file_name=file_name[:255], status=ImportBatch.Status.CHECKING, created_by=by
        )
        batch._history_user = by
        batch.save()
    path = upload_path(batch)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    job = start_job(
        by=by,
        kind=Job.Kind.IMPORT,
        title=_("Checking the ledger %(file)s") % {"file": batch.file_name},
        runner=check_ledger,
        parameters={"batch": batch.pk, "encoding": encoding},
        result_url=batch.get_absolute_url(),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    batch.refresh_from_db()
    return batch


def start_import(*, batch: ImportBatch, by) -> Job:
    """Start the job that imports a previewed batch (all or nothing, as `run_import`)."""
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise BatchError(_("This batch was already imported, cancelled or undone."))
    if batch.job_id and not batch.job.is_finished:
        raise BatchError(_("This batch is being checked or imported already; wait for it to finish."))
    job = start_job(
        by=by,
        kind=Job.Kind.IMPORT,
        title=_("Importing the ledger %(file)s") % {"file": batch.file_name},
        runner=import_ledger,
        parameters={"batch": batch.pk},
        result_url=batch.get_absolute_url(),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    return job


def _reporter(progress):
    def report(done: int, total: int | None) -> None:
        if total is not None and total != progress.job.rows_total:
            progress.total(total)
        progress(done)

    return report


@job_runner
def check_ledger(job, out, progress):
    """Check every row of the kept file into the batch; the job's file is the result, row by row."""
    batch = ImportBatch.objects.select_related("org_unit").get(pk=job.parameters["batch"])
    path = upload_path(batch)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _unreadable(batch)
        raise JobError(_("The uploaded file is no longer kept; upload it again.")) from None
    progress.total(max(count_rows(data) - 1, 1))  # about: blank and closing rows are not counted
    try:
        batch = preview_file(
            by=job.owner,
            unit=batch.org_unit,
            kind=batch.kind,
            data=data,
            file_name=batch.file_name,
            encoding=job.parameters.get("encoding", "auto"),
            progress=_reporter(progress),
            batch=batch,
        )
    except FileError as error:
        _unreadable(batch)
        _forget(path)
        raise JobError(str(error)) from None
    _forget(path)
    write_result(out, batch, show_identifiers=can_view_identifiers(job.owner))
    return f"{Path(batch.file_name).stem}-检查结果.xlsx"


def _unreadable(batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.CHECKING).update(
        status=ImportBatch.Status.UNREADABLE
    )


def _forget(path: Path) -> None:
    """The upload holds personal data: it is not kept once checked."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


@job_runner
def import_ledger(job, out, progress):
    """Import a previewed batch; no file: the batch's page shows what was imported, or every row that failed."""
    batch = ImportBatch.objects.get(pk=job.parameters["batch"])
    progress.total(batch.row_count)
    try:
        run_import(batch, by=job.owner, progress=_reporter(progress))
    except ImportFailed as failed:
        raise JobError(failure_message(failed)) from None
    except BatchError as error:
        raise JobError(error.message) from None
    return None


def failure_message(failed: ImportFailed) -> str:
    """Nothing was imported, and the rows that can no longer be imported (each with its errors)."""
    lines = []
    for failure in failed.failures[:MAX_LISTED_FAILURES]:
        reasons = "; ".join(
            f"{e['column']}: {e['message']}" if e["column"] else e["message"] for e in failure["errors"]
        )
        lines.append(_("line %(line)s: %(reasons)s") % {"line": failure["line"], "reasons": reasons})
    more = len(failed.failures) - MAX_LISTED_FAILURES
    text = _("Nothing was imported: %(n)s rows can no longer be imported (%(rows)s).") % {
        "n": len(failed.failures),
        "rows": "; ".join(lines),
    }
    if more > 0:
        text += " " + _("%(n)s more are marked on the import's page.") % {"n": more}
    return text


def write_result(out, batch: ImportBatch, *, show_identifiers: bool) -> None:
    """The row-by-row result of a check as XLSX: line, result, the row, ID number (masked), details."""
    headers = [_("Line"), _("Result"), _("Row"), _("ID number"), _("Details")]
    labels = {"new": _("new"), "duplicate": _("duplicate"), "error": _("error")}

    def rows():
        for row in batch.rows:
            id_number = row["values"].get("id_number", "")
            details = [f"{e['column']}: {e['message']}" for e in row["errors"]]
            duplicate = row.get("duplicate") or {}
            if duplicate.get("label"):
                details.append(_("Already recorded:") + " " + duplicate["label"])
            elif duplicate.get("line"):
                details.append(_("Same as line %(line)s") % {"line": duplicate["line"]})
            if row.get("person"):
                details.append(_("Existing person:") + " " + row["person"]["name"])
            yield [
                row["line"],
                labels.get(row["status"], row["status"]),
                row.get("summary", ""),
                id_number if show_identifiers else mask_id_number(id_number),
                "\n".join(details),
            ]

    write_xlsx(out, headers, rows(), title=_("Check result"))
