from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from directory.duplicates import find_possible_duplicates
from directory.exports import FORMATS
from directory.history import history_rows
from directory.listing import count_limit, list_period, paginate, unfiltered
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import Agency, OrgUnit, Person, staff_of
from directory.privacy import can_export_identifiable, can_view_identifiers, mask_id_number, mask_name, mask_phone
from directory.record_panels import panels_for_record
from directory.roles import Role, role_required
from directory.services import create_person
from directory.voiding import AlreadyVoided
from jobs.exports import export

from . import services
from .deadlines import CLOCK_BADGES
from .figures import list_rates
from .filters import PetitionFilter
from .forms import (
    AttachmentForm,
    IntakeForm,
    PetitionEditForm,
    ReceptionDayForm,
    VoidForm,
)
from .models import MIN_WORDS, Category, Petition, PetitionAttachment, PetitionParty, ReceptionDay
from .moves import move_forms
from .services import Party

STAFF = (Role.CLERK, Role.HANDLER, Role.MANAGER, Role.ADMIN)
INTAKE = (Role.CLERK, Role.HANDLER, Role.MANAGER)


def _visible(request):
    return Petition.objects.visible_to(request.user)


def _handler_choices(request, keep=None):
    """Who may be made a petition's handler: active handlers and managers of the user's subtree,
    by unit then name (with their unit loaded for the label); `keep` adds a record's current handler."""
    staff = staff_of(request.user)
    users = get_user_model().objects.filter(is_active=True, staff__role__in=[Role.HANDLER, Role.MANAGER])
    if staff and not request.user.is_superuser:
        users = users.filter(staff__org_unit__path__startswith=staff.org_unit.path)
    if keep is not None:
        users = get_user_model().objects.filter(Q(pk__in=users.values("pk")) | Q(pk=keep.pk))
    return users.select_related("staff__org_unit").order_by(
        "staff__org_unit__path", "first_name", "last_name", "username"
    )


def _units(request):
    return OrgUnit.objects.visible_to(request.user)


def _decorate(rows, user, today):
    """Clock state and display names for a page of petitions (no queries)."""
    show = can_view_identifiers(user)
    for p in rows:
        p.clock_state = p.clock(today)
        p.clock_badge = CLOCK_BADGES.get(p.clock_state, "")
        names = [party.person.full_name for party in getattr(p, "party_list", [])]
        p.names = "、".join(names if show else [mask_name(n) for n in names])
    return rows


# ---------------------------------------------------------------------------
# The register


def petition_list(request):
    base = _visible(request)
    filterset = PetitionFilter(
        request.GET or None, queryset=base, units=_units(request), handlers=_handler_choices(request)
    )
    rows = filterset.qs.for_list()
    today = localdate()
    # A list opened for a period (as the dashboard's links open it) judges its rates as at the
    # period's end, as the dashboard does; otherwise as at today.
    period_end = getattr(filterset.form, "cleaned_data", {}).get("received_to")
    as_of = min(period_end, today) if period_end else today
    # The rates line has counted the rows: the paginator does not count them again. Opened for a
    # period it sums them all; otherwise only as many as the pages reach, and past that it asks
    # for a period (a city's million petitions are not summed on every page).
    exact = list_period(filterset, "received_from", "received_to") is not None
    rates = list_rates(filterset.qs, as_of, limit=None if exact else count_limit(), unfiltered=unfiltered(request))
    page, query = paginate(request, rows, count=rates.received if rates else count_limit() + 1, exact=exact)
    _decorate(page.object_list, request.user, today)
    return render(
        request,
        "petitions/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "rates": rates,
            "can_export": can_export_identifiable(request.user),
            "names_only": 0 < len(request.GET.get("q", "").strip()) < MIN_WORDS,
            "min_words": MIN_WORDS,
        },
    )


