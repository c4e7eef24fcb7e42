"""A report's files (DOCX, PDF, XLSX, Markdown) and their names; a large draft's file made as a job.

A draft's file is rendered on demand. For most units that takes well under a
second; a draft whose tables hold many rows (a city with every township and
village listed) takes longer to typeset as PDF or DOCX, so above
REPORT_JOB_MIN_ROWS table rows the download becomes a background job (the
same "My files" page as a large export). An issued report needs none: its
files were rendered once, when it was issued, and are stored as bytes.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.services import JobError, job_runner, start_job

from .document import ReportDocument
from .downloads import ascii_filename, report_filename
from .models import ReportDraft

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
}
JOB_FORMATS = ("docx", "pdf", "xlsx")


def file_names(record, fmt: str, *, draft: bool, table=None) -> tuple[str, str]:
    """The file's name (unit, period, version, in the report's language) and its ASCII fallback."""
    names = {
        "unit": record.org_unit,
        "period": record.period,
        "version": record.version if draft else record.number,
        "ext": fmt,
        "draft": draft,
    }
    return (
        report_filename(**names, language=record.language, table=table.title if table else ""),
        ascii_filename(**names, table=table.key if table else ""),
    )


def render_file(document: ReportDocument, fmt: str) -> bytes:
    # The renderer brings python-docx, reportlab and openpyxl (some 45 MB): a process loads them
    # at its first file, not with the pages.
    from .render import render_docx, render_markdown, render_pdf, render_xlsx

    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    if fmt == "xlsx":
        return render_xlsx(document)
    if fmt == "md":
        return render_markdown(document).encode()
    raise Http404


def table_rows(document: ReportDocument) -> int:
    return sum(len(table.rows) for table in document.tables)


def is_large(document: ReportDocument, fmt: str) -> bool:
    return fmt in JOB_FORMATS and table_rows(document) > settings.REPORT_JOB_MIN_ROWS


def start_draft_file_job(*, draft: ReportDraft, fmt: str, by) -> Job:
    """Make the draft's file in the background, as it stands now (its version is kept)."""
    return start_job(
        by=by,
        kind=Job.Kind.REPORT,
        title=file_names(draft, fmt, draft=True)[0],
        runner=run_draft_file,
        parameters={"draft": draft.pk, "version": draft.version, "fmt": fmt},
    )


@job_runner
def run_draft_file(job: Job, out, progress) -> str:
    draft = ReportDraft.objects.visible_to(job.owner).select_related("org_unit").filter(pk=job.parameters["draft"])
    draft = draft.first()
    if draft is None:
        raise JobError(_("This draft is no longer yours to see."))
    if draft.version != job.parameters["version"]:
        raise JobError(_("The draft was edited after you asked for the file: download it again."))
    document = ReportDocument.from_dict(draft.document)
    progress.total(1)
    out.write(render_file(document, job.parameters["fmt"]))
    progress(1)
    return file_names(draft, job.parameters["fmt"], draft=True)[0]
