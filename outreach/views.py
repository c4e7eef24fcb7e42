from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.attachments import attach, attachment_response
from directory.exports import FORMATS, Column, export_response
from directory.history import history_rows
from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import OrgUnit, ServicePoint, Volunteer, VolunteerTeam, staff_of
from directory.periods import Period
from directory.reference import book_titles
from directory.roles import Role, role_required
from directory.voiding import AlreadyVoided, void_record

from .figures import outreach_figures, point_coverage
from .forms import (
    CampaignForm,
    ClosePointForm,
    DayForm,
    EventFilter,
    EventForm,
    OpenPointForm,
    TraineesForm,
    TrainingFilter,
    TrainingForm,
)
from .models import Campaign, Event, EventPhoto, Trainee, TrainingSession
from .services import (
    CAMPAIGN_FIELDS,
    EVENT_FIELDS,
    EVENT_M2M,
    TRAINING_FIELDS,
    PointRefused,
    TraineeRefused,
    add_trainees,
    close_service_point,
    create_campaign,
    open_service_point,
    record_event,
    record_training,
    remove_trainee,
    update_campaign,
    update_event,
    update_training,
)

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


# --- Events -------------------------------------------------------------------


def _event_filter(request):
    rows = Event.objects.visible_to(request.user).active().for_list()
    return EventFilter(request.GET or None, queryset=rows, user=request.user, units=_units(request.user))


def events(request):
    filterset = _event_filter(request)
    page, query = paginate(request, filterset.qs)
    return render(
        request, "outreach/events.html", {"filter": filterset, "page": page, "query": query, "formats": FORMATS}
    )


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
    return export_response(request=request, queryset=filterset.qs, columns=EVENT_COLUMNS, fmt=fmt, basename="events")


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
        {"event": event, "history": _event_history(event), "can_edit": _can(request.user, EDITORS)},
    )


def _can(user, roles):
    from directory.roles import has_role

    return has_role(user, *roles)


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


# --- Campaigns ---------------------------------------------------------------


def campaigns(request):
    rows = Campaign.objects.visible_to(request.user).active().for_list()
    year = request.GET.get("year", "")
    if year.isdigit():
        rows = rows.filter(year=int(year))
    page, query = paginate(request, rows)
    return render(request, "outreach/campaigns.html", {"page": page, "query": query, "year": year})