EXPORT_HEADERS = [
    gettext_lazy("Reference number"),
    gettext_lazy("Received on"),
    gettext_lazy("Receiving unit"),
    gettext_lazy("Channel"),
    gettext_lazy("Petitioners"),
    gettext_lazy("ID numbers"),
    gettext_lazy("Phones"),
    gettext_lazy("Headcount"),
    gettext_lazy("Nature"),
    gettext_lazy("Category"),
    gettext_lazy("Sub-category"),
    gettext_lazy("Status"),
    gettext_lazy("Next deadline"),
    gettext_lazy("Concluded on"),
    gettext_lazy("Handler"),
]
EXPORT_FIELDS = [
    "pk",
    "reference",
    "received_on",
    "org_unit_id",
    "channel",
    "headcount",
    "nature",
    "category_id",
    "subcategory_id",
    "status",
    "due_on",
    "concluded_on",
    "handler_id",
]
EXPORT_CHUNK = 2000


def _iso(day):
    return day.isoformat() if day else ""


def export_rows(petitions, user):
    """The register's export rows, for any number of petitions in flat memory.

    Petitions are read as tuples (`values_list`, a chunk at a time), never as model
    instances; every label (unit, category, choice, handler) is looked up once into a
    dict, and the petitioners of each chunk come in one query.
    """
    show = can_view_identifiers(user)
    units = dict(OrgUnit.objects.visible_to(user).values_list("pk", "name"))
    categories = {c.pk: c.local_name for c in Category.objects.all()}
    labels = {
        "channel": {k: str(v) for k, v in Petition.Channel.choices},
        "nature": {k: str(v) for k, v in Petition.Nature.choices},
        "status": {k: str(v) for k, v in Petition.Status.choices},
    }
    handlers = {
        pk: f"{first} {last}".strip() or username
        for pk, first, last, username in get_user_model()
        .objects.filter(pk__in=petitions.values("handler_id"))
        .values_list("pk", "first_name", "last_name", "username")
    }
    id_text = (lambda v: v) if show else mask_id_number
    phone_text = (lambda v: v) if show else mask_phone

    def rows_of(chunk):
        parties = {}
        for petition_id, name, id_number, phone in (
            PetitionParty.objects.filter(petition_id__in=[r[0] for r in chunk])
            .order_by("pk")
            .values_list("petition_id", "person__full_name", "person__id_number", "person__phone")
        ):
            parties.setdefault(petition_id, []).append((name, id_text(id_number), phone_text(phone)))
        for pk, ref, received, unit, channel, heads, nature, cat, subcat, status, due, concluded, handler in chunk:
            people = parties.get(pk, [])
            yield [
                ref,
                _iso(received),
                units.get(unit, ""),
                labels["channel"].get(channel, channel),
                "、".join(p[0] for p in people),
                "、".join(p[1] for p in people),
                "、".join(p[2] for p in people),
                heads,
                labels["nature"].get(nature, nature),
                categories.get(cat, ""),
                categories.get(subcat, ""),
                labels["status"].get(status, status),
                _iso(due),
                _iso(concluded),
                handlers.get(handler, ""),
            ]

    chunk = []
    for row in petitions.values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK:
            yield from rows_of(chunk)
            chunk = []
    yield from rows_of(chunk)


@require_GET
def petition_export(request, fmt):
    if not can_export_identifiable(request.user):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    filterset = PetitionFilter(request.GET or None, queryset=_visible(request), units=_units(request))
    rows = filterset.qs
    return export(
        request=request,
        queryset=rows,
        headers=EXPORT_HEADERS,
        rows=export_rows(rows, request.user),
        fmt=fmt,
        basename="petitions",
        detail={"what": "petitions"},
    )


# ---------------------------------------------------------------------------
# Intake


@require_GET
def person_lookup(request):
    """Type-ahead for the intake page: petitioners found by name, pinyin, phone or ID number."""
    q = request.GET.get("q", "").strip()
    if len(q) < 1:
        return JsonResponse({"results": []})
    show = can_view_identifiers(request.user)
    people = Person.objects.visible_to(request.user).search(q).select_related("org_unit")[:10]
    return JsonResponse(
        {
            "results": [
                {
                    "id": p.pk,
                    "name": p.full_name,
                    "id_number": p.id_number if show else mask_id_number(p.id_number),
                    "phone": p.phone if show else mask_phone(p.phone),
                    "unit": p.org_unit.name,
                }
                for p in people
            ]
        }
    )


