"""Laws are cited in the reader's language: 《…》 in Chinese, their English titles in English."""

import csv
import io

from django.urls import reverse

from outreach.models import Law
from tests.outreach.factories import EventFactory, law


def test_the_data_migration_gave_the_seeded_laws_english_titles(db):
    assert Law.objects.get(name="反家庭暴力法").name_en == "Anti-Domestic Violence Law"
    assert not Law.objects.filter(name_en="").exists()


def test_an_event_page_cites_its_laws_by_their_english_titles_for_an_english_reader(client_for, clerk_a, township_a):
    event = EventFactory(org_unit=township_a, laws=[law("宪法"), law("反家庭暴力法")])
    client = client_for(clerk_a)
    url = reverse("outreach:event", args=[event.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Constitution, Anti-Domestic Violence Law" in english and "反家庭暴力法" not in english
    assert "《宪法》《反家庭暴力法》" in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_a_law_without_an_english_title_keeps_its_chinese_one_in_english(client_for, clerk_a, township_a):
    local = Law.objects.create(name="广东省妇女权益保障条例", sort_order=900)
    EventFactory(org_unit=township_a, laws=[local])
    page = client_for(clerk_a).get(reverse("outreach:events"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "广东省妇女权益保障条例" in page


def test_the_event_form_and_the_csv_export_use_english_titles(client_for, clerk_a, handler_a, township_a):
    EventFactory(org_unit=township_a, laws=[law("宪法"), law("禁毒法")])
    form = client_for(clerk_a).get(reverse("outreach:event_create"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Narcotics Control Law" in form and "《禁毒法》" not in form
    response = client_for(handler_a).get(
        reverse("outreach:events_export"), {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff"))))
    assert rows[1][7] == "Constitution, Narcotics Control Law"
