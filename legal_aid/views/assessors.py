"""People's assessors (人民陪审员) on the register and the hearings they sit on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.privacy import can_export_identifiable
from directory.roles import role_required

from .. import services
from ..figures import hearings_sat
from ..forms import AssessorForm, HearingFilter, HearingForm
from ..models import Assessor, AssessorHearing
from .common import CASEWORK, INTAKE, _add_errors, _unit_initial, _units, _void


def assessors(request):
    today = localdate()
    rows = list(Assessor.objects.visible_to(request.user).active().for_register(today.year))
    for a in rows:
        a.alerts = a.warnings(today, a.hearings_this_year)
    return render(request, "legal_aid/assessors.html", {"assessors": rows, "today": today})


def _get_assessor(request, pk):
    return get_object_or_404(
        Assessor.objects.visible_to(request.user).select_related("org_unit", "person", "staff_user", "voided_by"),
        pk=pk,
    )


def _assessor_page(request, assessor, hearing_form=None):
    today = localdate()
    hearings = list(assessor.hearings.active().order_by("-heard_on", "-pk"))
    this_year = sum(1 for h in hearings if h.heard_on.year == today.year)
    return render(
        request,
        "legal_aid/assessor.html",
        {
            "assessor": assessor,
            "hearings": hearings,
            "this_year": this_year,
            "alerts": assessor.warnings(today, this_year),
            "hearing_form": hearing_form or HearingForm(initial={"heard_on": today, "panel_size": 3}),
            "history": history_rows(assessor.history.all()),
        },
    )


def assessor(request, pk):
    return _assessor_page(request, _get_assessor(request, pk))


@role_required(*CASEWORK)
def assessor_create(request):
    form = AssessorForm(request.POST or None, user=request.user, initial=_unit_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            assessor = services.appoint_assessor(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Assessor added to the register."))
            return redirect(assessor)
    return render(request, "legal_aid/assessor_form.html", {"form": form})


@require_POST
@role_required(*INTAKE)
def hearing_create(request, pk):
    assessor = _get_assessor(request, pk)
    form = HearingForm(request.POST)
    if form.is_valid():
        try:
            services.record_hearing(assessor=assessor, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Hearing recorded."))
            return redirect(assessor)
    return _assessor_page(request, assessor, hearing_form=form)


@require_POST
@role_required(*CASEWORK)
def assessor_void(request, pk):
    return _void(request, _get_assessor(request, pk), "legal_aid:assessors")


def hearings(request):
    rows = AssessorHearing.objects.visible_to(request.user).active().for_list()
    filterset = HearingFilter(request.GET or None, queryset=rows, units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    period = list_period(filterset, "heard_from", "heard_to")
    line = period_line(period, ("hearings", _("Hearings sat"), period and hearings_sat(filterset.qs, period)))
    return render(
        request,
        "legal_aid/hearings.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "line": line,
            "can_export": can_export_identifiable(request.user),
        },
    )