def campaign(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    rows = Event.objects.visible_to(request.user).active().filter(campaign=campaign).for_list()
    return render(
        request,
        "outreach/campaign.html",
        {
            "campaign": campaign,
            "events": rows[:200],
            "history": history_rows(campaign.history.all()),
            "can_edit": _can(request.user, EDITORS),
        },
    )


@role_required(*EDITORS)
def campaign_create(request):
    units = _units(request.user)
    form = CampaignForm(
        request.POST or None, units=units, initial={"org_unit": _default_unit(request.user), "year": date.today().year}
    )
    if request.method == "POST" and form.is_valid():
        campaign = create_campaign(by=request.user, **{f: form.cleaned_data[f] for f in CAMPAIGN_FIELDS})
        messages.success(request, _("The campaign was recorded."))
        return redirect(campaign)
    return render(request, "outreach/campaign_form.html", {"form": form})


@role_required(*EDITORS)
def campaign_edit(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).active(), pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            update_campaign(
                campaign=campaign,
                by=request.user,
                expected_version=form.cleaned_data["seen_version"],
                **{f: form.cleaned_data[f] for f in CAMPAIGN_FIELDS},
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(campaign)
    return render(request, "outreach/campaign_form.html", {"form": form, "campaign": campaign})


@require_POST
@role_required(*VOIDERS)
def campaign_void(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    return _void(request, campaign, campaign)


# --- Cadre training ------------------------------------------------------------


def _training_filter(request):
    rows = TrainingSession.objects.visible_to(request.user).active().for_list()
    return TrainingFilter(request.GET or None, queryset=rows, units=_units(request.user))


def trainings(request):
    filterset = _training_filter(request)
    page, query = paginate(request, filterset.qs)
    return render(
        request, "outreach/trainings.html", {"filter": filterset, "page": page, "query": query, "formats": FORMATS}
    )


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
    return export_response(
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


# --- Volunteer teams -----------------------------------------------------------


def teams(request):
    year = _year(request)
    period = Period.year(year)
    in_year = Q(
        members__outreach_events__held_on__range=(period.start, period.end),
        members__outreach_events__voided_at__isnull=True,
    )
    rows = (
        VolunteerTeam.objects.visible_to(request.user)
        .select_related("org_unit")
        .annotate(
            n_members=Count("members", distinct=True),
            n_active=Count("members", filter=in_year, distinct=True),
            n_events=Count("members__outreach_events", filter=in_year, distinct=True),
        )
        .order_by("org_unit__path", "name")
    )
    page, query = paginate(request, rows)
    return render(request, "outreach/teams.html", {"page": page, "query": query, "year": year})


def team(request, pk):
    team = get_object_or_404(VolunteerTeam.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    year = _year(request)
    period = Period.year(year)
    events_in_year = (
        Event.objects.active().held_in(period).filter(volunteers__team=team).distinct().select_related("org_unit")
    )
    members = list(
        Volunteer.objects.filter(team=team)
        .prefetch_related(
            Prefetch(
                "outreach_events",
                queryset=Event.objects.active().held_in(period).order_by("held_on"),
                to_attr="events_in_year",
            )
        )
        .order_by("full_name")
    )
    return render(
        request,
        "outreach/team.html",
        {
            "team": team,
            "year": year,
            "members": members,
            "events": list(events_in_year.order_by("held_on")),
            "active": sum(1 for m in members if m.events_in_year),
        },
    )


# --- The service-point network ---------------------------------------------------


def network(request, pk=None):
    units = _units(request.user)
    if pk is None:
        unit = OrgUnit.objects.filter(pk=_default_unit(request.user)).first() or units.order_by("path").first()
        if unit is None:
            raise Http404
    else:
        unit = get_object_or_404(units.select_related("parent"), pk=pk)
    day = DayForm(request.GET or None).day()
    day_form = DayForm(initial={"on": day})
    subtree = OrgUnit.objects.within(unit)
    coverage = point_coverage(subtree, day)
    villages = [u for u in coverage.units if u.level == OrgUnit.Level.VILLAGE]
    points: dict[int, list] = {}
    for point in ServicePoint.objects.within(unit).open_on(day).order_by("kind", "name"):
        points.setdefault(point.org_unit_id, []).append(point)
    names = {u.unit_id: u.name for u in coverage.units}
    village_rows = [
        {
            "unit": v,
            "parent": names.get(v.parent_id, ""),
            "dv": [p for p in points.get(v.unit_id, []) if p.kind == ServicePoint.Kind.DV_COMPLAINT],
            "other": [p for p in points.get(v.unit_id, []) if p.kind != ServicePoint.Kind.DV_COMPLAINT],
        }
        for v in villages
    ]
    can_edit = _can(request.user, NETWORK_EDITORS)
    return render(
        request,
        "outreach/network.html",
        {
            "unit": unit,
            "parent_visible": unit.parent is not None and _sees(request.user, unit.parent),
            "day": day,
            "day_form": day_form,
            "coverage": coverage,
            "tree": [
                {"row": u, "indent": min(u.depth - unit.depth + 1, 4), "width": int(u.villages.percent or 0)}
                for u in coverage.units
                if u.level != OrgUnit.Level.VILLAGE
            ],
            "villages": village_rows,
            "upper_points": [p for uid, ps in points.items() if uid not in {v.unit_id for v in villages} for p in ps],
            "unit_names": names,
            "can_edit": can_edit,
            "open_form": OpenPointForm(units=subtree, initial={"opened_on": date.today()}) if can_edit else None,
            "close_form": ClosePointForm(initial={"closed_on": date.today()}) if can_edit else None,
        },
    )


@require_POST
@role_required(*NETWORK_EDITORS)
def point_open(request):
    form = OpenPointForm(request.POST, units=_units(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            open_service_point(
                org_unit=data["org_unit"],
                kind=data["kind"],
                name=data["name"],
                opened_on=data["opened_on"],
                by=request.user,
            )
        except PointRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s was recorded as opened.") % {"name": data["name"]})
        return redirect("outreach:network_unit", pk=data["org_unit"].parent_id or data["org_unit"].pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("outreach:network")


@require_POST
@role_required(*NETWORK_EDITORS)
def point_close(request, pk):
    point = get_object_or_404(ServicePoint.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    form = ClosePointForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the point closed."))
    else:
        try:
            close_service_point(
                point=point,
                closed_on=form.cleaned_data["closed_on"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except PointRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s was recorded as closed.") % {"name": point.name})
    return redirect("outreach:network_unit", pk=point.org_unit.parent_id or point.org_unit_id)


# --- Figures -------------------------------------------------------------------


def figures(request):
    units = _units(request.user)
    year = _year(request)
    unit_id = request.GET.get("unit") or _default_unit(request.user)
    unit = units.filter(pk=unit_id).first() if str(unit_id or "").isdigit() else None
    if unit is None:
        unit = units.order_by("path").first()
    if unit is None:
        raise Http404
    period = Period.year(year)
    result = outreach_figures(
        Event.objects.within(unit), TrainingSession.objects.within(unit), OrgUnit.objects.within(unit), period
    )
    return render(
        request,
        "outreach/figures.html",
        {
            "unit": unit,
            "year": year,
            "figures": result,
            "unit_choices": units.exclude(level=OrgUnit.Level.VILLAGE).only("pk", "name", "depth"),
        },
    )
