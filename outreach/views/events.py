"""Outreach events: the list and its export, the event page, recording and editing one, its photos."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.attachments import attach, attachment_response
from directory.exports import FORMATS, Column
from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.record_panels import panels_for_record
from directory.reference import book_titles
from directory.roles import role_required
from jobs.exports import export

from ..figures import event_figures
from ..forms import EventFilter, EventForm
from ..models import Event, EventPhoto
from ..services import EVENT_FIELDS, EVENT_M2M, record_event, update_event
from .common import EDITORS, VOIDERS, _can, _default_unit, _units, _void


def _event_filter(request):
    rows = Event.objects.visible_to(request.user).active().for_list()
    return EventFilter(request.GET or None, queryset=rows, user=request.user, units=_units(request.user))


def events(request):
    filterset = _event_filter(request)
    page, query = paginate(request, filterset.qs)
    period = list_period(filterset, "start", "end")
    figures = event_figures(filterset.qs, period) if period else None
    line = period_line(
        period,
        ("events", _("Events held"), figures and figures.events),
        ("leaflets", _("Leaflets"), figures and figures.leaflets),
    )
    context = {"filter": filterset, "page": page, "query": query, "formats": FORMATS, "line": line}
    return render(request, "outreach/events.html", context)


EVENT_COLUMNS = [
    Column(_("Date"), lambda e: e.held_on.isoformat()),
    Column(_("Title"), lambda e: e.title),
    Column(_("Campaign"), lambda e: str(e.campaign) if e.campaign else ""),
    Column(_("Kind"), lambda e: e.get_kind_display()),
    Column(_("Organising unit"), lambda e: e.org_unit.name),
    Column(_("Place"), lambda e: e.place),
    Column(_("Partner agencies"), lambda e: "、".join(a.name for a in e.partners.all())),
    Column(_("Laws promoted"), lambda e: book_titles(e.laws.all())),
    Column(_("Audience"), lambda e: e.audience),
    Column(_("Leaflets"), lambda e: e.leaflets),
    Column(_("Other materials"), lambda e: e.materials),
    Column(_("Performances"), lambda e: e.performances),
]


def events_export(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404
    filterset = _event_filter(request)
    return export(request=request, queryset=filterset.qs, columns=EVENT_COLUMNS, fmt=fmt, basename="events")


def event(request, pk):
    event = get_object_or_404(
        Event.objects.visible_to(request.user)
        .select_related("org_unit", "campaign", "created_by", "voided_by")
        .prefetch_related("partners", "laws", "covered_units", "volunteers__team", "photos"),
        pk=pk,
    )
    return render(
        request,
        "outreach/event.html",
        {
            "event": event,
            "history": _event_history(event),
            "can_edit": _can(request.user, EDITORS),
            "panels": panels_for_record(request, event),
        },
    )


def _event_history(event):
    return history_rows(event.history.all())


def _event_form_values(data):
    fields = {f: data[f] for f in EVENT_FIELDS}
    relations = {f: data[f] for f in EVENT_M2M}
    return fields, relations


@role_required(*EDITORS)
def event_create(request):
    units = _units(request.user)
    initial = {"org_unit": _default_unit(request.user), "held_on": date.today()}
    if request.GET.get("campaign"):
        initial["campaign"] = request.GET["campaign"]
    form = EventForm(request.POST or None, user=request.user, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields, relations = _event_form_values(form.cleaned_data)
        try:
            event = record_event(by=request.user, **fields, **relations)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event was recorded."))
            return redirect(event)
    return render(request, "outreach/event_form.html", {"form": form})


@role_required(*EDITORS)
def event_edit(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user).active(), pk=pk)
    form = EventForm(request.POST or None, instance=event, user=request.user, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        fields, relations = _event_form_values(form.cleaned_data)
        try:
            update_event(
                event=event, by=request.user, expected_version=form.cleaned_data["seen_version"], **fields, **relations
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(event)
    return render(request, "outreach/event_form.html", {"form": form, "event": event})


@require_POST
@role_required(*VOIDERS)
def event_void(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    return _void(request, event, event)


@require_POST
@role_required(*EDITORS)
def event_photo_add(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user).active(), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(event)
    try:
        attach(
            model=EventPhoto,
            by=request.user,
            upload=upload,
            description=request.POST.get("description", ""),
            event=event,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The photo was attached."))
    return redirect(event)


def event_photo(request, pk, photo_pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    photo = get_object_or_404(event.photos, pk=photo_pk)
    return attachment_response(request, photo)
