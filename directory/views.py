from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .duplicates import find_possible_duplicates
from .forms import PersonForm, PersonSearchForm, TokenForm
from .history import history_rows
from .home import panels_for
from .listing import paginate
from .locking import STALE_MESSAGE, StaleEdit
from .models import Agency, ApiToken, OrgUnit, Person, ServicePoint, Volunteer, staff_of
from .privacy import can_view_identifiers, log_access
from .record_panels import panels_for_record
from .roles import Role, role_required
from .services import PERSON_FIELDS, create_person, update_person
from .tokens import issue_token, revoke_token

EDITORS = (Role.CLERK, Role.HANDLER, Role.MANAGER, Role.ADMIN)


def home(request):
    return render(request, "directory/home.html", {"panels": panels_for(request)})


def people(request):
    units = OrgUnit.objects.visible_to(request.user)
    form = PersonSearchForm(request.GET or None, units=units)
    rows = Person.objects.visible_to(request.user).for_list()
    if form.is_valid():
        rows = rows.search(form.cleaned_data["q"])
        if form.cleaned_data["unit"]:
            rows = rows.within(form.cleaned_data["unit"])
    page, query = paginate(request, rows)
    return render(request, "directory/people.html", {"form": form, "page": page, "query": query})


def person(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("org_unit", "created_by"), pk=pk)
    log_access(user=request.user, action="view", target=person, request=request)
    show = can_view_identifiers(request.user)
    history = history_rows(person.history.all(), show_identifiers=show)
    context = {"person": person, "show_identifiers": show, "history": history}
    context["panels"] = panels_for_record(request, person)  # her petitions, legal aid, support
    return render(request, "directory/person.html", context)


@role_required(*EDITORS)
def person_create(request):
    units = OrgUnit.objects.visible_to(request.user)
    form = PersonForm(request.POST or None, units=units, initial={"org_unit": staff_unit_id(request.user)})
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = find_possible_duplicates(
            Person.objects.visible_to(request.user),
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            id_number=data["id_number"],
            phone=data["phone"],
        )
        if matches and any(m.score >= 100 for m in matches):
            form.add_error(
                "id_number", _("A person with this ID number is already registered: open her record instead.")
            )
        elif matches and not data["confirm_new"]:
            messages.warning(request, _("Possible matches were found. Check them before adding a new person."))
        else:
            person = create_person(by=request.user, **{f: data[f] for f in PERSON_FIELDS})
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect(person)
    if not matches:
        form.fields.pop("confirm_new")
    return render(request, "directory/person_form.html", {"form": form, "matches": matches})


@role_required(*EDITORS)
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    units = OrgUnit.objects.visible_to(request.user)
    form = PersonForm(request.POST or None, instance=person, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_person(
                person=person,
                by=request.user,
                expected_version=data["seen_version"],
                **{f: data[f] for f in PERSON_FIELDS},
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(person)
    form.fields.pop("confirm_new")
    return render(request, "directory/person_form.html", {"form": form, "person": person})


def staff_unit_id(user):
    staff = staff_of(user)
    return staff.org_unit_id if staff else None


def _tree(units: list[OrgUnit], people: dict, points: dict):
    """Nest units under their parents, with subtree totals of people and open points."""
    nodes = {
        u.pk: {"unit": u, "children": [], "people": people.get(u.pk, 0), "points": points.get(u.pk, 0)} for u in units
    }
    roots = []
    for u in units:
        parent = nodes.get(u.parent_id)
        (parent["children"] if parent else roots).append(nodes[u.pk])
    root_pks = {node["unit"].pk for node in roots}
    for pk, node in nodes.items():
        node["open"] = pk in root_pks or node["unit"].level < OrgUnit.Level.TOWNSHIP
    for u in sorted(units, key=lambda u: -u.depth):
        parent = nodes.get(u.parent_id)
        if parent:
            parent["people"] += nodes[u.pk]["people"]
            parent["points"] += nodes[u.pk]["points"]
    return roots


def units(request):
    visible = OrgUnit.objects.visible_to(request.user)
    root_id = request.GET.get("root")
    root = get_object_or_404(visible, pk=root_id) if root_id else None
    scope = visible.within(root) if root else visible
    unit_list = list(scope.only("pk", "name", "level", "code", "parent_id", "path", "depth"))
    people = dict(Person.objects.filter(org_unit__in=scope).values_list("org_unit").annotate(n=Count("pk")))
    points = dict(
        ServicePoint.objects.filter(org_unit__in=scope)
        .open_on(date.today())
        .values_list("org_unit")
        .annotate(n=Count("pk"))
    )
    return render(request, "directory/units.html", {"tree": _tree(unit_list, people, points), "root": root})


def unit(request, pk):
    visible = OrgUnit.objects.visible_to(request.user)
    unit = get_object_or_404(visible.select_related("parent"), pk=pk)
    children = list(unit.children.order_by("path"))
    people = defaultdict(int)
    for path, n in Person.objects.within(unit).values_list("org_unit__path").annotate(n=Count("pk")):
        for child in children:
            if path.startswith(child.path):
                people[child.pk] += n
    rows = [{"unit": c, "people": people[c.pk]} for c in children]
    service_points = ServicePoint.objects.within(unit).select_related("org_unit").order_by("org_unit__path", "kind")
    return render(
        request,
        "directory/unit.html",
        {"unit": unit, "rows": rows, "service_points": service_points[:200], "today": date.today()},
    )


def agencies(request):
    rows = Agency.objects.visible_to(request.user).select_related("org_unit")
    kind = request.GET.get("kind")
    if kind in Agency.Kind.values:
        rows = rows.filter(kind=kind)
    page, query = paginate(request, rows)
    return render(
        request, "directory/agencies.html", {"page": page, "query": query, "kinds": Agency.Kind.choices, "kind": kind}
    )


def volunteers(request):
    rows = Volunteer.objects.visible_to(request.user).select_related("org_unit", "team")
    page, query = paginate(request, rows)
    return render(request, "directory/volunteers.html", {"page": page, "query": query})


def service_points(request):
    rows = ServicePoint.objects.visible_to(request.user).select_related("org_unit", "host_agency")
    kind = request.GET.get("kind")
    if kind in ServicePoint.Kind.values:
        rows = rows.filter(kind=kind)
    page, query = paginate(request, rows, per_page=50)
    return render(
        request,
        "directory/service_points.html",
        {"page": page, "query": query, "kinds": ServicePoint.Kind.choices, "kind": kind, "today": date.today()},
    )


def _manageable_users(user):
    users = get_user_model().objects.filter(is_active=True).select_related("staff__org_unit").order_by("username")
    if user.is_superuser:
        return users
    return users.filter(staff__org_unit__in=OrgUnit.objects.visible_to(user), is_superuser=False)


@role_required(Role.ADMIN)
def tokens(request):
    """API tokens of the users in the administrator's units: issue, list, revoke."""
    users = _manageable_users(request.user)
    form = TokenForm(request.POST or None, users=users)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = issue_token(user=form.cleaned_data["user"], by=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Token issued. Copy the key now: it is shown only once."))
        form = TokenForm(users=users)
    rows = ApiToken.objects.filter(user__in=users).select_related("user", "created_by")
    page, query = paginate(request, rows)
    return render(request, "directory/tokens.html", {"form": form, "page": page, "query": query, "new_key": new_key})


@require_POST
@role_required(Role.ADMIN)
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user__in=_manageable_users(request.user)), pk=pk)
    revoke_token(token=token, by=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("directory:tokens")
