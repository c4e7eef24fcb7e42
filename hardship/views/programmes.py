"""Hardship-support programmes: the list, the programme page, creating and editing one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from directory.exports import Column
from directory.history import history_rows
from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.roles import has_role, role_required

from .. import services
from ..filters import ProgrammeFilter
from ..forms import ProgrammeForm
from ..models import Enrolment, Programme
from .common import EDITORS, PLANNERS, _export, _staff_unit_id, _units


def programmes(request):
    rows = Programme.objects.visible_to(request.user).active().for_list()
    filterset = ProgrammeFilter(request.GET or None, queryset=rows)
    rows = filterset.qs
    columns = lambda: [  # noqa: E731
        Column(_("Year"), lambda p: p.year),
        Column(_("Name"), lambda p: p.name),
        Column(_("Kind"), lambda p: p.get_kind_display()),
        Column(_("Unit"), lambda p: p.org_unit.name),
        Column(_("Budget"), lambda p: p.budget),
        Column(_("Committed"), lambda p: p.committed),
        Column(_("Spent"), lambda p: p.spent),
        Column(_("Remaining"), lambda p: p.remaining),
    ]
    if exported := _export(request, rows, columns, "programmes"):
        return exported
    page, query = paginate(request, rows)
    return render(request, "hardship/programmes.html", {"filter": filterset, "page": page, "query": query})


def programme(request, pk):
    programme = get_object_or_404(Programme.objects.visible_to(request.user).for_list(), pk=pk)
    context = {
        "programme": programme,
        "funding": list(programme.funding.filter(amount__gt=0)),
        "history": history_rows(programme.history.all()),
        "can_plan": has_role(request.user, *PLANNERS),
        "can_record": has_role(request.user, *EDITORS),
    }
    assistance = programme.assistance.active().for_list()
    context["assistance"] = list(assistance[:20])
    context["assistance_count"] = assistance.count()
    if programme.kind == Programme.Kind.HOUSING:
        context["housing_units"] = list(programme.housing_units.active().for_list())
    if programme.kind in services.TRAINING_KINDS:
        context["classes"] = list(
            programme.classes.active().annotate(
                seats=Count(
                    "enrolments",
                    filter=Q(enrolments__voided_at__isnull=True) & ~Q(enrolments__status=Enrolment.Status.DROPPED),
                )
            )
        )
    return render(request, "hardship/programme.html", context)


@role_required(*PLANNERS)
def programme_form(request, pk=None):
    instance = get_object_or_404(Programme.objects.visible_to(request.user).active(), pk=pk) if pk else None
    form = ProgrammeForm(
        request.POST or None,
        instance=instance,
        units=_units(request.user),
        initial={} if instance else {"org_unit": _staff_unit_id(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in services.PROGRAMME_FIELDS}
        try:
            if instance:
                saved = services.update_programme(
                    programme=instance,
                    by=request.user,
                    expected_version=data["seen_version"],
                    funding=form.funding(),
                    **fields,
                )
            else:
                saved = services.create_programme(by=request.user, funding=form.funding(), **fields)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect(saved)
    return render(request, "hardship/form.html", {"form": form, "title": _("Programme"), "cancel": instance})
