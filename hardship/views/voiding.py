"""Voiding any hardship record (one view for every kind)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.roles import role_required
from directory.voiding import AlreadyVoided, void_record

from ..models import Assistance, Enrolment, Household, HousingUnit, Programme, TrainingClass
from .common import PLANNERS

VOIDABLE = {
    "programme": Programme,
    "household": Household,
    "assistance": Assistance,
    "housing": HousingUnit,
    "class": TrainingClass,
    "enrolment": Enrolment,
}


@require_POST
@role_required(*PLANNERS)
def void(request, kind, pk):
    model = VOIDABLE.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Give a reason for voiding."))
    else:
        try:
            void_record(record=record, by=request.user, reason=reason)
        except AlreadyVoided:
            messages.error(request, _("This record was already voided."))
        else:
            messages.success(request, _("Record voided: it counts nowhere now."))
    return redirect(record)
