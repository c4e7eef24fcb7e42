"""Pieces every legal-aid page shares: roles, scoping helpers, form errors from services, voiding."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from directory.models import OrgUnit, staff_of
from directory.roles import Role
from directory.voiding import AlreadyVoided, void_record

INTAKE = (Role.CLERK, Role.HANDLER, Role.MANAGER)
CASEWORK = (Role.HANDLER, Role.MANAGER)


def _units(user):
    return OrgUnit.objects.visible_to(user)


def _unit_initial(user):
    staff = staff_of(user)
    return {"org_unit": staff.org_unit_id} if staff else {}


def _add_errors(form, error: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _void(request, record, success_url):
    reason = request.POST.get("reason", "")
    if not reason.strip():
        messages.error(request, _("Give a reason for voiding."))
        return redirect(record)
    try:
        void_record(record=record, by=request.user, reason=reason)
    except AlreadyVoided:
        messages.error(request, _("This record was already voided."))
        return redirect(record)
    messages.success(request, _("Record voided."))
    return redirect(success_url)
