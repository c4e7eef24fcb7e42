"""The authorization matrix: every URL, every role, every unit that is not hers.

The world (`tests/security/matrix_world.py`) holds one record of every scoped
kind in the users' own township, its parent district, a sibling township and a
township of another district, each marked (`MINE-…`, `LEAK-PARENT-…`,
`LEAK-SIBLING-…`, `LEAK-OTHER-…`). For every user (each role in the own
township, and a manager of the parent district):

* every route that names a record (`OBJECT_ROUTES`) is asked for each
  out-of-scope record — GET and POST on pages, GET/PATCH/DELETE (a record) or
  GET/POST (an action) on the API — and must answer 403 (the role may not), 404 (not in her units)
  or 405, show no marker of a unit she does not cover, and change nothing;
* every other route (lists, searches, look-ups, dashboards, summaries,
  exports, forms) is asked plainly, with a search for "LEAK-" and with a unit
  filter naming the other district, and must show no out-of-scope marker;
* in the other direction, each record route reaches the own township's record
  for some role, and each list in `SHOWS_OWN` shows it: a matrix whose ids were
  wrong would otherwise pass by answering 404 everywhere.

Every URL pattern with kwargs must be in `OBJECT_ROUTES`, `FIXED_ROUTES`
(kwargs that name no record) or `NOT_DATA` (no data at all), or
`test_every_route_is_in_the_matrix` fails and names it; one without kwargs is
a list unless `NOT_DATA` says otherwise. The Django admin's URL patterns are
not in that walk (they are generated per registered model): instead every
registered model's changelist, search and autocomplete, and another unit's
change, history, old-version and delete pages, are asked as the township's
administrator (the one `is_staff` role), at the end of this file.

`tests/conftest.py` prints `authorization matrix: N cases, M requests, K failing`
at the end of a run (summed over the xdist workers).
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from petitions.moves import MOVES
from tests.security.matrix_world import LEAK, MARK, PLACES, SCOPE, USERS, World

# --- the routes -------------------------------------------------------------------------


def walk(resolver=None, prefix="", namespace=None):
    """(route, namespaced name, pattern) of every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


ALL_ROUTES = {name: (route, set(entry.pattern.regex.groupindex)) for route, name, entry in walk()}


class Own(str):
    """A kwarg filled with the own township's record of this kind (another kwarg names the foreign one)."""


class Lit(str):
    """A kwarg filled with this literal value."""


def obj(kind, **more):
    return [{"pk": kind, **more}]


