from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import OrgUnit, UnitLookupError, staff_of
from directory.privacy import log_access, require_export_format
from directory.reference import local_name
from directory.roles import Role, role_required

from . import dashboard as dashboard_parts
from .document import ReportDocument
from .downloads import content_disposition
from .files import CONTENT_TYPES, file_names, is_large, render_file, start_draft_file_job
from .forms import GUIDANCE, LEFT_OUT_WHEN_EMPTY, PeriodForm
from .models import IssuedReport, ReportDraft
from .narrative import document_for
from .services import create_draft, edit_draft, issue_draft
from .summary import dashboard_summary, jsonable

WRITERS = (Role.MANAGER, Role.ADMIN)


def _units(user):
    return OrgUnit.objects.visible_to(user)


def _default_unit(user, units):
    staff = staff_of(user)
    return staff.org_unit if staff else units.order_by("path").first()


def frozen_figures(summary) -> dict:
    """What an issued report keeps beside its text: the figures it was written from, as JSON."""
    return jsonable(
        {
            "headline": summary.headline(),
            "year_on_year": summary.year_on_year(),
            "current": summary.current,
            "last_year": summary.last_year,
        }
    )


def summary_for(unit, period, language):
    return document_for(unit, period, language, today=timezone.localdate())


@role_required(*WRITERS)
def index(request):
    units = _units(request.user)
    unit = _default_unit(request.user, units)
    period_fields, fell_back_to = dashboard_parts.default_period_fields(unit, timezone.localdate())
    form = PeriodForm(units=units, initial={"unit": unit, "language": "zh-hans", **period_fields})
    if fell_back_to:
        messages.info(
            request,
            _("No petition has been received this year yet: the form offers the latest year with records, %(year)s.")
            % {"year": fell_back_to},
        )
    drafts = (
        ReportDraft.objects.visible_to(request.user).select_related("org_unit", "created_by").defer("document")[:20]
    )
    issued = (
        IssuedReport.objects.visible_to(request.user)
        .select_related("org_unit", "issued_by")
        .only(
            "pk",
            "org_unit__name",
            "period_start",
            "period_end",
            "period_kind",
            "language",
            "number",
            "issued_by__username",
            "issued_by__first_name",
            "issued_by__last_name",
            "issued_at",
            "document",
        )
    )
    page, query = paginate(request, issued)
    return render(request, "reporting/index.html", {"form": form, "drafts": drafts, "page": page, "query": query})


@require_POST
@role_required(*WRITERS)
def draft_create(request):
    units = _units(request.user)
    form = PeriodForm(request.POST, units=units)
    if not form.is_valid():
        drafts = (
            ReportDraft.objects.visible_to(request.user).select_related("org_unit", "created_by").defer("document")[:20]
        )
        page, query = paginate(request, IssuedReport.objects.none())
        return render(request, "reporting/index.html", {"form": form, "drafts": drafts, "page": page, "query": query})
    unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
    language = form.cleaned_data["language"] or "zh-hans"
    summary, document = summary_for(unit, period, language)
    draft = create_draft(
        unit=unit, period=period, language=language, document=document, figures=frozen_figures(summary), by=request.user
    )
    messages.success(request, _("The draft was generated from the records. Edit it, then issue it."))
    return redirect(draft)


class DraftForm(forms.Form):
    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, document: ReportDocument, **kwargs):
        super().__init__(*args, **kwargs)
        for paragraph in document.paragraphs:
            if paragraph.level:
                continue
            guidance = GUIDANCE.get(paragraph.key, "")
            attrs = {"rows": 4 if paragraph.text else 6}
            if guidance:
                attrs.update(placeholder=guidance, **{"aria-describedby": f"id_{paragraph.key}_help"})
            self.fields[paragraph.key] = forms.CharField(
                required=False,
                initial=paragraph.text,
                # Guidance lives only in the form: it is never stored, so it can never be printed.
                help_text=LEFT_OUT_WHEN_EMPTY if guidance else "",
                widget=forms.Textarea(attrs=attrs),
            )
            self.fields[paragraph.key].generated = paragraph.generated


