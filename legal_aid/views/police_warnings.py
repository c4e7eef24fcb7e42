"""Police warnings (告诫书) and their follow-up visits."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.history import history_rows
from directory.listing import paginate
from directory.privacy import can_export_identifiable, can_view_identifiers, log_access
from directory.roles import role_required

from .. import services
from ..forms import PoliceWarningForm, VisitForm, WarningFilter
from ..models import PoliceWarning
from .common import CASEWORK, INTAKE, _add_errors, _unit_initial, _units, _void


def warnings(request):
    rows = PoliceWarning.objects.visible_to(request.user).active().for_list()
    filterset = WarningFilter(request.GET or None, queryset=rows, units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    return render(
        request,
        "legal_aid/warnings.html",
        {"filter": filterset, "page": page, "query": query, "can_export": can_export_identifiable(request.user)},
    )


def _get_warning(request, pk):
    return get_object_or_404(
        PoliceWarning.objects.visible_to(request.user).select_related(
            "org_unit", "victim", "police_station", "legal_aid_case", "voided_by"
        ),
        pk=pk,
    )


def _warning_page(request, warning, visit_form=None):
    show = can_view_identifiers(request.user)
    return render(
        request,
        "legal_aid/warning.html",
        {
            "warning": warning,
            "visits": list(warning.visits.select_related("recorded_by")),
            "visit_form": visit_form or VisitForm(initial={"visited_on": localdate()}),
            "show_identifiers": show,
            "history": history_rows(warning.history.all(), show_identifiers=show),
        },
    )


def warning(request, pk):
    warning = _get_warning(request, pk)
    log_access(user=request.user, action="view", target=warning, request=request)
    return _warning_page(request, warning)


@role_required(*INTAKE)
def warning_create(request):
    form = PoliceWarningForm(request.POST or None, user=request.user, initial=_unit_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            warning = services.record_police_warning(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Police warning recorded."))
            return redirect(warning)
    return render(request, "legal_aid/warning_form.html", {"form": form})


@require_POST
@role_required(*INTAKE)
def warning_visit(request, pk):
    warning = _get_warning(request, pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_follow_up_visit(
                warning=warning, by=request.user, visited_on=data["visited_on"], visitor=data["by"], notes=data["notes"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Follow-up visit recorded."))
            return redirect(warning)
    return _warning_page(request, warning, visit_form=form)


@require_POST
@role_required(*CASEWORK)
def warning_void(request, pk):
    return _void(request, _get_warning(request, pk), "legal_aid:warnings")
