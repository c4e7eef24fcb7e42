"""A page's form names only records of her own units: another unit's id posted in a form is refused.

`test_bodies_name_only_own_records.py` does this for the API. Here every page each
writing role of the own township reaches by following links (`tests/security/crawl.py`)
is read for its POST forms, and every choice of a record those forms offer (a
`<select>` whose options are ids: `org_unit`, `client`, `refer-agency` …) is posted,
the rest of the form as the page filled it in, once with the sibling township's and
the other district's record of that kind (`tests/security/matrix_world.py`) and once
with her own. The other units' records must be refused on that field (the page shown
again, 200 or 400, with the field marked invalid, `aria-invalid`), or the page refused whole
(403/404/405); a redirect (the form accepted) is a leak. Her own record must not be
marked invalid, so that the refusal is about the unit, not the kind of id. Nothing is
kept: each post is rolled back.

A choice of records the crawl finds whose name is not in `KIND_OF_FIELD` or
`NOT_SCOPED` fails `test_every_choice_of_records_is_known`.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.db import transaction

from tests.security import id_fields
from tests.security.crawl import crawl, seeds

# What each form field's choices name: the matrix world's kind of record (a move form's
# fields are prefixed with the move's name: `refer-agency` is `agency`).
KIND_OF_FIELD = {
    **id_fields.KIND_OF_FIELD,
    "unit": "unit",  # the unit a ledger is imported into, a report is drafted for
    "user": "worker",  # the user an API token is issued to
}
NOT_SCOPED = id_fields.NOT_SCOPED
WRITERS = ("clerk", "handler", "manager", "admin")  # the own township's roles that have forms with such choices
REFUSED_WHOLE = (403, 404, 405)
SHOWN_AGAIN = (200, 400)  # the page again, with the errors (a move's form answers 400)


class PostForms(HTMLParser):
    """The POST forms of a page: their action and what a browser would send as the page stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "").lower() == "post":
                self.form = {"action": a.get("action") or "", "data": [], "choices": {}}
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name and (a.get("type") or "text") not in ("file", "submit", "button", "image", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.form["data"].append((name, a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in a, "options": [], "selected": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value", ""))
            if "selected" in a:
                self.select["selected"].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "textarea" and self.textarea is not None:
            self.form["data"].append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            select, self.select = self.select, None
            chosen = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            self.form["data"].extend((select["name"], value) for value in chosen)
            if any(value.isdigit() for value in select["options"]):
                self.form["choices"][select["name"]] = select["multiple"]
        elif tag == "form":
            self.forms.append(self.form)
            self.form = None


def _forms(matrix, user):
    """(page, action, data, choices) of every POST form offering a choice of records, on the pages `user` reaches."""
    found = []
    for visit in crawl(matrix.clients[user], start=seeds(), per_route=1).visits:
        if visit.status != 200 or "text/html" not in visit.content_type:
            continue
        parser = PostForms()
        parser.feed(visit.body)
        for form in parser.forms:
            if form["choices"]:
                found.append((visit.url, urljoin(visit.url, form["action"]), form["data"], form["choices"]))
    return found


@pytest.fixture(scope="module")
def crawled():
    return {}  # user → her forms, crawled once per module (and per test worker) by the first test that asks


@pytest.fixture
def forms_of(matrix, db, crawled):
    def forms(user):
        if user not in crawled:
            crawled[user] = _forms(matrix, user)
        return crawled[user]

    return forms


def _field(name: str) -> str:
    return name.split("-", 1)[1] if "-" in name else name


def _marked_invalid(html: str, name: str) -> bool:
    class Invalid(HTMLParser):
        found = False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if a.get("name") == name and a.get("aria-invalid") == "true":
                self.found = True

    parser = Invalid()
    parser.feed(html)
    return parser.found


def _post(client, action, data, name, value):
    body = {}
    for key, item in data:
        if key != name:
            body.setdefault(key, []).append(item)
    body[name] = [str(value)]
    with transaction.atomic():
        response = client.post(action, body)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("user", WRITERS)
def test_every_choice_of_records_is_known(forms_of, user):
    unknown = sorted(
        {
            f"{name} ({page})"
            for page, _action, _data, choices in forms_of(user)
            for name in choices
            if _field(name) not in KIND_OF_FIELD | NOT_SCOPED
        }
    )
    assert not unknown, "say what these choices name (KIND_OF_FIELD) or why they are not scoped:\n" + "\n".join(unknown)


@pytest.mark.parametrize("user", WRITERS)
def test_another_units_record_posted_in_a_form_is_refused(matrix, forms_of, user):
    client, problems, checked = matrix.clients[user], [], 0
    for page, action, data, choices in forms_of(user):
        for name in choices:
            kind = KIND_OF_FIELD.get(_field(name))
            if kind is None:
                continue
            refused = False
            for place in ("sibling", "other"):
                response = _post(client, action, data, name, matrix.pk(kind, place))
                if response.status_code in REFUSED_WHOLE:
                    continue
                if response.status_code in SHOWN_AGAIN and _marked_invalid(response.content.decode(), name):
                    refused = True
                    continue
                problems.append(
                    f"{page}: {name} = {place}'s {kind} → {response.status_code} {response.get('Location', '')}"
                )
            if refused:
                checked += 1
                own = _post(client, action, data, name, matrix.pk(kind, "own"))
                if own.status_code in SHOWN_AGAIN and _marked_invalid(own.content.decode(), name):
                    problems.append(f"{page}: {name} = her own {kind} is refused too: the refusal proves nothing")
    assert not problems, "\n".join(problems)
    assert checked, f"{user} has no form whose choice of records was tested"
