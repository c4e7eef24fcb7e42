"""Pieces every hardship page shares: roles, scoping helpers, exports."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from directory.exports import FORMATS, Column
from directory.models import OrgUnit, staff_of
from directory.privacy import can_export_identifiable, can_view_identifiers, mask_id_number
from directory.roles import Role
from jobs.exports import export

from ..models import Household

EDITORS = (Role.CLERK, Role.HANDLER, Role.MANAGER, Role.ADMIN)  # households, visits, receipts
PLANNERS = (Role.HANDLER, Role.MANAGER, Role.ADMIN)  # programmes, housing, classes, enrolments, voiding


def _units(user):
    return OrgUnit.objects.visible_to(user)


def _households(user):
    return Household.objects.visible_to(user).active().select_related("head", "org_unit").order_by("head__name_pinyin")


def _staff_unit_id(user):
    staff = staff_of(user)
    return staff.org_unit_id if staff else None


def _export(request, queryset, columns, basename):
    """The export response when `?format=` asks for one; `columns` is called only then."""
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        return None
    if not can_export_identifiable(request.user):
        raise PermissionDenied
    return export(request=request, queryset=queryset, columns=columns(), fmt=fmt, basename=basename)


def _id_column(request, getter):
    show = can_view_identifiers(request.user)
    return Column(_("ID number"), lambda o: getter(o) if show else mask_id_number(getter(o)))
