"""Training classes of a programme, enrolling people and each enrolment's steps."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.exports import Column
from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import Person
from directory.roles import has_role, role_required

from .. import services
from ..figures import training_figures
from ..filters import EnrolmentFilter
from ..forms import EnrolForm, EnrolmentStepForm, TrainingClassForm
from ..models import Enrolment, Household, Programme, TrainingClass
from .common import PLANNERS, _export, _id_column, _units


def training_class(request, pk):
    klass = get_object_or_404(TrainingClass.objects.visible_to(request.user).select_related("programme"), pk=pk)
    enrolments = list(klass.enrolments.active().select_related("student", "household"))
    seats = sum(1 for e in enrolments if e.status != Enrolment.Status.DROPPED)
    return render(
        request,
        "hardship/training_class.html",
        {
            "klass": klass,
            "enrolments": enrolments,
            "seats": seats,
            "enrol_form": EnrolForm(people=None),
            "step_form": EnrolmentStepForm(),
            "history": history_rows(klass.history.all()),
            "can_plan": has_role(request.user, *PLANNERS),
        },
    )


@role_required(*PLANNERS)
def training_class_form(request, programme_pk=None, pk=None):
    klass = get_object_or_404(TrainingClass.objects.visible_to(request.user).active(), pk=pk) if pk else None
    if klass:
        programme = klass.programme
    else:
        programme = get_object_or_404(
            Programme.objects.visible_to(request.user).active(), pk=programme_pk, kind__in=services.TRAINING_KINDS
        )
    form = TrainingClassForm(request.POST or None, instance=klass)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in services.CLASS_FIELDS}
        try:
            if klass:
                saved = services.update_training_class(
                    training_class=klass, by=request.user, expected_version=data["seen_version"], **fields
                )
            else:
                saved = services.create_training_class(by=request.user, programme=programme, **fields)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.HardshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Class saved."))
            return redirect(saved)
    return render(
        request, "hardship/form.html", {"form": form, "title": _("Training class"), "cancel": klass or programme}
    )


@require_POST
@role_required(*PLANNERS)
def enrol(request, pk):
    klass = get_object_or_404(TrainingClass.objects.visible_to(request.user).active(), pk=pk)
    form = EnrolForm(request.POST, people=Person.objects.visible_to(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(klass)
    student = form.cleaned_data["student"]
    household = Household.objects.visible_to(request.user).active().filter(head=student).first()
    try:
        services.enrol_student(
            by=request.user,
            training_class=klass,
            student=student,
            household=household,
            enrolled_on=form.cleaned_data["enrolled_on"],
        )
    except services.HardshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s enrolled.") % {"name": student.full_name})
    return redirect(klass)


ENROLMENT_STEPS = {
    "graduate": services.graduate,
    "drop": services.drop_out,
    "employ": services.record_employment,
    "lifted": services.mark_lifted_out,
}


@require_POST
@role_required(*PLANNERS)
def enrolment_step(request, pk, step):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user), pk=pk)
    if step not in ENROLMENT_STEPS:
        raise Http404
    form = EnrolmentStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of this step."))
        return redirect(enrolment)
    data = form.cleaned_data
    extra = {"employer": data["employer"]} if step == "employ" else {}
    try:
        ENROLMENT_STEPS[step](
            enrolment=enrolment, by=request.user, on=data["on"], expected_version=data["seen_version"], **extra
        )
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
    except services.HardshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(enrolment)


def enrolments(request):
    rows = Enrolment.objects.visible_to(request.user).active().for_list()
    filterset = EnrolmentFilter(request.GET or None, queryset=rows, units=_units(request.user))
    rows = filterset.qs
    columns = lambda: [  # noqa: E731
        Column(_("Class"), lambda e: e.training_class.name),
        Column(_("Student"), lambda e: e.student.full_name),
        _id_column(request, lambda e: e.student.id_number),
        Column(_("Status"), lambda e: e.get_status_display()),
        Column(_("Enrolled on"), lambda e: e.enrolled_on.isoformat()),
        Column(_("Graduated on"), lambda e: e.graduated_on.isoformat() if e.graduated_on else ""),
        Column(_("Employer"), lambda e: e.employer),
        Column(_("Employed on"), lambda e: e.employed_on.isoformat() if e.employed_on else ""),
        Column(_("Household left poverty on"), lambda e: e.lifted_out_on.isoformat() if e.lifted_out_on else ""),
    ]
    if exported := _export(request, rows, columns, "enrolments"):
        return exported
    page, query = paginate(request, rows)
    period = list_period(filterset, "enrolled_from", "enrolled_to")
    figures = training_figures(rows, period) if period else None
    line = period_line(
        period,
        ("enrolled", _("Enrolled in the period"), figures and figures.enrolled),
        ("students", _("Poor women enrolled"), figures and figures.poor_female_enrolled),
    )
    context = {"filter": filterset, "page": page, "query": query, "line": line}
    return render(request, "hardship/enrolments.html", context)
