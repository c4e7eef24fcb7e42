from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.attachments import attachment_response
from directory.duplicates import find_possible_duplicates
from directory.exports import FORMATS, Column, export_response
from directory.history import history_rows
from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import OrgUnit, Person, staff_of
from directory.privacy import can_export_identifiable, can_view_identifiers, log_access, mask_id_number
from directory.roles import Role, has_role, role_required
from directory.voiding import AlreadyVoided, void_record

from . import services
from .filters import AssistanceFilter, EnrolmentFilter, HouseholdFilter, HousingUnitFilter, ProgrammeFilter
from .forms import (
    AdvanceHousingForm,
    AssistanceForm,
    EnrolForm,
    EnrolmentStepForm,
    HeadForm,
    HouseholdForm,
    HousingUnitForm,
    MemberForm,
    ProgrammeForm,
    TrainingClassForm,
)
from .models import Assistance, Enrolment, Household, HousingUnit, Programme, Receipt, TrainingClass

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
    return export_response(request=request, queryset=queryset, columns=columns(), fmt=fmt, basename=basename)


def _id_column(request, getter):
    show = can_view_identifiers(request.user)
    return Column(_("ID number"), lambda o: getter(o) if show else mask_id_number(getter(o)))


# Programmes ----------------------------------------------------------------


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


# Households ----------------------------------------------------------------


def households(request):
    rows = Household.objects.visible_to(request.user).active().for_list()
    filterset = HouseholdFilter(request.GET or None, queryset=rows)
    rows = filterset.qs
    columns = lambda: [  # noqa: E731
        Column(_("Head of household"), lambda h: h.head.full_name),
        _id_column(request, lambda h: h.head.id_number),
        Column(_("Unit"), lambda h: h.org_unit.name),
        Column(_("Household size"), lambda h: h.size),
        Column(_("Circumstances"), lambda h: "、".join(str(c) for c in h.circumstance_labels())),
        Column(_("Income notes"), lambda h: h.income_notes),
    ]
    if exported := _export(request, rows, columns, "households"):
        return exported
    page, query = paginate(request, rows)
    return render(request, "hardship/households.html", {"filter": filterset, "page": page, "query": query})


def household(request, pk):
    household = get_object_or_404(
        Household.objects.visible_to(request.user).select_related("head", "org_unit", "created_by"), pk=pk
    )
    log_access(user=request.user, action="view", target=household, request=request)
    show = can_view_identifiers(request.user)
    context = {
        "household": household,
        "show_identifiers": show,
        "members": list(household.members.select_related("person")),
        # A household may have been helped under programmes of a unit above the user's:
        # those records stay out of sight, as everywhere.
        "assistance": list(
            Assistance.objects.visible_to(request.user).active().filter(household=household).select_related("programme")
        ),
        "housing_units": list(
            HousingUnit.objects.visible_to(request.user)
            .active()
            .filter(household=household)
            .select_related("programme")
        ),
        "enrolments": list(
            Enrolment.objects.visible_to(request.user)
            .active()
            .filter(household=household)
            .select_related("training_class", "student")
        ),
        "history": history_rows(household.history.all(), show_identifiers=show),
        "member_form": MemberForm(),
        "can_edit": has_role(request.user, *EDITORS),
        "can_void": has_role(request.user, *PLANNERS),
    }
    return render(request, "hardship/household.html", context)


