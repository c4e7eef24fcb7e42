"""What the register does for a large scope: one count, deep pages capped, search as before."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import listing
from petitions.models import Petition
from tests.petitions.factories import make_petition


def test_the_list_counts_its_rows_once_for_the_pages_and_the_rates_line(client_for, handler_a, township_a):
    for _ in range(3):
        make_petition(unit=township_a, by=handler_a)
    client = client_for(handler_a)
    client.get("/petitions/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/petitions/")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "petitions_petition" in q["sql"]]
    assert len(counts) == 1
    assert 'data-figure="received">3<' in response.content.decode()


def test_a_page_past_the_cap_shows_the_last_allowed_page_and_says_to_narrow_the_filter(
    client_for, handler_a, township_a, monkeypatch
):
    monkeypatch.setattr(listing, "MAX_PAGES", 2)
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 1)
    for _ in range(4):
        make_petition(unit=township_a, by=handler_a)
    response = client_for(handler_a).get("/petitions/?page=4&lang=en")
    page = response.context["page"]
    assert page.number == 2
    assert 'id="page-cap"' in response.content.decode()
    assert 'rel="next"' not in response.content.decode()


def test_search_finds_a_petition_by_reference_words_or_petitioner_name(handler_a, township_a):
    petition = make_petition(unit=township_a, by=handler_a)
    name = petition.parties.first().person.full_name
    found = Petition.objects.search
    assert list(found(petition.reference)) == [petition]
    assert petition in found(name)
    assert petition in found(petition.facts[:3])
    assert not found("没有这样的词语").exists()


def test_the_open_index_lists_the_open_statuses():
    index = next(i for i in Petition._meta.indexes if i.name == "petition_open_due")
    assert sorted(index.condition.children[0][1]) == sorted(Petition.OPEN_STATUSES)
