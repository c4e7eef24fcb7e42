"""Exports of any size: a small one streams at once, a large one becomes a job.

Export views call `export(...)` as they would `directory.exports.export_response`.
Up to JOBS_EXPORT_DIRECT_MAX_ROWS rows (5,000: a few seconds, well inside a
worker's timeout) the file streams straight away, as before. Above it, a job
is started and the user is sent to its page. The worker makes the file by
replaying the same view for the job's owner with the same query string: the
view builds its scoped, filtered queryset and columns exactly as it did for
the request (the scoping, role and masking rules are applied again, as of the
moment the file is written), and `export` hands them to the job instead of
answering. So an export view needs nothing but this one call.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import replicas
from directory.exports import FORMATS, column_rows, export_response, write_csv, write_xlsx
from directory.privacy import log_access, require_export_format

from .models import Job
from .services import JobError, job_runner, start_job


class _Captured(Exception):  # noqa: N818 - a signal, not an error
    def __init__(self, spec: dict):
        self.spec = spec


def export(
    *, request, queryset, columns=(), fmt: str, basename: str, detail: dict | None = None, headers=None, rows=None
):
    """The export response: the file itself when small, a job's page when large."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    require_export_format(request.user, fmt)  # the format's permission, before any job starts
    spec = {"queryset": queryset, "columns": columns, "headers": headers, "rows": rows, "basename": basename}
    if getattr(request, "capture_export", False):
        raise _Captured(spec)  # the worker replaying this view: hand over what to write
    count = queryset.count()
    if count <= settings.JOBS_EXPORT_DIRECT_MAX_ROWS:
        return export_response(
            request=request,
            queryset=queryset,
            columns=columns,
            fmt=fmt,
            basename=basename,
            detail=detail,
            headers=headers,
            rows=rows,
            count=count,
        )
    job = start_job(
        by=request.user,
        kind=Job.Kind.EXPORT,
        title=_("Export of %(what)s, %(rows)s rows (%(format)s)")
        % {"what": basename, "rows": count, "format": fmt.upper()},
        runner=run_export,
        parameters={"path": request.path_info, "query": request.GET.urlencode(), "fmt": fmt},
    )
    log_access(
        user=request.user,
        action="export",
        target=job,
        label=f"{basename}.{fmt}",
        detail={"rows": count, "format": fmt, "filter": dict(request.GET.lists()), "job": job.pk, **(detail or {})},
        request=request,
    )
    messages.info(request, _("That is a large export: it is being prepared in the background."))
    return redirect(job)


def _replay(job: Job) -> dict:
    """Call the export view again, for the job's owner, and take what it would have exported."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.parameters["path"]
    request.GET = QueryDict(job.parameters["query"])
    request.META = {"REMOTE_ADDR": None, "SERVER_NAME": "worker", "SERVER_PORT": "80"}
    request.user = job.owner
    request.capture_export = True
    match = resolve(request.path_info)
    request.resolver_match = match
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except _Captured as captured:
        return captured.spec
    except Exception as error:  # PermissionDenied, Http404: the owner may no longer export this
        raise JobError(_("You may no longer export these rows.")) from error
    if response.status_code != 200:
        raise JobError(_("You may no longer export these rows."))
    raise ValueError("the view answered without exporting")


@job_runner
def run_export(job: Job, out, progress) -> str:
    with replicas.reading():  # the whole register: from the reporting replica when there is one
        return _write_export(job, out, progress)


def _write_export(job: Job, out, progress) -> str:
    spec = _replay(job)
    queryset, fmt = spec["queryset"], job.parameters["fmt"]
    progress.total(queryset.count())
    if spec["rows"] is None:
        headers = [str(c.header) for c in spec["columns"]]
        rows = column_rows(queryset, spec["columns"])
    else:
        headers, rows = [str(h) for h in spec["headers"]], spec["rows"]

    def counted():
        for n, row in enumerate(rows, 1):
            yield row
            progress(n)

    if fmt == "csv":
        write_csv(out, headers, counted())
    else:
        write_xlsx(out, headers, counted(), spec["basename"])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{spec['basename']}-{stamp}.{fmt}"
