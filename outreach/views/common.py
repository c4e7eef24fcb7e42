"""Pieces every outreach page shares: roles, scoping helpers, the year asked for, voiding."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from directory.models import OrgUnit, staff_of
from directory.roles import Role
from directory.voiding import AlreadyVoided, void_record

EDITORS = (Role.CLERK, Role.HANDLER, Role.MANAGER)
VOIDERS = (Role.MANAGER,)
NETWORK_EDITORS = (Role.MANAGER, Role.ADMIN)


def _units(user):
    return OrgUnit.objects.visible_to(user)


def _sees(user, unit) -> bool:
    """Whether `unit` lies in the user's subtree (no query: the staff row is cached)."""
    if user.is_superuser:
        return True
    staff = staff_of(user)
    return staff is not None and unit.path.startswith(staff.org_unit.path)


def _default_unit(user):
    staff = staff_of(user)
    return staff.org_unit_id if staff else None


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = date.today().year
    return year if 1990 <= year <= 2100 else date.today().year


def _void(request, record, redirect_to):
    try:
        void_record(record=record, by=request.user, reason=request.POST.get("reason", ""))
    except ValueError:
        messages.error(request, _("Give a reason to void this record."))
    except AlreadyVoided:
        messages.error(request, _("This record was already voided."))
    else:
        messages.success(request, _("The record was voided; it no longer counts anywhere."))
    return redirect(redirect_to)


def _can(user, roles):
    from directory.roles import has_role

    return has_role(user, *roles)
