"""My jobs: the list, one job with its progress, its progress as JSON, its file."""

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.listing import paginate
from directory.privacy import log_access

from .models import Job
from .services import result_file


def _mine(request):
    return Job.objects.visible_to(request.user)


@require_GET
def job_list(request):
    page, query = paginate(request, _mine(request).for_list())
    return render(request, "jobs/list.html", {"page": page, "query": query})


def rows_label(job) -> str:
    if job.rows_total is None:
        return _("%(done)s rows") % {"done": job.rows_done}
    return _("%(done)s of %(total)s rows") % {"done": job.rows_done, "total": job.rows_total}


@require_GET
def job_detail(request, pk):
    job = get_object_or_404(_mine(request).select_related("owner"), pk=pk)
    context = {"job": job, "rows_label": rows_label(job), "keep_days": settings.JOBS_KEEP_DAYS}
    return render(request, "jobs/detail.html", context)


@require_GET
def job_status(request, pk):
    """What the progress bar polls (static/js/jobs.js)."""
    job = get_object_or_404(_mine(request), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "rows_label": rows_label(job),
            "percent": job.percent,
            "finished": job.is_finished,
            "has_file": job.has_file,
            "error": job.error,
        }
    )


@require_GET
def job_download(request, pk):
    job = get_object_or_404(_mine(request), pk=pk)
    path = result_file(job)
    if path is None:
        raise Http404
    log_access(
        user=request.user,
        action="download",
        target=job,
        label=job.result_name,
        detail={"job": job.pk, "kind": job.kind, "rows": job.rows_total},
        request=request,
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name)
