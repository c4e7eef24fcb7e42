"""Assistance given to households and the receipts that back it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.attachments import attachment_response
from directory.exports import Column
from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.roles import has_role, role_required

from .. import services
from ..figures import assistance_figures
from ..filters import AssistanceFilter
from ..forms import AssistanceForm
from ..models import Assistance, Programme, Receipt
from .common import EDITORS, PLANNERS, _export, _households, _id_column, _units


def assistance_list(request):
    rows = Assistance.objects.visible_to(request.user).active().for_list()
    filterset = AssistanceFilter(request.GET or None, queryset=rows, units=_units(request.user))
    rows = filterset.qs
    columns = lambda: [  # noqa: E731
        Column(_("Date"), lambda a: a.given_on.isoformat()),
        Column(_("Programme"), lambda a: str(a.programme)),
        Column(_("Kind"), lambda a: a.get_kind_display()),
        Column(_("Head of household"), lambda a: a.household.head.full_name),
        _id_column(request, lambda a: a.household.head.id_number),
        Column(_("Unit"), lambda a: a.household.org_unit.name),
        Column(_("Cash"), lambda a: a.cash),
        Column(_("Goods"), lambda a: a.goods),
        Column(_("Goods value"), lambda a: a.goods_value),
        Column(_("Visited by"), lambda a: a.visited_by),
    ]
    if exported := _export(request, rows, columns, "assistance"):
        return exported
    page, query = paginate(request, rows)
    period = list_period(filterset, "given_from", "given_to")
    figures = assistance_figures(rows, period) if period else None
    line = period_line(
        period,
        ("households", _("Households assisted"), figures and figures.households_assisted),
        ("records", _("Visits and disbursements"), figures and figures.records),
    )
    context = {"filter": filterset, "page": page, "query": query, "line": line}
    return render(request, "hardship/assistance_list.html", context)


def assistance(request, pk):
    record = get_object_or_404(Assistance.objects.visible_to(request.user).for_list(), pk=pk)
    return render(
        request,
        "hardship/assistance.html",
        {
            "record": record,
            "receipts": list(record.receipts.select_related("uploaded_by")),
            "history": history_rows(record.history.all()),
            "can_void": has_role(request.user, *PLANNERS),
        },
    )


@role_required(*EDITORS)
def assistance_create(request, pk):
    programme = get_object_or_404(Programme.objects.visible_to(request.user).active(), pk=pk)
    households = _households(request.user)
    initial = {
        "household": request.GET.get("household"),
        "given_on": localdate(),
        "visited_by": request.user.get_full_name(),
    }
    if programme.kind == Programme.Kind.SPRING_FESTIVAL:
        initial["kind"] = Assistance.Kind.VISIT
    form = AssistanceForm(request.POST or None, request.FILES or None, households=households, initial=initial)
    previous = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_assistance(
                by=request.user,
                programme=programme,
                household=data["household"],
                confirm_repeat=data["confirm_repeat"],
                **{f: data[f] for f in services.ASSISTANCE_FIELDS},
            )
            if data["receipt"]:
                services.add_receipt(assistance=record, by=request.user, upload=data["receipt"])
        except services.RepeatAssistance as error:
            previous = error.previous
            messages.warning(request, error.message)
        except ValidationError as error:
            form.add_error("receipt" if error.code in ("type", "too_large") else None, error)
        except services.HardshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Assistance recorded."))
            return redirect(programme)
    if not previous:
        form.fields.pop("confirm_repeat")
    return render(
        request,
        "hardship/assistance_form.html",
        {"form": form, "programme": programme, "previous": previous},
    )


@require_POST
@role_required(*EDITORS)
def receipt_upload(request, pk):
    record = get_object_or_404(Assistance.objects.visible_to(request.user).active(), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(record)
    try:
        services.add_receipt(assistance=record, by=request.user, upload=upload)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Receipt attached."))
    return redirect(record)


def receipt_download(request, pk):
    receipt = get_object_or_404(
        Receipt.objects.filter(assistance__in=Assistance.objects.visible_to(request.user)), pk=pk
    )
    return attachment_response(request, receipt)