@require_POST
@role_required(*EDITORS)
def household_member_add(request, pk):
    household = get_object_or_404(Household.objects.visible_to(request.user).active(), pk=pk)
    form = MemberForm(request.POST, people=Person.objects.visible_to(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(household)
    try:
        services.add_household_member(
            household=household,
            by=request.user,
            person=form.cleaned_data["person"],
            relation=form.cleaned_data["relation"],
        )
    except services.HardshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Member added."))
    return redirect(household)


@role_required(*EDITORS)
def household_create(request):
    """Register a household; a new head is checked against the directory for duplicates first."""
    units = _units(request.user)
    post = request.POST if request.method == "POST" else None
    head_form = HeadForm(post, prefix="head")
    form = HouseholdForm(post, units=units, initial={"org_unit": _staff_unit_id(request.user)})
    form.fields.pop("seen_version")
    programme_id = request.GET.get("programme") or request.POST.get("programme")
    matches = []
    people = Person.objects.visible_to(request.user)
    if post is not None:
        use_person = request.POST.get("use_person")
        if use_person and form.is_valid():
            head = get_object_or_404(people, pk=use_person)
            done = _register(request, form, programme_id, head=head)
            if done:
                return done
        elif head_form.is_valid() and form.is_valid():
            head_data = head_form.cleaned_data
            matches = find_possible_duplicates(
                people,
                full_name=head_data["full_name"],
                birth_date=head_data["birth_date"],
                id_number=head_data["id_number"],
                phone=head_data["phone"],
            )
            if any(m.score >= 100 for m in matches):
                messages.warning(request, _("This ID number is already registered: choose her record below."))
            elif matches and not request.POST.get("confirm_new"):
                messages.warning(request, _("Possible matches were found. Check them before adding a new person."))
            elif head_data["id_number"] and Person.objects.filter(id_number=head_data["id_number"]).exists():
                # Registered, but in a unit outside the user's: say so without showing the record.
                head_form.add_error(
                    "id_number",
                    _("This ID number is registered in another unit. Ask an administrator to move her record."),
                )
            else:
                done = _register(request, form, programme_id, head_fields=head_data, head_form=head_form)
                if done:
                    return done
    return render(
        request,
        "hardship/household_form.html",
        {"form": form, "head_form": head_form, "matches": matches, "programme_id": programme_id},
    )


def _register(request, form, programme_id, *, head=None, head_fields=None, head_form=None):
    """Register and redirect; on a refused head, put the reasons on the forms and return None."""
    fields = {f: form.cleaned_data[f] for f in services.HOUSEHOLD_FIELDS}
    try:
        if head is not None:
            household = services.register_household(by=request.user, head=head, **fields)
        else:
            person = {"org_unit": fields["org_unit"], **head_fields}
            household = services.register_household_with_new_head(by=request.user, head_fields=person, **fields)
    except services.HouseholdExists as error:
        messages.error(request, error.message)
        return redirect(error.household)
    except ValidationError as error:
        # For example an ID number registered in a unit the user cannot see.
        target = head_form or form
        for field, errors in error.message_dict.items():
            target.add_error(field if field in target.fields else None, errors)
        return None
    messages.success(request, _("Household registered."))
    if programme_id and Programme.objects.visible_to(request.user).filter(pk=programme_id).exists():
        return redirect(reverse("hardship:assistance_create", args=[programme_id]) + f"?household={household.pk}")
    return redirect(household)


@role_required(*EDITORS)
def household_edit(request, pk):
    household = get_object_or_404(Household.objects.visible_to(request.user).active().select_related("head"), pk=pk)
    form = HouseholdForm(request.POST or None, instance=household, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_household(
                household=household,
                by=request.user,
                expected_version=data["seen_version"],
                **{f: data[f] for f in services.HOUSEHOLD_FIELDS},
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(household)
    return render(request, "hardship/form.html", {"form": form, "title": str(household), "cancel": household})


# Assistance ----------------------------------------------------------------


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
    return render(request, "hardship/assistance_list.html", {"filter": filterset, "page": page, "query": query})


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


# Housing -------------------------------------------------------------------


def housing_units(request):
    rows = HousingUnit.objects.visible_to(request.user).active().for_list()
    filterset = HousingUnitFilter(request.GET or None, queryset=rows, units=_units(request.user))
    rows = filterset.qs
    columns = lambda: [  # noqa: E731
        Column(_("Programme"), lambda u: str(u.programme)),
        Column(_("Head of household"), lambda u: u.household.head.full_name),
        Column(_("Address"), lambda u: str(u)),
        Column(_("Status"), lambda u: u.get_status_display()),
        Column(_("Planned cost"), lambda u: u.planned_cost),
        Column(_("Actual cost"), lambda u: u.actual_cost),
        Column(_("Completed on"), lambda u: u.completed_on.isoformat() if u.completed_on else ""),
        Column(_("Handed over on"), lambda u: u.handed_over_on.isoformat() if u.handed_over_on else ""),
    ]
    if exported := _export(request, rows, columns, "housing-units"):
        return exported
    page, query = paginate(request, rows)
    return render(request, "hardship/housing_units.html", {"filter": filterset, "page": page, "query": query})


def housing_unit(request, pk):
    unit = get_object_or_404(HousingUnit.objects.visible_to(request.user).for_list(), pk=pk)
    step = services.HOUSING_NEXT.get(unit.status)
    return render(
        request,
        "hardship/housing_unit.html",
        {
            "unit": unit,
            "funding": list(unit.funding.filter(amount__gt=0)),
            "next_status": HousingUnit.Status(step[0]) if step and not unit.is_voided else None,
            "advance_form": AdvanceHousingForm(initial={"seen_version": unit.version}),
            "history": history_rows(unit.history.all()),
            "can_plan": has_role(request.user, *PLANNERS),
        },
    )


@role_required(*PLANNERS)
def housing_unit_form(request, programme_pk=None, pk=None):
    unit = get_object_or_404(HousingUnit.objects.visible_to(request.user).active(), pk=pk) if pk else None
    if unit:
        programme = unit.programme
    else:
        programme = get_object_or_404(
            Programme.objects.visible_to(request.user).active(), pk=programme_pk, kind=Programme.Kind.HOUSING
        )
    form = HousingUnitForm(request.POST or None, instance=unit, households=_households(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in services.HOUSING_FIELDS}
        try:
            if unit:
                saved = services.update_housing_unit(
                    unit=unit, by=request.user, expected_version=data["seen_version"], funding=form.funding(), **fields
                )
            else:
                saved = services.create_housing_unit(
                    by=request.user, programme=programme, household=data["household"], funding=form.funding(), **fields
                )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.HardshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Housing unit saved."))
            return redirect(saved)
    return render(
        request, "hardship/form.html", {"form": form, "title": _("Housing unit"), "cancel": unit or programme}
    )


@require_POST
@role_required(*PLANNERS)
def housing_unit_advance(request, pk):
    unit = get_object_or_404(HousingUnit.objects.visible_to(request.user), pk=pk)
    form = AdvanceHousingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of this step."))
        return redirect(unit)
    try:
        services.advance_housing_unit(
            unit=unit,
            by=request.user,
            to=request.POST.get("to", ""),
            on=form.cleaned_data["on"],
            actual_cost=form.cleaned_data["actual_cost"],
            expected_version=form.cleaned_data["seen_version"],
        )
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
    except services.HardshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status changed."))
    return redirect(unit)


# Training ------------------------------------------------------------------


def training_class(request, pk):
    klass = get_object_or_404(TrainingClass.objects.visible_to(request.user).select_related("programme"), pk=pk)
    enrolments = list(klass.enrolments.active().select_related("student", "household"))
    seats = sum(1 for e in enrolments if e.status != Enrolment.Status.DROPPED)
    return render(
        request,
        "hardship/training_class.html",
        {
            "klass": klass,
            "enrolments": enrolments,
            "seats": seats,
            "enrol_form": EnrolForm(people=None),
            "step_form": EnrolmentStepForm(),
            "history": history_rows(klass.history.all()),
            "can_plan": has_role(request.user, *PLANNERS),
        },
    )


@role_required(*PLANNERS)
def training_class_form(request, programme_pk=None, pk=None):
    klass = get_object_or_404(TrainingClass.objects.visible_to(request.user).active(), pk=pk) if pk else None
    if klass:
        programme = klass.programme
    else:
        programme = get_object_or_404(
            Programme.objects.visible_to(request.user).active(), pk=programme_pk, kind__in=services.TRAINING_KINDS
        )
    form = TrainingClassForm(request.POST or None, instance=klass)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in services.CLASS_FIELDS}
        try:
            if klass:
                saved = services.update_training_class(
                    training_class=klass, by=request.user, expected_version=data["seen_version"], **fields
                )
            else:
                saved = services.create_training_class(by=request.user, programme=programme, **fields)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.HardshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Class saved."))
            return redirect(saved)
    return render(
        request, "hardship/form.html", {"form": form, "title": _("Training class"), "cancel": klass or programme}
    )


@require_POST
@role_required(*PLANNERS)
def enrol(request, pk):
    klass = get_object_or_404(TrainingClass.objects.visible_to(request.user).active(), pk=pk)
    form = EnrolForm(request.POST, people=Person.objects.visible_to(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(klass)
    student = form.cleaned_data["student"]
    household = Household.objects.visible_to(request.user).active().filter(head=student).first()
    try:
        services.enrol_student(
            by=request.user,
            training_class=klass,
            student=student,
            household=household,
            enrolled_on=form.cleaned_data["enrolled_on"],
        )
    except services.HardshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s enrolled.") % {"name": student.full_name})
    return redirect(klass)


ENROLMENT_STEPS = {
    "graduate": services.graduate,
    "drop": services.drop_out,
    "employ": services.record_employment,
    "lifted": services.mark_lifted_out,
}


@require_POST
@role_required(*PLANNERS)
def enrolment_step(request, pk, step):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user), pk=pk)
    if step not in ENROLMENT_STEPS:
        raise Http404
    form = EnrolmentStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of this step."))
        return redirect(enrolment)
    data = form.cleaned_data
    extra = {"employer": data["employer"]} if step == "employ" else {}
    try:
        ENROLMENT_STEPS[step](
            enrolment=enrolment, by=request.user, on=data["on"], expected_version=data["seen_version"], **extra
        )
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
    except services.HardshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(enrolment)


def enrolments(request):
    rows = Enrolment.objects.visible_to(request.user).active().for_list()
    filterset = EnrolmentFilter(request.GET or None, queryset=rows, units=_units(request.user))
    rows = filterset.qs
    columns = lambda: [  # noqa: E731
        Column(_("Class"), lambda e: e.training_class.name),
        Column(_("Student"), lambda e: e.student.full_name),
        _id_column(request, lambda e: e.student.id_number),
        Column(_("Status"), lambda e: e.get_status_display()),
        Column(_("Enrolled on"), lambda e: e.enrolled_on.isoformat()),
        Column(_("Graduated on"), lambda e: e.graduated_on.isoformat() if e.graduated_on else ""),
        Column(_("Employer"), lambda e: e.employer),
        Column(_("Employed on"), lambda e: e.employed_on.isoformat() if e.employed_on else ""),
        Column(_("Household left poverty on"), lambda e: e.lifted_out_on.isoformat() if e.lifted_out_on else ""),
    ]
    if exported := _export(request, rows, columns, "enrolments"):
        return exported
    page, query = paginate(request, rows)
    return render(request, "hardship/enrolments.html", {"filter": filterset, "page": page, "query": query})


# Voiding -------------------------------------------------------------------

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