def _reception_days(request):
    return ReceptionDay.objects.visible_to(request.user).filter(on__gte=localdate().replace(year=localdate().year - 1))


@role_required(*INTAKE)
def intake(request):
    staff = staff_of(request.user)
    people = Person.objects.visible_to(request.user)
    form = IntakeForm(
        request.POST or None,
        people=people,
        units=_units(request),
        staff_users=_handler_choices(request),
        reception_days=_reception_days(request),
        initial={
            "received_on": localdate(),
            "org_unit": staff.org_unit_id if staff else None,
            "channel": Petition.Channel.VISIT,
            "headcount": 1,
        },
    )
    matches = []
    chosen = None
    if request.method == "POST":
        chosen = people.filter(pk=request.POST.get("person") or None).first()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = data["person"]
        if person is None:
            matches = find_possible_duplicates(
                people,
                full_name=data["new_full_name"],
                id_number=data["new_id_number"],
                phone=data["new_phone"],
            )
            if any(m.score >= 100 for m in matches):
                form.add_error(
                    "new_id_number", _("A person with this ID number is already registered: choose her below.")
                )
            elif matches and not data["confirm_new"]:
                messages.warning(
                    request, _("Possible matches were found. Choose one, or confirm this is a different person.")
                )
        if form.is_valid() and (person is not None or not matches or data["confirm_new"]) and not form.errors:
            try:
                petition = _register(request, data, person)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Petition %(ref)s was registered.") % {"ref": petition.reference})
                if petition.repeat_of_id:
                    messages.warning(
                        request,
                        _("Same person, same matter: linked as a repeat of %(ref)s.")
                        % {"ref": petition.repeat_of.reference},
                    )
                return redirect("petitions:receipt", pk=petition.pk)
    return render(
        request,
        "petitions/intake.html",
        {"form": form, "matches": matches, "chosen": chosen, "show_identifiers": can_view_identifiers(request.user)},
    )


@transaction.atomic
def _register(request, data, person):
    if person is None:
        staff = staff_of(request.user)
        person = create_person(
            by=request.user,
            full_name=data["new_full_name"],
            gender=data["new_gender"] or Person.Gender.FEMALE,
            id_number=data["new_id_number"],
            phone=data["new_phone"],
            address=data["new_address"],
            org_unit=staff.org_unit if staff else data["org_unit"],
        )
    parties = [Party(person, data["role"])]
    parties += [Party(p) for p in data["other_people"] if p.pk != person.pk]
    reception_day = data["reception_day"]
    if reception_day is None and data["channel"] == Petition.Channel.RECEPTION_DAY:
        reception_day = (
            ReceptionDay.objects.filter(org_unit=data["org_unit"], on=data["received_on"]).order_by("pk").first()
        )
    fields = {
        name: data[name]
        for name in [
            "channel",
            "received_on",
            "received_time",
            "headcount",
            "is_collective",
            "nature",
            "category",
            "subcategory",
            "facts",
            "request",
            "risk_level",
            "risk_reason",
            "is_major",
            "is_litigation",
            "handler",
        ]
    }
    return services.register_petition(
        by=request.user, org_unit=data["org_unit"], parties=parties, reception_day=reception_day, **fields
    )


def receipt(request, pk):
    petition = get_object_or_404(_visible(request).select_related("org_unit", "repeat_of"), pk=pk)
    parties = list(petition.parties.select_related("person"))
    return render(
        request,
        "petitions/receipt.html",
        {"petition": petition, "parties": parties, "limits": services.acknowledgement_limits(petition)},
    )


# ---------------------------------------------------------------------------
# One petition


def _petition_page_context(request, petition):
    today = localdate()
    show = can_view_identifiers(request.user)
    parties = list(petition.parties.select_related("person", "person__org_unit").order_by("pk"))
    petition.clock_state = petition.clock(today)
    petition.clock_badge = CLOCK_BADGES.get(petition.clock_state, "")
    return {
        "petition": petition,
        "parties": parties,
        "show_identifiers": show,
        "actions": list(petition.actions.select_related("by", "agency").order_by("on", "at", "pk")),
        "referrals": list(petition.referrals.select_related("agency").order_by("referred_on", "pk")),
        "attachments": list(petition.attachments.select_related("uploaded_by")),
        "repeats": list(petition.repeats.active().order_by("received_on")),
        "history": history_rows(petition.history.all(), show_identifiers=show),
        "moves": move_forms(request, petition, agencies=_page_agencies(request)),
        "review_window_ends": services.review_window_ends(petition),
        "attachment_form": AttachmentForm(),
        "today": today,
        "panels": panels_for_record(request, petition),
    }


