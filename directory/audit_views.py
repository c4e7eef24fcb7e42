"""The auditor's page: the access log of the auditor's units, filtered and exported (logged)."""

import django_filters
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .exports import FORMATS, Column, export_response
from .filters import SubtreeFilter, offer_units
from .forms import DateInput
from .listing import paginate
from .models import AccessLog, OrgUnit
from .roles import Role, role_required


class AccessLogFilter(django_filters.FilterSet):
    who = django_filters.CharFilter(label=_("Staff member"), method="by_user")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessLog.Action.choices)
    unit = SubtreeFilter(label=_("Unit"))
    start = django_filters.DateFilter(label=_("From"), field_name="at__date", lookup_expr="gte", widget=DateInput())
    end = django_filters.DateFilter(label=_("To"), field_name="at__date", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = AccessLog
        fields = []

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self, units)

    def by_user(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(user__username__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
        )


def _entries(request):
    units = OrgUnit.objects.visible_to(request.user)
    rows = AccessLog.objects.visible_to(request.user).select_related("user__staff__org_unit").order_by("-id")
    return AccessLogFilter(request.GET or None, queryset=rows, units=units)


def _who(entry):
    return entry.user.get_full_name() or entry.user.get_username()


def _unit(entry):
    staff = getattr(entry.user, "staff", None)
    return staff.org_unit.name if staff else ""


COLUMNS = [
    Column(_("At"), lambda e: e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
    Column(_("Staff member"), _who),
    Column(_("Unit"), _unit),
    Column(_("Action"), lambda e: e.get_action_display()),
    Column(_("Record or file"), lambda e: e.target_label),
    Column(_("IP address"), lambda e: e.ip_address or ""),
    Column(_("Rows"), lambda e: e.detail.get("rows", "")),
]


@role_required(Role.AUDITOR)
def access_log(request):
    filterset = _entries(request)
    page, query = paginate(request, filterset.qs)
    return render(request, "directory/access_log.html", {"filter": filterset, "page": page, "query": query})


@role_required(Role.AUDITOR)
def access_log_export(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404
    # The export logs itself; the file holds what was logged before it.
    newest = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return export_response(
        request=request,
        queryset=_entries(request).qs.filter(id__lte=newest),
        columns=COLUMNS,
        fmt=fmt,
        basename="access-log",
    )
