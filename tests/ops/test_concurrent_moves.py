"""Two people make the same move on the same petition at the same moment: one wins, the other is told, nothing is lost.

On PostgreSQL the two requests really run at once, each in its own thread with
its own database connection; the row lock makes one wait for the other. On
SQLite (one writer at a time) they run one after the other, the second with
what it saw before the first was saved.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import translation
from django.utils.timezone import localdate

from directory.locking import STALE_MESSAGE
from petitions.models import Action, Petition
from tests.petitions.factories import ensure_categories, make_petition

ACCEPTED = "Petition accepted"
REFUSED = "This move is not possible now: the petition has changed. Look at it again."


def at_once(*calls):
    """Run the calls together (PostgreSQL) or in turn (SQLite); their results in order."""
    if connection.vendor != "postgresql":
        return [call() for call in calls]
    start = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        try:
            start.wait(timeout=30)
            results[i] = call()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connections

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def _english_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def petition(township_a, clerk_a):
    ensure_categories()
    return make_petition(unit=township_a, by=clerk_a)


@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_one_petition_at_once_accept_it_once(petition, handler_a, manager_a):
    first, second = _english_client(handler_a), _english_client(manager_a)
    url = f"/petitions/{petition.pk}/move/accept/"
    today = localdate().isoformat()

    responses = at_once(
        lambda: first.post(url, {"accept-on": today, "accept-note": "材料齐全"}),
        lambda: second.post(url, {"accept-on": today, "accept-note": "予以受理"}),
    )

    assert [r.status_code for r in responses] == [302, 302]
    pages = [client.get(r.url).content.decode() for client, r in zip((first, second), responses, strict=True)]
    assert sorted(ACCEPTED in page for page in pages) == [False, True]
    assert sorted(REFUSED in page for page in pages) == [False, True]
    petition.refresh_from_db()
    assert petition.status == Petition.Status.ACCEPTED and petition.version == 2
    [accept] = Action.objects.filter(petition=petition, kind=Action.Kind.ACCEPT)
    winner = handler_a if ACCEPTED in pages[0] else manager_a
    assert accept.by == winner and petition.handler == winner
    assert petition.history.count() == 2  # registered, then accepted once


@pytest.mark.django_db(transaction=True)
def test_two_edits_of_the_same_version_keep_the_first_and_refuse_the_second(petition, handler_a, manager_a):
    first, second = _english_client(handler_a), _english_client(manager_a)
    url = f"/api/v1/petitions/{petition.pk}/"

    def edit(client, facts):
        return lambda: client.patch(url, {"facts": facts}, content_type="application/json", headers={"If-Match": '"1"'})

    responses = at_once(edit(first, "丈夫酒后殴打,邻居作证。"), edit(second, "丈夫多次威胁,有短信为证。"))

    assert sorted(r.status_code for r in responses) == [200, 412]
    won, lost = (responses[0], responses[1]) if responses[0].status_code == 200 else (responses[1], responses[0])
    with translation.override("en"):
        assert lost.json()["detail"] == str(STALE_MESSAGE)
    petition.refresh_from_db()
    assert petition.version == 2 and petition.facts == won.json()["facts"]
    assert petition.history.count() == 2