def _page_agencies(request):
    """Agencies a user may refer to: their subtree's, and their ancestors' (a township refers to the city's police)."""
    agencies = Agency.objects.visible_to(request.user)
    staff = staff_of(request.user)
    if staff and not request.user.is_superuser:
        path = staff.org_unit.path
        ancestors = [path[:i] for i in range(6, len(path) + 1, 6)]
        agencies = Agency.objects.filter(org_unit__path__in=ancestors) | agencies
    return agencies.filter(is_active=True).distinct().order_by("kind", "name")


def petition_detail(request, pk):
    petition = get_object_or_404(
        _visible(request).select_related(
            "org_unit", "category", "subcategory", "handler", "first_contact", "repeat_of", "reception_day"
        ),
        pk=pk,
    )
    return render(request, "petitions/detail.html", _petition_page_context(request, petition))


@role_required(*INTAKE)
def petition_edit(request, pk):
    petition = get_object_or_404(_visible(request), pk=pk)
    form = PetitionEditForm(
        request.POST or None,
        instance=petition,
        units=_units(request),
        staff_users=_handler_choices(request, keep=petition.handler),
        reception_days=_reception_days(request),
    )
    form.fields.pop("org_unit")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_petition(
                petition=petition,
                by=request.user,
                expected_version=data["seen_version"],
                **{f: data[f] for f in services.EDITABLE_FIELDS},
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.InvalidTransition:
            form.add_error(None, _("A voided petition cannot be changed."))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(petition)
    return render(request, "petitions/edit.html", {"form": form, "petition": petition})


@require_POST
@role_required(*INTAKE)
def petition_void(request, pk):
    petition = get_object_or_404(_visible(request), pk=pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for voiding."))
    else:
        try:
            services.void_petition(petition=petition, by=request.user, reason=form.cleaned_data["reason"])
        except AlreadyVoided:
            messages.error(request, _("This petition was already voided."))
        else:
            messages.success(request, _("The petition was voided; it no longer counts anywhere."))
    return redirect(petition)


@require_POST
@role_required(*INTAKE)
def attachment_add(request, pk):
    petition = get_object_or_404(_visible(request), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(
                petition=petition,
                by=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(petition)
    context = _petition_page_context(request, petition)
    context["attachment_form"] = form
    messages.error(request, _("The file was not attached."))
    return render(request, "petitions/detail.html", context, status=400)


def attachment_download(request, pk, att):
    from directory.attachments import attachment_response

    attachment = get_object_or_404(PetitionAttachment.objects.visible_to(request.user), pk=att, petition_id=pk)
    return attachment_response(request, attachment)


# ---------------------------------------------------------------------------
# Leader reception days


def reception_days(request):
    days = ReceptionDay.objects.visible_to(request.user).select_related("org_unit").with_counts().order_by("-on", "pk")
    page, query = paginate(request, days)
    return render(request, "petitions/reception_days.html", {"page": page, "query": query})


@role_required(*INTAKE)
def reception_day_create(request):
    staff = staff_of(request.user)
    form = ReceptionDayForm(
        request.POST or None,
        units=_units(request),
        initial={"org_unit": staff.org_unit_id if staff else None, "on": localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            day = services.schedule_reception_day(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reception day was scheduled."))
            return redirect(day)
    return render(request, "petitions/reception_day_form.html", {"form": form})


def reception_day(request, pk):
    day = get_object_or_404(ReceptionDay.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    rows = list(day.petitions.active().visible_to(request.user).for_list())
    _decorate(rows, request.user, localdate())
    return render(
        request,
        "petitions/reception_day.html",
        {"day": day, "rows": rows, "headcount": sum(p.headcount for p in rows)},
    )
