"""Cadre training sessions and their trainees."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.exports import FORMATS, Column
from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.roles import role_required
from jobs.exports import export

from ..figures import training_figures
from ..forms import TraineesForm, TrainingFilter, TrainingForm
from ..models import Trainee, TrainingSession
from ..services import TRAINING_FIELDS, TraineeRefused, add_trainees, record_training, remove_trainee, update_training
from .common import EDITORS, VOIDERS, _can, _default_unit, _units, _void


def _training_filter(request):
    rows = TrainingSession.objects.visible_to(request.user).active().for_list()
    return TrainingFilter(request.GET or None, queryset=rows, units=_units(request.user))


def trainings(request):
    filterset = _training_filter(request)
    page, query = paginate(request, filterset.qs)
    period = list_period(filterset, "start", "end")
    figures = training_figures(filterset.qs, period) if period else None
    line = period_line(
        period,
        ("sessions", _("Sessions"), figures and figures.sessions),
        ("person-times", _("Person-times trained"), figures and figures.person_times),
    )
    context = {"filter": filterset, "page": page, "query": query, "formats": FORMATS, "line": line}
    return render(request, "outreach/trainings.html", context)


TRAINING_COLUMNS = [
    Column(_("First day"), lambda s: s.starts_on.isoformat()),
    Column(_("Last day"), lambda s: s.ends_on.isoformat()),
    Column(_("Title"), lambda s: s.title),
    Column(_("Organising unit"), lambda s: s.org_unit.name),
    Column(_("Hours"), lambda s: float(s.hours)),
    Column(_("Trainees"), lambda s: s.n_trainees),
    Column(_("Topics"), lambda s: s.topics),
]


def trainings_export(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404
    return export(
        request=request, queryset=_training_filter(request).qs, columns=TRAINING_COLUMNS, fmt=fmt, basename="trainings"
    )


def _trainees_form(request, session, data=None):
    staff_users = (
        get_user_model()
        .objects.filter(staff__org_unit__in=_units(request.user), is_active=True)
        .select_related("staff__org_unit")
        .order_by("staff__org_unit__path", "first_name")
    )
    return TraineesForm(
        data, staff_users=staff_users, units=_units(request.user), initial={"org_unit": session.org_unit_id}
    )


def training(request, pk, trainees_form=None):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user)
        .select_related("org_unit", "created_by", "voided_by")
        .prefetch_related("laws", Prefetch("trainees", queryset=Trainee.objects.select_related("org_unit"))),
        pk=pk,
    )
    can_edit = _can(request.user, EDITORS)
    return render(
        request,
        "outreach/training.html",
        {
            "session": session,
            "history": history_rows(session.history.all()),
            "can_edit": can_edit,
            "trainees_form": trainees_form or (_trainees_form(request, session) if can_edit else None),
        },
    )


@role_required(*EDITORS)
def training_create(request):
    units = _units(request.user)
    form = TrainingForm(
        request.POST or None, units=units, initial={"org_unit": _default_unit(request.user), "hours": 4}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = record_training(by=request.user, laws=data["laws"], **{f: data[f] for f in TRAINING_FIELDS})
        messages.success(request, _("The training session was recorded. Now add its trainees."))
        return redirect(session)
    return render(request, "outreach/training_form.html", {"form": form})


@role_required(*EDITORS)
def training_edit(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user).active(), pk=pk)
    form = TrainingForm(request.POST or None, instance=session, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_training(
                session=session,
                by=request.user,
                expected_version=data["seen_version"],
                laws=data["laws"],
                **{f: data[f] for f in TRAINING_FIELDS},
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(session)
    return render(request, "outreach/training_form.html", {"form": form, "session": session})


@require_POST
@role_required(*VOIDERS)
def training_void(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    return _void(request, session, session)


@require_POST
@role_required(*EDITORS)
def trainees_add(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user).active(), pk=pk)
    form = _trainees_form(request, session, request.POST)
    if not form.is_valid():
        return training(request, pk, trainees_form=form)
    try:
        added = add_trainees(
            session=session,
            by=request.user,
            users=form.cleaned_data["users"],
            names=form.cleaned_data["name_list"],
            org_unit=form.cleaned_data["org_unit"],
        )
    except TraineeRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)s trainees added.") % {"n": len(added)})
    return redirect(session)


@require_POST
@role_required(*EDITORS)
def trainee_remove(request, pk, trainee_pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user).active(), pk=pk)
    trainee = get_object_or_404(session.trainees, pk=trainee_pk)
    remove_trainee(trainee=trainee, by=request.user)
    messages.success(request, _("%(name)s was taken off the session.") % {"name": trainee.full_name})
    return redirect(session)