# Routes that name a record: each entry lists the kwargs to fill (a kind of record
# from tests/security/matrix_world.py, filled with that record's id in each
# out-of-scope place; `Own(kind)` with the own township's; `Lit(v)` as is).
OBJECT_ROUTES: dict[str, list[dict]] = {
    # directory
    "directory:person": obj("person"),
    "directory:person_edit": obj("person"),
    "directory:unit": obj("unit"),
    "directory:token_revoke": obj("token"),
    # petitions
    "petitions:reception_day": obj("reception_day"),
    "petitions:detail": obj("petition"),
    "petitions:receipt": obj("petition"),
    "petitions:edit": obj("petition"),
    "petitions:void": obj("petition"),
    "petitions:attach": obj("petition"),
    "petitions:attachment": [
        {"pk": "petition", "att": "attachment"},
        {"pk": Own("petition"), "att": "attachment"},  # her petition, another unit's file
    ],
    "petitions:move": [{"pk": "petition", "name": Lit(move.name)} for move in MOVES],
    # legal aid
    "legal_aid:case": obj("case"),
    "legal_aid:case_edit": obj("case"),
    "legal_aid:case_decide": obj("case"),
    "legal_aid:case_assign": obj("case"),
    "legal_aid:case_close": obj("case"),
    "legal_aid:case_withdraw": obj("case"),
    "legal_aid:case_void": obj("case"),
    "legal_aid:order": obj("order"),
    "legal_aid:order_decide": obj("order"),
    "legal_aid:order_extend": obj("order"),
    "legal_aid:order_void": obj("order"),
    "legal_aid:warning": obj("warning"),
    "legal_aid:warning_visit": obj("warning"),
    "legal_aid:warning_void": obj("warning"),
    "legal_aid:assessor": obj("assessor"),
    "legal_aid:hearing_create": obj("assessor"),
    "legal_aid:assessor_void": obj("assessor"),
    # hardship
    "hardship:programme": obj("programme"),
    "hardship:programme_edit": obj("programme"),
    "hardship:assistance_create": obj("programme"),
    "hardship:housing_unit_create": [{"programme_pk": "housing_programme"}],
    "hardship:training_class_create": [{"programme_pk": "class_programme"}],
    "hardship:household": obj("household"),
    "hardship:household_edit": obj("household"),
    "hardship:household_member_add": obj("household"),
    "hardship:assistance": obj("assistance"),
    "hardship:receipt_upload": obj("assistance"),
    "hardship:receipt": obj("receipt"),
    "hardship:housing_unit": obj("housing_unit"),
    "hardship:housing_unit_edit": obj("housing_unit"),
    "hardship:housing_unit_advance": obj("housing_unit"),
    "hardship:training_class": obj("class"),
    "hardship:training_class_edit": obj("class"),
    "hardship:enrol": obj("class"),
    "hardship:enrolment_step": [{"pk": "enrolment", "step": Lit(s)} for s in ("graduate", "drop", "employ", "lifted")],
    "hardship:void": [
        {"kind": Lit(slug), "pk": kind}
        for slug, kind in (
            ("programme", "programme"),
            ("household", "household"),
            ("assistance", "assistance"),
            ("housing", "housing_unit"),
            ("class", "class"),
            ("enrolment", "enrolment"),
        )
    ],
    # outreach
    "outreach:event": obj("event"),
    "outreach:event_edit": obj("event"),
    "outreach:event_void": obj("event"),
    "outreach:event_photo_add": obj("event"),
    "outreach:event_photo": [
        {"pk": "event", "photo_pk": "photo"},
        {"pk": Own("event"), "photo_pk": "photo"},
    ],
    "outreach:campaign": obj("campaign"),
    "outreach:campaign_edit": obj("campaign"),
    "outreach:campaign_void": obj("campaign"),
    "outreach:training": obj("training"),
    "outreach:training_edit": obj("training"),
    "outreach:training_void": obj("training"),
    "outreach:trainees_add": obj("training"),
    "outreach:trainee_remove": [
        {"pk": "training", "trainee_pk": "trainee"},
        {"pk": Own("training"), "trainee_pk": "trainee"},
    ],
    "outreach:team": obj("volunteer_team"),
    "outreach:network_unit": obj("unit"),
    "outreach:point_close": obj("service_point"),
    # reports, documents, jobs, ledger
    "reporting:draft": obj("draft"),
    "reporting:draft_issue": obj("draft"),
    # (CSV is one table of a report, `?table=…`: the same lookup as the other formats.)
    "reporting:draft_download": [{"pk": "draft", "fmt": Lit(f)} for f in ("docx", "pdf", "xlsx", "md")],
    "reporting:issued": obj("issued"),
    "reporting:issued_download": [{"pk": "issued", "fmt": Lit(f)} for f in ("docx", "pdf", "xlsx", "md")],
    "documents:issue": [
        {"kind": Lit("petition_acceptance"), "pk": "petition"},
        {"kind": Lit("legal_aid_application"), "pk": "case"},
        {"kind": Lit("outreach_sign_in"), "pk": "event"},
    ],
    "documents:download": [{"pk": "document", "fmt": Lit(f)} for f in ("docx", "pdf")],
    "jobs:detail": obj("job"),
    "jobs:status": obj("job"),
    "jobs:download": obj("job"),
    "ledger:batch": obj("batch"),
    "ledger:confirm": obj("batch"),
    "ledger:cancel": obj("batch"),
    "ledger:undo": obj("batch"),
    # the API
    "org-unit-detail": obj("unit"),
    "person-detail": obj("person"),
    "agency-detail": obj("agency"),
    "volunteer-detail": obj("volunteer"),
    "service-point-detail": obj("service_point"),
    "reception-day-detail": obj("reception_day"),
    **{
        f"petition-{action}": obj("petition")
        for action in (
            "detail",
            "accept",
            "agency-reply",
            "attachments",
            "conclude",
            "decide-conclusion",
            "decide-extension",
            "decide-review",
            "escalate",
            "forward",
            "not-accept",
            "note",
            "refer",
            "remind",
            "reply",
            "request-extension",
            "request-review",
            "satisfaction",
            "start",
            "step",
            "void",
        )
    },
    "petition-attachment": [
        {"pk": "petition", "attachment_id": "attachment"},
        {"pk": Own("petition"), "attachment_id": "attachment"},
    ],
    **{
        f"legal-aid-case-{action}": obj("case")
        for action in ("detail", "accept", "assign-lawyer", "close", "refuse", "void", "withdraw")
    },
    **{f"protection-order-{action}": obj("order") for action in ("detail", "decide", "extend", "void")},
    **{f"police-warning-{action}": obj("warning") for action in ("detail", "visits", "void")},
    "assessor-detail": obj("assessor"),
    "assessor-void": obj("assessor"),
    "assessor-hearing-detail": obj("hearing"),
    "assessor-hearing-void": obj("hearing"),
    "hardship-programme-detail": obj("programme"),
    "hardship-programme-void": obj("programme"),
    "household-detail": obj("household"),
    "household-void": obj("household"),
    **{f"assistance-{action}": obj("assistance") for action in ("detail", "receipts", "void")},
    "assistance-receipt": [
        {"pk": "assistance", "receipt_pk": "receipt"},
        {"pk": Own("assistance"), "receipt_pk": "receipt"},
    ],
    **{
        f"housing-unit-{action}": obj("housing_unit") for action in ("detail", "complete", "hand-over", "start", "void")
    },
    "training-class-detail": obj("class"),
    "training-class-void": obj("class"),
    **{
        f"enrolment-{action}": obj("enrolment")
        for action in ("detail", "drop-out", "employment", "graduate", "lifted-out", "void")
    },
    "campaign-detail": obj("campaign"),
    "campaign-void": obj("campaign"),
    "outreach-event-detail": obj("event"),
    "outreach-event-void": obj("event"),
    **{f"training-{action}": obj("training") for action in ("detail", "remove-trainee", "trainees", "void")},
}

