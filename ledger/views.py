"""导入台账: upload → preview → confirm (or cancel); the batch list; undo."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.listing import paginate
from directory.models import OrgUnit, Role, staff_of
from directory.privacy import can_view_identifiers
from directory.roles import has_role, role_required
from jobs.views import rows_label

from .background import failure_message, is_large, start_check, start_import
from .blanks import template_csv, template_xlsx
from .forms import UndoForm, UploadForm
from .kinds import KINDS
from .kinds.people import RowFailed
from .models import ImportBatch
from .reading import FileError
from .services import BatchError, ImportFailed, cancel_batch, preview_file, run_import, undo_batch

# The roles that register records may import them; undoing a whole batch is the uploader's or a manager's.
IMPORTERS = (Role.CLERK, Role.HANDLER, Role.MANAGER)
PREVIEW_PAGE = 100


def _batches(request):
    return ImportBatch.objects.visible_to(request.user)


def _units(request):
    return OrgUnit.objects.visible_to(request.user).exclude(level=OrgUnit.Level.VILLAGE)


@role_required(*IMPORTERS)
def batches(request):
    page, query = paginate(request, _batches(request).for_list())
    form = UploadForm(units=_units(request), initial=_initial(request))
    return render(request, "ledger/batches.html", {"page": page, "query": query, "form": form, "kinds": KINDS})


def _initial(request):
    staff = staff_of(request.user)
    return {"unit": staff.org_unit_id if staff else None, "encoding": "auto"}


@role_required(*IMPORTERS)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, units=_units(request), initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = data["file"].read()
        # A large file is checked by a background job: the batch's page shows its progress.
        check = start_check if is_large(content) else preview_file
        try:
            batch = check(
                by=request.user,
                unit=data["unit"],
                kind=data["kind"],
                data=content,
                file_name=data["file"].name,
                encoding=data["encoding"],
            )
        except FileError as error:
            form.add_error("file", str(error))
        else:
            return redirect(batch)
    page, query = paginate(request, _batches(request).for_list())
    return render(request, "ledger/batches.html", {"page": page, "query": query, "form": form, "kinds": KINDS})


@role_required(*IMPORTERS)
def template(request, kind, fmt):
    spec = KINDS.get(kind)
    if spec is None or fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = template_xlsx(spec)
    else:
        content_type, body = "text/csv; charset=utf-8", template_csv(spec)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(spec.template_name)}.{fmt}"
    return response


def _quote(name: str) -> str:
    return quote(name)


@role_required(*IMPORTERS)
def batch(request, pk):
    batch = get_object_or_404(_batches(request).select_related("org_unit", "created_by", "undone_by", "job"), pk=pk)
    show = request.GET.get("show", "")
    rows = [row for row in batch.rows if not show or row["status"] == show]
    page, query = paginate(request, rows, PREVIEW_PAGE)
    return render(
        request,
        "ledger/batch.html",
        {
            "batch": batch,
            "kind": KINDS[batch.kind],
            "page": page,
            "query": query,
            "show": show,
            "show_identifiers": can_view_identifiers(request.user),
            "can_undo": _can_undo(request.user, batch),
            "undo_form": UndoForm(),
            "job": batch.job,
            "job_imports": batch.job is not None and batch.job.runner.endswith(".import_ledger"),
            "job_running": batch.job is not None and not batch.job.is_finished,
            # Only the job's owner polls its progress (a job is hers alone).
            "job_mine": batch.job is not None and batch.job.owner_id == request.user.pk,
            "rows_label": rows_label(batch.job) if batch.job is not None else "",
        },
    )


def _can_undo(user, batch) -> bool:
    return batch.status == ImportBatch.Status.IMPORTED and (
        batch.created_by_id == user.pk or has_role(user, Role.MANAGER)
    )


@require_POST
@role_required(*IMPORTERS)
def confirm(request, pk):
    batch = get_object_or_404(_batches(request).select_related("job"), pk=pk)
    if batch.job is not None and not batch.job.is_finished:
        messages.error(request, _("This batch is being checked or imported already; wait for it to finish."))
        return redirect(batch)
    if batch.row_count > settings.LEDGER_DIRECT_MAX_ROWS:
        try:
            start_import(batch=batch, by=request.user)
        except BatchError as error:
            messages.error(request, error.message)
        else:
            messages.info(request, _("The import runs in the background; this page shows its progress."))
        return redirect(batch)
    try:
        batch = run_import(batch, by=request.user)
    except BatchError as error:
        messages.error(request, error.message)
    except ImportFailed as failed:
        messages.error(request, failure_message(failed))
    except RowFailed as error:
        messages.error(
            request,
            _("Nothing was imported: line %(line)s can no longer be imported (%(reason)s).")
            % {"line": error.line, "reason": error.message},
        )
    else:
        messages.success(request, _("%(n)s records were imported.") % {"n": batch.counts.get("imported", 0)})
    return redirect(batch)


@require_POST
@role_required(*IMPORTERS)
def cancel(request, pk):
    batch = get_object_or_404(_batches(request), pk=pk)
    try:
        cancel_batch(batch=batch, by=request.user)
    except BatchError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The preview was cancelled; nothing was imported."))
    return redirect("ledger:batches")


@require_POST
@role_required(*IMPORTERS)
def undo(request, pk):
    batch = get_object_or_404(_batches(request), pk=pk)
    if batch.status != ImportBatch.Status.IMPORTED:
        messages.error(request, _("Only an imported batch can be undone."))
        return redirect(batch)
    if not _can_undo(request.user, batch):
        raise PermissionDenied
    form = UndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the import is undone."))
        return redirect(batch)
    try:
        undo_batch(batch=batch, by=request.user, reason=form.cleaned_data["reason"])
    except BatchError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The import was undone: its records are voided."))
    return redirect(batch)