@role_required(*WRITERS)
def draft(request, pk):
    draft = get_object_or_404(ReportDraft.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    document = ReportDocument.from_dict(draft.document)
    form = DraftForm(request.POST or None, document=document, initial={"seen_version": draft.version})
    if request.method == "POST" and form.is_valid():
        # Only paragraphs the form sent: a missing field never blanks a paragraph.
        texts = {k: v for k, v in form.cleaned_data.items() if k != "seen_version" and k in request.POST}
        try:
            edit_draft(draft=draft, by=request.user, expected_version=form.cleaned_data["seen_version"], texts=texts)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(draft)
    rows = []
    for paragraph in document.paragraphs:
        rows.append({"paragraph": paragraph, "field": form[paragraph.key] if paragraph.key in form.fields else None})
    issued = draft.issued.only("pk", "number", "issued_at").order_by("-number")
    return render(
        request,
        "reporting/draft.html",
        {
            "draft": draft,
            "document": document,
            "tables": document.printable().tables,
            "form": form,
            "rows": rows,
            "issued": issued,
        },
    )


@require_POST
@role_required(*WRITERS)
def draft_issue(request, pk):
    draft = get_object_or_404(ReportDraft.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    if str(draft.version) != request.POST.get("seen_version"):
        messages.error(request, STALE_MESSAGE)
        return redirect(draft)
    report = issue_draft(draft=draft, by=request.user)
    messages.success(
        request,
        _("Issued as version %(n)s. It is frozen: later changes to the records do not alter it.")
        % {"n": report.number},
    )
    return redirect(report)


def _file_response(content, fmt, names, content_type=None):
    response = HttpResponse(content, content_type=content_type or CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(*names)
    return response


@role_required(*WRITERS)
def draft_download(request, pk, fmt):
    draft = get_object_or_404(ReportDraft.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    require_export_format(request.user, fmt)
    document = ReportDocument.from_dict(draft.document)
    if fmt == "csv":
        return _csv(request, document, request.GET.get("table"), draft, is_draft=True)
    if fmt not in CONTENT_TYPES:
        raise Http404
    if is_large(document, fmt):
        job = start_draft_file_job(draft=draft, fmt=fmt, by=request.user)
        messages.info(request, _("This report is large: its file is being prepared in the background."))
        return redirect(job)
    names = file_names(draft, fmt, draft=True)
    _log_download(request, draft, names[0], fmt)
    return _file_response(render_file(document, fmt), fmt, names)


def _log_download(request, record, filename, fmt, **detail):
    """Every download of a report, draft or issued, goes to the access log."""
    log_access(
        user=request.user,
        action="download",
        target=record,
        label=filename,
        detail={"format": fmt, **detail},
        request=request,
    )


def _csv(request, document, key, record, *, is_draft):
    table = next((t for t in document.tables if t.key == key), None)
    if table is None:
        raise Http404
    names = file_names(record, "csv", draft=is_draft, table=table)
    _log_download(request, record, names[0], "csv", table=table.key, rows=len(table.rows))
    from .render import render_csv  # the renderer's libraries load at the first file (reporting/files.py)

    return _file_response(render_csv(table), "csv", names, content_type="text/csv; charset=utf-8")


@role_required(*WRITERS)
def issued(request, pk):
    report = get_object_or_404(
        IssuedReport.objects.visible_to(request.user)
        .select_related("org_unit", "issued_by")
        .defer("docx", "pdf", "xlsx"),
        pk=pk,
    )
    document = ReportDocument.from_dict(report.document).printable()
    return render(request, "reporting/issued.html", {"report": report, "document": document})


@role_required(*WRITERS)
def issued_download(request, pk, fmt):
    report = get_object_or_404(IssuedReport.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    require_export_format(request.user, fmt)
    if fmt in ("docx", "pdf", "xlsx"):
        # Exactly the bytes frozen at issue time.
        names = file_names(report, fmt, draft=False)
        _log_download(request, report, names[0], fmt)
        return _file_response(bytes(getattr(report, fmt)), fmt, names)
    document = ReportDocument.from_dict(report.document)
    if fmt == "md":
        names = file_names(report, fmt, draft=False)
        _log_download(request, report, names[0], fmt)
        return _file_response(render_file(document, "md"), "md", names)
    if fmt == "csv":
        return _csv(request, document, request.GET.get("table"), report, is_draft=False)
    raise Http404


# --- the managers' dashboard --------------------------------------------------------------


def dashboard(request):
    from petitions.models import Category

    units = _units(request.user)
    data = request.GET.copy()
    default_unit = _default_unit(request.user, units)
    today = timezone.localdate()
    asked = data.get("unit")
    chosen = default_unit
    if asked:
        try:
            chosen = units.resolve(asked, ids=True)
        except UnitLookupError:
            # Another unit's figures are not shown, nor whether it exists (the scoping rule's 404).
            context = {"form": None, "out_of_scope": True, "home": default_unit}
            return render(request, "reporting/dashboard.html", context, status=404)
    data["unit"] = str(chosen.pk) if chosen else ""
    fell_back_to = None
    if not any(k in data for k in ("kind", "year", "month", "quarter", "half", "start", "end")):
        fields, fell_back_to = dashboard_parts.default_period_fields(chosen, today)
        for key, value in fields.items():
            data.setdefault(key, str(value))
    data.setdefault("kind", "ytd")
    data.setdefault("year", str(today.year))
    data.setdefault("month", str(today.month))
    form = PeriodForm(data, units=units)
    form.fields.pop("language")
    if not form.is_valid():
        return render(request, "reporting/dashboard.html", {"form": form})
    unit, chosen_period = form.cleaned_data["unit"], form.cleaned_data["period"]
    period = dashboard_parts.as_of_today(chosen_period, today)
    kept = dashboard_summary(unit, period, today=today)
    summary = kept.value
    links = dashboard_parts.Links(unit, period, today)
    # The chart's bars are named as the figures name categories: in the reader's language.
    category_ids = dict(Category.objects.filter(parent__isnull=True).values_list(local_name(), "pk"))
    parent_visible = unit.parent_id is not None and units.filter(pk=unit.parent_id).exists()
    context = {
        "form": form,
        "summary": summary,
        "stale_since": timezone.localtime(kept.computed_at) if kept.stale else None,
        "unit": unit,
        "period": period,
        "in_progress": period != chosen_period or period.end == today,
        "future": period.start > today,
        "last_year": period.same_period_last_year(),
        "fell_back_to": fell_back_to,
        "this_year": today.year,
        "this_year_query": urlencode({"unit": unit.pk, "kind": "ytd", "year": today.year, "month": today.month}),
        "last_whole_year": today.year - 1,
        "last_whole_year_query": urlencode({"unit": unit.pk, "kind": "year", "year": today.year - 1}),
        "today": today,
        "parent_visible": parent_visible,
        "tiles": dashboard_parts.tiles(summary, links),
        "rows": [
            {"row": row, "links": None if row.own else dashboard_parts.Links(row.unit, period, today)}
            for row in summary.sub_units
        ],
        "past": links.past,
        "charts": dashboard_parts.chart_set(summary, links, category_ids),
        "sub_query": _query(form.cleaned_data, exclude="unit"),
    }
    return render(request, "reporting/dashboard.html", context)


def _query(data, exclude=""):
    keep = {k: v for k, v in data.items() if k not in (exclude, "period") and v not in (None, "")}
    return urlencode({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in keep.items()})
