"""Petition categories are shown in the reader's language; a category nobody has translated stays Chinese."""

import csv
import io

from rest_framework.test import APIClient

from tests.petitions.factories import category, make_petition, subcategory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_the_list_and_the_petition_name_the_category_in_english_for_an_english_reader(
    client_for, handler_a, township_a
):
    petition = make_petition(unit=township_a, by=handler_a)
    client = client_for(handler_a)
    for url in ("/petitions/", f"/petitions/{petition.pk}/"):
        page = client.get(url, **EN).content.decode()
        assert "Marriage and family · Domestic violence" in page
        assert "婚姻家庭 · 家庭暴力" not in page
        assert "婚姻家庭 · 家庭暴力" in client.get(url, **ZH).content.decode()


def test_a_category_without_an_english_name_shows_its_chinese_name_to_an_english_reader(
    client_for, handler_a, township_a
):
    sub = subcategory("家庭暴力")
    sub.name_en = ""
    sub.save()
    make_petition(unit=township_a, by=handler_a, subcategory=sub)
    page = client_for(handler_a).get("/petitions/", **EN).content.decode()
    assert "Marriage and family · 家庭暴力" in page


def test_the_category_filter_and_the_intake_form_offer_english_names(client_for, clerk_a):
    client = client_for(clerk_a)
    top = category("劳动和社会保障权益")
    listing = client.get("/petitions/", **EN).content.decode()
    assert f'<option value="{top.pk}">Labour and social security</option>' in listing
    intake = client.get("/petitions/new/", **EN).content.decode()
    assert '<optgroup label="Labour and social security">' in intake
    assert f'<option value="{subcategory("性别歧视").pk}">Sex discrimination</option>' in intake
    assert '<optgroup label="劳动和社会保障权益">' in client.get("/petitions/new/", **ZH).content.decode()


def test_the_csv_export_names_categories_in_the_readers_language(client_for, handler_a, township_a):
    make_petition(unit=township_a, by=handler_a)
    response = client_for(handler_a).get("/petitions/export/csv/", **EN)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert (rows[0]["Category"], rows[0]["Sub-category"]) == ("Marriage and family", "Domestic violence")


def test_the_api_names_categories_in_the_language_the_client_asks_for(handler_a, township_a):
    make_petition(unit=township_a, by=handler_a)
    api = APIClient()
    api.force_authenticate(handler_a)
    english = api.get("/api/v1/petitions/", **EN).json()["results"][0]
    assert (english["category_name"], english["subcategory_name"]) == ("Marriage and family", "Domestic violence")
    chinese = api.get("/api/v1/petitions/", **ZH).json()["results"][0]
    assert (chinese["category_name"], chinese["subcategory_name"]) == ("婚姻家庭", "家庭暴力")
