from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import OrgUnit, staff_of
from directory.roles import Role, role_required

from . import dashboard as dashboard_parts
from .document import ReportDocument
from .downloads import ascii_filename, content_disposition, report_filename
from .forms import GUIDANCE, LEFT_OUT_WHEN_EMPTY, PeriodForm
from .models import IssuedReport, ReportDraft
from .narrative import document_for
from .render import render_csv, render_docx, render_markdown, render_pdf, render_xlsx
from .services import create_draft, edit_draft, issue_draft
from .summary import build_summary, jsonable

WRITERS = (Role.MANAGER, Role.ADMIN)
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
}


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
    form = PeriodForm(units=units, initial={"unit": _default_unit(request.user, units), "language": "zh-hans"})
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


def _names(record, fmt: str, *, draft: bool, table=None) -> tuple[str, str]:
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


def _file_response(content, fmt, names, content_type=None):
    response = HttpResponse(content, content_type=content_type or CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(*names)
    return response


def _render(document: ReportDocument, fmt: str, table_key: str | None = None):
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    if fmt == "xlsx":
        return render_xlsx(document)
    if fmt == "md":
        return render_markdown(document).encode()
    raise Http404


@role_required(*WRITERS)
def draft_download(request, pk, fmt):
    draft = get_object_or_404(ReportDraft.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    document = ReportDocument.from_dict(draft.document)
    if fmt == "csv":
        return _csv(document, request.GET.get("table"), draft, is_draft=True)
    if fmt not in CONTENT_TYPES:
        raise Http404
    return _file_response(_render(document, fmt), fmt, _names(draft, fmt, draft=True))


def _csv(document, key, record, *, is_draft):
    table = next((t for t in document.tables if t.key == key), None)
    if table is None:
        raise Http404
    names = _names(record, "csv", draft=is_draft, table=table)
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
    if fmt in ("docx", "pdf", "xlsx"):
        # Exactly the bytes frozen at issue time.
        return _file_response(bytes(getattr(report, fmt)), fmt, _names(report, fmt, draft=False))
    document = ReportDocument.from_dict(report.document)
    if fmt == "md":
        return _file_response(render_markdown(document).encode(), "md", _names(report, fmt, draft=False))
    if fmt == "csv":
        return _csv(document, request.GET.get("table"), report, is_draft=False)
    raise Http404


# --- the managers' dashboard --------------------------------------------------------------


def dashboard(request):
    from petitions.models import Category

    units = _units(request.user)
    data = request.GET.copy()
    default_unit = _default_unit(request.user, units)
    today = timezone.localdate()
    data.setdefault("unit", str(default_unit.pk) if default_unit else "")
    data.setdefault("kind", "ytd")
    data.setdefault("year", str(today.year))
    data.setdefault("month", str(today.month))
    form = PeriodForm(data, units=units)
    form.fields.pop("language")
    if not form.is_valid():
        return render(request, "reporting/dashboard.html", {"form": form})
    unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
    summary = build_summary(unit, period, today=today)
    links = dashboard_parts.Links(unit, period)
    category_ids = dict(Category.objects.filter(parent__isnull=True).values_list("name", "pk"))
    context = {
        "form": form,
        "summary": summary,
        "unit": unit,
        "period": period,
        "tiles": dashboard_parts.tiles(summary, links),
        "rows": [
            {"row": row, "links": None if row.own else dashboard_parts.Links(row.unit, period)}
            for row in summary.sub_units
        ],
        "charts": dashboard_parts.chart_set(summary, links, category_ids),
        "sub_query": _query(form.cleaned_data, exclude="unit"),
    }
    return render(request, "reporting/dashboard.html", context)


def _query(data, exclude=""):
    from urllib.parse import urlencode

    keep = {k: v for k, v in data.items() if k not in (exclude, "period") and v not in (None, "")}
    return urlencode({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in keep.items()})
