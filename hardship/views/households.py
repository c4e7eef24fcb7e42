"""Households in hardship: the register, the household page, registering and editing one, adding members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.duplicates import find_possible_duplicates
from directory.exports import Column
from directory.history import history_rows
from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import Person
from directory.privacy import can_view_identifiers, log_access
from directory.roles import has_role, role_required

from .. import services
from ..filters import HouseholdFilter
from ..forms import HeadForm, HouseholdForm, MemberForm
from ..models import Assistance, Enrolment, Household, HousingUnit, Programme
from .common import EDITORS, PLANNERS, _export, _id_column, _staff_unit_id, _units


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
            elif head_data["id_number"] and Person.objects.with_id_number(head_data["id_number"]).exists():
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
