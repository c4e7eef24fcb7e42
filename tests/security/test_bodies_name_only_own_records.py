"""A write names only records of her own units: another unit's id in a request body is refused.

The authorization matrix (`test_authorization_matrix.py`) asks for other units' records
by the URL. Here every API operation that writes (POST, PATCH) is read from the
OpenAPI schema, and every id its body takes (`org_unit`, `client`, `parties[].person`,
`lawyer`, `partners[]` …) is sent with the id of a record of the sibling township and of
another district's township (`tests/security/matrix_world.py`), one field at a time, by
every role of the own township. A role that may write gets 400 with that field's error,
and nothing is written; the own record sent the same way is not refused on that field
(so the refusal is about the unit, not the type). An id field the schema adds that is
not in `KIND_OF_FIELD`, `NOT_SCOPED` or `NOT_AN_ID` fails `test_every_id_field_is_known`.
"""

import pytest
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator

from tests.security.id_fields import KIND_OF_FIELD, NOT_SCOPED
from tests.security.matrix_world import USERS

# The same field name naming a narrower kind on one route (a home needs a housing programme).
KIND_ON_ROUTE = {
    ("housing-units", "programme"): "housing_programme",
    ("training-classes", "programme"): "class_programme",
}
# Own records that are refused anyway, for a reason other than the unit (the refusal of the others still holds).
OWN_NOT_OFFERED = {"reception_day": "only the reception days of the past year on are offered; the world's is of 2025"}
NOT_AN_ID = {
    "version",
    "year",
    "headcount",
    "audience",
    "leaflets",
    "materials",
    "performances",
    "size",
    "capacity",
} | {
    "days",
    "panel_size",
}
# The record a detail route's {id} names, by the route's first segment.
KIND_OF_ROUTE = {
    "petitions": "petition",
    "legal-aid-cases": "case",
    "protection-orders": "order",
    "police-warnings": "warning",
    "assessors": "assessor",
    "assessor-hearings": "hearing",
    "people": "person",
    "agencies": "agency",
    "volunteers": "volunteer",
    "service-points": "service_point",
    "hardship-programmes": "programme",
    "households": "household",
    "assistance": "assistance",
    "housing-units": "housing_unit",
    "training-classes": "class",
    "enrolments": "enrolment",
    "campaigns": "campaign",
    "outreach-events": "event",
    "trainings": "training",
    "reception-days": "reception_day",
    "org-units": "unit",
}
ROLES = [user for user in USERS if user != "district_manager"]  # the own township's; the district covers the sibling
PREFIX = "/api/v1/"


def _schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]

    def resolve(node):
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        if len(node.get("allOf", ())) == 1:
            return resolve(node["allOf"][0])
        return node

    def ids(node, path):
        node = resolve(node)
        if "properties" in node:
            for name, sub in node["properties"].items():
                if not resolve(sub).get("readOnly"):
                    yield from ids(sub, (*path, name))
        elif node.get("type") == "array":
            yield from ids(node["items"], (*path, 0))
        elif node.get("type") == "integer":
            yield path

    for route, operations in schema["paths"].items():
        for method in ("post", "patch"):
            body = operations.get(method, {}).get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield route, method, list(ids(body["schema"], ()))


OPERATIONS = list(_schema())


def _name(path):
    return [step for step in path if isinstance(step, str)][-1]


def _kind(route, path):
    name = _name(path)
    return KIND_ON_ROUTE.get((route.removeprefix(PREFIX).split("/")[0], name), KIND_OF_FIELD.get(name))


CASES = [
    pytest.param(route, method, path, id=f"{method.upper()} {route} {'.'.join(map(str, path))}")
    for route, method, paths in OPERATIONS
    for path in paths
    if _name(path) in KIND_OF_FIELD
]


def test_every_id_field_is_known():
    unknown = sorted(
        f"{method.upper()} {route}: {'.'.join(map(str, path))}"
        for route, method, paths in OPERATIONS
        for path in paths
        if _name(path) not in KIND_OF_FIELD | NOT_SCOPED and _name(path) not in NOT_AN_ID
    )
    assert not unknown, "say what these ids name (KIND_OF_FIELD) or why they are not scoped:\n" + "\n".join(unknown)


def _body(path, value):
    """{"parties": [{"person": 5}]} for ("parties", 0, "person"); a list of ids for ("partners", 0)."""
    body = value
    for step in reversed(path):
        body = [body] if isinstance(step, int) else {step: body}
    return body


def _refuses(errors, path):
    """Whether the 400's errors name the field at `path` (a list of ids has its error on the list)."""
    node = errors
    for step in path:
        if isinstance(step, str):
            node = node.get(step) if isinstance(node, dict) else None
        elif isinstance(node, dict):  # a nested list's errors, by position: {"parties": {"0": {…}}}
            node = node.get(str(step))
        elif isinstance(node, list) and node and isinstance(node[0], dict):
            node = node[step] if step < len(node) else None
        else:
            return bool(node)
        if node is None:
            return False
    return True


def _current(record, path):
    """What the record holds in the (top-level) field at `path`, as the database has it now."""
    record = type(record)._base_manager.get(pk=record.pk)
    field = record._meta.get_field(path[0])
    if field.many_to_many:
        return sorted(getattr(record, field.name).values_list("pk", flat=True))
    return getattr(record, field.attname)


def _send(matrix, user, route, method, path, value):
    """The answer to one write naming `value` at `path`, and (a PATCH) what the record's field then held."""
    record = matrix.records[KIND_OF_ROUTE[route.removeprefix(PREFIX).split("/")[0]]]["own"]
    url = route.replace("{id}", str(record.pk))
    with transaction.atomic():  # whatever it wrote is undone before the next one asks
        response = getattr(matrix.clients[user], method)(url, _body(path, value), content_type="application/json")
        after = _current(record, path) if "{id}" in route and method == "patch" else None
        transaction.set_rollback(True)
    return url, response, after


@pytest.mark.parametrize(("route", "method", "path"), CASES)
def test_another_units_record_named_in_a_body_is_refused(matrix, db, route, method, path):
    kind, problems, refused = _kind(route, path), [], []
    patched = "{id}" in route and method == "patch"
    if patched:
        before = _current(matrix.records[KIND_OF_ROUTE[route.removeprefix(PREFIX).split("/")[0]]]["own"], path)
    for place in ("sibling", "other"):
        for user in ROLES:
            url, response, after = _send(matrix, user, route, method, path, matrix.pk(kind, place))
            if response.status_code == 400 and _refuses(response.json(), path):
                refused.append(user)
            elif patched and response.status_code == 200 and after == before:
                continue  # a field fixed once the record exists: ignored on update, as DRF does with read-only fields
            elif response.status_code not in (403, 404, 405, 409):
                problems.append(
                    f"{user}, {place}'s {kind}: {method.upper()} {url} → {response.status_code} {response.content[:300]}"
                )
    assert not problems, "\n".join(problems)
    if patched and not refused:
        return  # nobody could change it at all (every role 403/409, or fixed on update)
    assert refused, "no role of the own township may write here: the refusal is untested"
    if _name(path) in OWN_NOT_OFFERED:
        return
    own = matrix.pk(kind, "own")
    if patched:  # what the record already names is certainly allowed (a field fixed on update allows nothing else)
        own = (before[0] if before else own) if isinstance(before, list) else (before or own)
    for user in dict.fromkeys(refused):
        _url, response, _after = _send(matrix, user, route, method, path, own)
        refused_own = response.status_code == 400 and _refuses(response.json(), path)
        assert not refused_own, f"{user}: the own {kind} is refused too ({response.json()}): the test proves nothing"
