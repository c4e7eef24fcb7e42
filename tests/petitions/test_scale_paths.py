"""What the register does for a large scope: one count, deep pages capped, search as before."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import listing
from petitions.models import Petition
from tests.factories import PersonFactory
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
    assert list(found(f" {petition.reference.lower()} ")) == [petition]
    assert petition in found(petition.reference[-9:])  # a part of it, as a word: "2025-0001"
    assert petition in found(name)
    assert petition in found(petition.facts[:3])
    assert not found("没有这样的词语").exists()


def test_the_open_index_lists_the_open_statuses():
    index = next(i for i in Petition._meta.indexes if i.name == "petition_open_due")
    assert sorted(index.condition.children[0][1]) == sorted(Petition.OPEN_STATUSES)


@pytest.fixture
def three_pages(monkeypatch, handler_a, township_a):
    """Pages of one row, two of them: a list of three petitions is more than its pages reach."""
    monkeypatch.setattr(listing, "MAX_PAGES", 2)
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 1)
    for day in (1, 2, 3):
        make_petition(unit=township_a, by=handler_a, received_on=date(2025, 9, day))
    return township_a


def test_a_list_longer_than_its_pages_says_more_than_and_asks_for_a_period_for_its_rates(
    client_for, handler_a, three_pages
):
    page = client_for(handler_a).get("/petitions/").content.decode()
    assert "超过 2 条记录" in page
    assert "超过 2 件信访" in page and "请选择受理日期（起止）" in page
    assert 'data-figure="received"' not in page and 'data-figure="resolution-rate"' not in page


def test_a_list_opened_for_a_period_counts_and_sums_every_row_however_many(client_for, handler_a, three_pages):
    response = client_for(handler_a).get("/petitions/", {"received_from": "2025-09-01", "received_to": "2025-09-30"})
    page = response.content.decode()
    assert 'data-figure="received">3<' in page and "共 3 条" in page
    assert "超过" not in page
    assert response.context["page"].paginator.num_pages == 3  # the last is past the cap: the cap line says so
    assert 'id="page-cap"' not in page  # on the first page


def test_a_list_within_its_pages_counts_exactly(client_for, handler_a, three_pages):
    page = client_for(handler_a).get("/petitions/", {"received_from": "2025-09-02"}).content.decode()
    assert "共 2 条" in page and 'data-figure="received">2<' in page and "超过" not in page
    page = client_for(handler_a).get("/petitions/", {"q": "酗酒后殴打"}).content.decode()
    assert "超过 2 条记录" in page


def test_other_lists_count_only_as_far_as_their_pages_reach(client_for, clerk_a, village_a, monkeypatch):
    monkeypatch.setattr(listing, "MAX_PAGES", 2)
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 1)
    for name in ("黄美玲", "李玉兰"):
        PersonFactory(org_unit=village_a, full_name=name)
    assert "共 2 条" in client_for(clerk_a).get("/directory/people/").content.decode()
    PersonFactory(org_unit=village_a, full_name="陈秀英")
    page = client_for(clerk_a).get("/directory/people/").content.decode()
    assert "超过 2 条记录" in page and 'id="page-cap"' not in page
    assert 'id="page-cap"' in client_for(clerk_a).get("/directory/people/?page=9").content.decode()


def test_a_search_shorter_than_three_characters_looks_at_names_only_and_says_so(client_for, handler_a, township_a):
    petition = make_petition(
        unit=township_a, by=handler_a, person=PersonFactory(org_unit=township_a, full_name="黄美玲")
    )
    client = client_for(handler_a)
    for q in ("美玲", "黄", "玲"):
        page = client.get("/petitions/", {"q": q}).content.decode()
        assert petition.reference in page and 'id="names-only"' in page, q
    page = client.get("/petitions/", {"q": "家暴"}).content.decode()  # in the request: a word, not a name
    assert petition.reference not in page and "3 个字起" in page
    page = client.get("/petitions/", {"q": "制止家暴"}).content.decode()
    assert petition.reference in page and 'id="names-only"' not in page


def test_the_register_finds_a_petition_by_its_petitioners_whole_phone_or_its_last_four_digits(
    client_for, handler_a, township_a
):
    petition = make_petition(
        unit=township_a, by=handler_a, person=PersonFactory(org_unit=township_a, phone="13698765432")
    )
    other = make_petition(unit=township_a, by=handler_a, person=PersonFactory(org_unit=township_a, phone="13900001111"))
    client = client_for(handler_a)
    for q in ("13698765432", "136 9876 5432", "136-9876-5432", "5432"):
        page = client.get("/petitions/", {"q": q}).content.decode()
        assert petition.reference in page and other.reference not in page, q
    page = client.get("/petitions/", {"q": "98765"}).content.decode()  # the middle of a number finds no one
    assert petition.reference not in page
