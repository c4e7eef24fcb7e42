"""Issue a document on a record, download an issued copy, edit the templates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from directory.privacy import log_access
from directory.roles import Role, has_role, role_required
from reporting.downloads import UNSAFE, content_disposition

from . import services
from .forms import ReissueForm, TemplateForm
from .kinds import COMMON, KINDS
from .models import DocumentTemplate, IssuedDocument

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
TEMPLATE_EDITORS = (Role.ADMIN,)


def _kind(code):
    kind = KINDS.get(code)
    if kind is None:
        raise Http404
    return kind


@require_POST
def issue(request, kind, pk):
    kind = _kind(kind)
    record = get_object_or_404(kind.model.objects.visible_to(request.user), pk=pk)
    if not has_role(request.user, *kind.roles):
        raise PermissionDenied
    form = ReissueForm(request.POST)
    form.is_valid()
    earlier = IssuedDocument.objects.visible_to(request.user).for_record(record).filter(kind=kind.code).first()
    if earlier is not None and not form.cleaned_data.get("again"):
        # A reprint is the stored copy: a second click must not use up a second number.
        messages.info(request, _("This document was already issued as %(doc)s; download it below.") % {"doc": earlier})
        return redirect(record)
    try:
        issued = services.issue_document(
            kind=kind, record=record, by=request.user, on=localdate(), reason=form.cleaned_data.get("reason", "")
        )
    except services.NotApplicable:
        messages.error(request, _("This document cannot be issued in the record's present state."))
    except services.NoTemplate:
        messages.error(request, _("No template has been saved for this document yet; ask a system administrator."))
    else:
        messages.success(request, _("%(doc)s was issued.") % {"doc": issued})
    return redirect(record)


@require_GET
def download(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    other = "pdf" if fmt == "docx" else "docx"
    document = get_object_or_404(IssuedDocument.objects.visible_to(request.user).defer(other), pk=pk)
    log_access(
        user=request.user,
        action="download",
        target=document,
        detail={"format": fmt, "kind": document.kind, "number": document.number},
        request=request,
    )
    body = bytes(getattr(document, fmt))
    name = UNSAFE.sub("_", f"{document.title}_{document.number or document.issued_on.strftime('%Y%m%d')}") + f".{fmt}"
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition(name, f"document-{document.pk}.{fmt}")
    return response


@role_required(*TEMPLATE_EDITORS)
def templates(request):
    current = {}
    for template in DocumentTemplate.objects.select_related("created_by").order_by("kind", "-version"):
        current.setdefault(template.kind, template)
    rows = [{"kind": kind, "template": current.get(kind.code)} for kind in KINDS.values()]
    return render(request, "documents/templates.html", {"rows": rows})


@role_required(*TEMPLATE_EDITORS)
def template_edit(request, kind):
    kind = _kind(kind)
    versions = list(DocumentTemplate.objects.filter(kind=kind.code).select_related("created_by").order_by("-version"))
    current = versions[0] if versions else None
    initial = {"title": current.title, "number_word": current.number_word, "body": current.body} if current else {}
    form = TemplateForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = services.save_template(
            kind=kind,
            by=request.user,
            title=data["title"],
            body=data["body"],
            number_word=data["number_word"],
            note=data["note"],
        )
        messages.success(request, _("Version %(n)s of the template was saved.") % {"n": saved.version})
        return redirect("documents:template", kind=kind.code)
    placeholders = [(name, description, name in COMMON) for name, description in kind.allowed.items()]
    return render(
        request,
        "documents/template_edit.html",
        {"kind": kind, "form": form, "versions": versions, "placeholders": placeholders},
        status=400 if form.is_bound else 200,
    )