# Routes whose kwargs name no record: asked with each of these, as lists are.
FIXED_ROUTES: dict[str, list[dict]] = {
    "petitions:export": [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "legal_aid:cases_export": [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "legal_aid:orders_export": [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "legal_aid:warnings_export": [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "legal_aid:hearings_export": [{"fmt": "csv"}, {"fmt": "xlsx"}],
    # A document template is one text for the whole system (no unit's records in it).
    "documents:template": [{"kind": "petition_acceptance"}],
    # A blank ledger to fill in: headings only.
    "ledger:template": [{"kind": "petitions", "fmt": "xlsx"}, {"kind": "petitions", "fmt": "csv"}],
}

# Routes that show no records of any unit, never asked (and why).
NOT_DATA = {
    "login": "the sign-in page",
    "logout": "signs the client out",
    "password_change": "the user's own password",
    "password_change_done": "a confirmation",
    "password_reset": "public: asks for an e-mail address",
    "password_reset_done": "public: a confirmation",
    "password_reset_confirm": "public: needs a one-time token",
    "password_reset_complete": "public: a confirmation",
    "set_language": "switches the language",
    "javascript-catalog": "the translations for scripts",
    "directory:otp_devices": "the user's own authenticator",
    "directory:otp_verify": "the second sign-in step",
    "directory:otp_enrol": "setting up the user's own authenticator",
    "directory:otp_remove": "removing the user's own authenticator",
    "directory:otp_new_codes": "the user's own recovery codes",
    "api-schema": "the OpenAPI document (no data)",
    "api-docs": "the Swagger UI (no data)",
    "api-redoc": "a redirect to the Swagger UI",
    "healthz": "the health check",
}

# Lists that show the own township's record to some role, and the marker that
# shows it (so that a list that lost every row would fail, not pass). Forms,
# dashboards and summaries show figures or choices, not these records.
SHOWS_OWN: dict[str, str] = {
    "home": "MINE-spring",
    "directory:people": "MINE-person",
    "directory:agencies": "MINE-agency",
    "directory:volunteers": "MINE-volunteer",
    "directory:service_points": "MINE-point",
    "directory:tokens": "MINE-token",
    "directory:access_log": "MINE-log",
    "directory:access_log_export": "MINE-log",
    "person-list": "MINE-person",
    "agency-list": "MINE-agency",
    "volunteer-list": "MINE-volunteer",
    "service-point-list": "MINE-point",
    "petition-list": "MINE-petitioner",
    "reception-day-list": "MINE-leader",
    "legal-aid-case-list": "MINE-client",
    "protection-order-list": "MINE-protected",
    "police-warning-list": "MINE-abuser",
    "assessor-list": "MINE-assessor",
    "assessor-hearing-list": "MINE-hearing",
    "hardship-programme-list": "MINE-spring",
    "household-list": "MINE-household",
    "assistance-list": "MINE-goods",
    "housing-unit-list": "MINE-home",
    "training-class-list": "MINE-class",
    "enrolment-list": "MINE-student",
    "campaign-list": "MINE-campaign",
    "outreach-event-list": "MINE-event",
    "training-list": "MINE-training",
    "outreach:events": "MINE-event",
    "outreach:events_export": "MINE-event",
    "outreach:campaigns": "MINE-campaign",
    "outreach:trainings": "MINE-training",
    "outreach:trainings_export": "MINE-training",
    "outreach:teams": "MINE-team",
    "outreach:network": "MINE-point",
    "hardship:programmes": "MINE-spring",
    "hardship:households": "MINE-head",
    "hardship:assistance_list": "MINE-goods",
    "hardship:housing_units": "MINE-home",
    "hardship:enrolments": "MINE-student",
    "petitions:list": "MINE-petitioner",
    "petitions:export": "MINE-petitioner",
    "petitions:overdue": "MINE-petitioner",
    "petitions:reception_days": "MINE-leader",
    "legal_aid:cases": "MINE-client",
    "legal_aid:cases_export": "MINE-client",
    "legal_aid:orders": "MINE-protected",
    "legal_aid:orders_export": "MINE-protected",
    "legal_aid:warnings": "MINE-abuser",
    "legal_aid:warnings_export": "MINE-abuser",
    "legal_aid:assessors": "MINE-assessor",
    "legal_aid:hearings": "MINE-hearing",
    "legal_aid:hearings_export": "MINE-hearing",
    "reporting:index": "MINE-report",
    "jobs:list": "MINE-job",
    "ledger:batches": "MINE-ledger",
}

LIST_ROUTES = {
    name: FIXED_ROUTES.get(name, [{}])
    for name, (route, kwargs) in ALL_ROUTES.items()
    if name not in NOT_DATA and name not in OBJECT_ROUTES and (not kwargs or name in FIXED_ROUTES)
}


def out_of_scope(user):
    return [place for place in PLACES if place not in SCOPE[user]]


def leaks(user, text):
    return sorted({MARK[place] for place in out_of_scope(user) if MARK[place] in text})


# --- the cases ---------------------------------------------------------------------------


def fill(world: World, template: dict, place: str) -> tuple[dict, list]:
    """The kwargs for `place`, and the records they name (whose rows must not change)."""
    kwargs, records = {}, []
    for key, value in template.items():
        if isinstance(value, Lit):
            kwargs[key] = str(value)
        elif isinstance(value, Own):
            kwargs[key] = world.pk(str(value), "own")
        else:
            record = world.records[value][place]
            kwargs[key] = record.pk
            records.append(record)
    return kwargs, records


def label(template: dict) -> str:
    return ",".join(f"{k}={'own ' if isinstance(v, Own) else ''}{v}" for k, v in template.items())


def methods(name: str) -> list[str]:
    if ALL_ROUTES[name][0].startswith("api/"):
        # PUT goes through the same update (and the same get_object) as PATCH.
        return ["get", "patch", "delete"] if name.endswith("-detail") else ["get", "post"]
    return ["get", "post"]


def row(record):
    return type(record)._base_manager.filter(pk=record.pk).values().first()


POST_DATA = {"reason": "matrix", "seen_version": "1", "version": "1", "note": "matrix", "text": "matrix"}

OBJECT_CASES = [
    pytest.param(user, name, template, id=f"{user}-{name}[{label(template)}]")
    for user in USERS
    for name, templates in OBJECT_ROUTES.items()
    for template in templates
]


@pytest.mark.parametrize(("user", "name", "template"), OBJECT_CASES)
def test_another_units_record_is_not_found(matrix, db, record_property, user, name, template):
    """The route with the ids of each place out of her scope: 403, 404 or 405, no marker shown, nothing changed."""
    client = matrix.clients[user]
    problems, requests = [], 0
    for place in out_of_scope(user):
        kwargs, records = fill(matrix, template, place)
        url = reverse(name, kwargs=kwargs)
        before = [row(r) for r in records]
        for method in methods(name):
            response = ask(client, method, url)
            requests += 1
            if response.status_code not in (403, 404, 405):
                problems.append(f"{place}: {method.upper()} {url} → {response.status_code}")
            if found := leaks(user, _text(response)):
                problems.append(f"{place}: {method.upper()} {url} shows {found}")
        if [row(r) for r in records] != before:
            problems.append(f"{place}: {url} changed the record")
    record_property("requests", requests)
    assert not problems, f"{user} × {name}:\n" + "\n".join(problems)


def ask(client, method, url):
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, POST_DATA)
    return getattr(client, method)(url, {}, content_type="application/json")


OWN_CASES = [
    pytest.param(name, template, id=f"{name}[{label(template)}]")
    for name, templates in OBJECT_ROUTES.items()
    for template in templates
]


@pytest.mark.parametrize(("name", "template"), OWN_CASES)
def test_the_own_record_is_reached_by_some_role(matrix, db, record_property, name, template):
    """The same route with the own township's ids answers some user (so the ids above are right),
    and her own record's page shows no marker of a unit she does not cover either."""
    kwargs, _records = fill(matrix, template, "own")
    url = reverse(name, kwargs=kwargs)
    answers, problems, reached = [], [], False
    for user in USERS:
        response = matrix.clients[user].get(url)
        answers.append(f"{user} GET {response.status_code}")
        reached = reached or response.status_code not in (403, 404, 405)
        if found := leaks(user, _text(response)):
            problems.append(f"{user}: GET {url} shows {found}")
    for user in USERS if not reached and "post" in methods(name) else ():
        with transaction.atomic():  # what a POST changes is undone before the next role asks
            response = ask(matrix.clients[user], "post", url)
            transaction.set_rollback(True)
        answers.append(f"{user} POST {response.status_code}")
        if response.status_code not in (403, 404, 405):
            reached = True
            break
    record_property("requests", len(answers))
    assert reached, f"{url}: nobody reaches the own township's record: {answers}"
    assert not problems, f"{name} (own record):\n" + "\n".join(problems)


# Lists that must be told a unit in their query string: asked for each out-of-scope unit
# ({code}), they must refuse (400, 403 or 404); asked for the own township, some role gets 200.
UNIT_QUERIES = {
    "report-summary-list": "org_unit={code}&start=2025-01-01&end=2025-12-31",
}


def list_queries(world):
    other = world.units["other"].code
    return ["", f"q={LEAK}&search={LEAK}&name={LEAK}", f"unit={other}&org_unit={other}&parent={other}"]


LIST_CASES = [
    pytest.param(user, name, kwargs, id=f"{user}-{name}" + (f"[{label(kwargs)}]" if kwargs else ""))
    for user in USERS
    for name, variants in LIST_ROUTES.items()
    for kwargs in variants
]


@pytest.mark.parametrize(("user", "name", "kwargs"), LIST_CASES)
def test_a_list_shows_nothing_of_another_unit(matrix, db, record_property, user, name, kwargs):
    url = reverse(name, kwargs=kwargs or None)
    client = matrix.clients[user]
    problems = []
    for query in list_queries(matrix):
        address = f"{url}?{query}" if query else url
        response = client.get(address)
        if response.status_code >= 500:
            problems.append(f"GET {address} → {response.status_code}")
        if found := leaks(user, _text(response)):
            problems.append(f"GET {address} shows {found}")
    requests = len(list_queries(matrix))
    if name in UNIT_QUERIES:
        for place in out_of_scope(user):
            address = f"{url}?{UNIT_QUERIES[name].format(code=matrix.units[place].code)}"
            response = client.get(address)
            requests += 1
            if response.status_code not in (400, 403, 404):
                problems.append(f"{place}: GET {address} → {response.status_code}")
            if found := leaks(user, _text(response)):
                problems.append(f"{place}: GET {address} shows {found}")
    record_property("requests", requests)
    assert not problems, f"{user} × {name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", sorted(UNIT_QUERIES))
def test_a_list_told_the_own_unit_answers_some_role(matrix, db, name):
    address = f"{reverse(name)}?{UNIT_QUERIES[name].format(code=matrix.units['own'].code)}"
    statuses = [matrix.clients[user].get(address).status_code for user in USERS]
    assert 200 in statuses, f"{address}: {statuses}"


SHOWS_OWN_CASES = [
    pytest.param(name, kwargs, id=name + (f"[{label(kwargs)}]" if kwargs else ""))
    for name in sorted(SHOWS_OWN)
    for kwargs in LIST_ROUTES[name]
]


@pytest.mark.parametrize(("name", "kwargs"), SHOWS_OWN_CASES)
def test_a_list_shows_the_own_record_to_some_role(matrix, db, name, kwargs):
    url = reverse(name, kwargs=kwargs or None)
    if not any(SHOWS_OWN[name] in _text(matrix.clients[user].get(url)) for user in USERS):
        pytest.fail(f"{url}: no role sees {SHOWS_OWN[name]} in it")


def test_every_route_is_in_the_matrix():
    """A new URL fails here until it is given ids (OBJECT_ROUTES), fixed kwargs (FIXED_ROUTES) or a reason (NOT_DATA)."""
    unfilled = sorted(
        f"{name}  ({route})"
        for name, (route, kwargs) in ALL_ROUTES.items()
        if kwargs and name not in OBJECT_ROUTES and name not in FIXED_ROUTES and name not in NOT_DATA
    )
    assert not unfilled, "routes with ids the authorization matrix cannot fill:\n" + "\n".join(unfilled)
    stale = sorted(
        (set(OBJECT_ROUTES) | set(FIXED_ROUTES) | set(NOT_DATA) | set(SHOWS_OWN) | set(UNIT_QUERIES)) - set(ALL_ROUTES)
    )
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"
    for name, templates in OBJECT_ROUTES.items():
        for template in templates:
            assert set(template) == ALL_ROUTES[name][1], f"{name}: kwargs {set(template)} ≠ {ALL_ROUTES[name][1]}"


def _text(response):
    from tests.security.matrix_world import body_text

    return body_text(response)


def test_the_world_holds_every_scoped_kind_in_every_place(matrix, db):
    """A new scoped model fails here until matrix_world.py makes one in each place (and a route asks for it)."""
    from django.apps import apps

    from directory.models import ScopedQuerySet

    missing = []
    for model in apps.get_models():
        queryset = model._default_manager.all()
        if not isinstance(queryset, ScopedQuerySet) or not queryset.scope_field:
            continue  # OrgUnit scopes itself: the places are units
        for place, unit in matrix.units.items():
            mine = queryset.within(unit)
            if place == "parent":  # the district's own records (or its villages'), not its townships'
                for township in ("own", "sibling"):
                    mine = mine.exclude(pk__in=queryset.within(matrix.units[township]).values("pk"))
            if not mine.exists():
                missing.append(f"{model._meta.label} in {place}")
    assert not missing, "the matrix world has no record of:\n" + "\n".join(missing)


# --- the Django admin --------------------------------------------------------------------
# Of the users under test only the administrator is `is_staff` (as seed_demo makes them); the
# admin's model pages are scoped by `directory.admin.ScopedAdmin` and must obey the same rule.


def _admin_pages():
    from django.contrib import admin

    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


@pytest.mark.parametrize("label", [model._meta.label for model, _admin in _admin_pages()])
def test_the_admin_shows_the_administrator_nothing_of_another_unit(matrix, db, record_property, label):
    from django.contrib import admin

    model = next(m for m in admin.site._registry if m._meta.label == label)
    model_admin = admin.site._registry[model]
    user, client = "admin", matrix.clients["admin"]
    info = model._meta.app_label, model._meta.model_name
    problems, requests = [], 0

    def check(response, what, allowed=None):
        nonlocal requests
        requests += 1
        if (allowed and response.status_code not in allowed) or response.status_code >= 500:
            problems.append(f"{what} → {response.status_code}")
        if found := leaks(user, _text(response)):
            problems.append(f"{what} shows {found}")

    changelist = reverse("admin:{}_{}_changelist".format(*info))
    check(client.get(changelist), changelist)
    check(client.get(f"{changelist}?q={LEAK}"), f"{changelist}?q={LEAK}")
    for field in getattr(model_admin, "autocomplete_fields", ()):
        address = f"/admin/autocomplete/?app_label={info[0]}&model_name={info[1]}&field_name={field}&term={LEAK}"
        check(client.get(address), address)
    # Another unit's rows: the change, history and delete pages, and a POST to change.
    # (The admin answers a row it cannot find with a redirect to its index.)
    for kind, places in matrix.records.items():
        for place in out_of_scope(user):
            record = places.get(place)
            if type(record) is not model:
                continue
            before = row(record)
            for page in ("change", "history", "delete"):
                address = reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[record.pk])
                check(client.get(address), f"{kind} {place}: GET {address}", allowed=(302, 403, 404))
            if hasattr(record, "history"):  # one old version, as django-simple-history shows it
                version = record.history.order_by("history_id").first().history_id
                address = reverse(f"admin:{info[0]}_{info[1]}_simple_history", args=[record.pk, version])
                check(client.get(address), f"{kind} {place}: GET {address}", allowed=(302, 403, 404))
            address = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
            check(client.post(address, {}), f"{kind} {place}: POST {address}", allowed=(302, 403, 404))
            if row(record) != before:
                problems.append(f"{kind} {place}: POST {address} changed the record")
    record_property("requests", requests)
    assert not problems, f"admin × {label}:\n" + "\n".join(problems)


def test_the_admin_shows_the_administrator_her_own_units_records(matrix, db):
    client, agency = matrix.clients["admin"], matrix.records["agency"]["own"]
    assert MARK["own"] + "agency" in _text(client.get(reverse("admin:directory_agency_changelist")))
    history = client.get(reverse("admin:directory_agency_history", args=[agency.pk]))
    assert history.status_code == 200 and MARK["own"] + "agency" in _text(history)
    version = agency.history.first().history_id
    old = client.get(reverse("admin:directory_agency_simple_history", args=[agency.pk, version]))
    assert old.status_code == 200 and MARK["own"] + "agency" in _text(old)
