import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from directory.models import AccessLog
from petitions.models import Petition
from tests.factories import PersonFactory
from tests.petitions.factories import make_petition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def two_units(township_a, township_b, clerk_a, clerk_b):
    mine = make_petition(unit=township_a, by=clerk_a, person=PersonFactory(org_unit=township_a, phone="13922223333"))
    theirs = make_petition(unit=township_b, by=clerk_b)
    return mine, theirs


def test_the_list_shows_my_subtrees_petitions_only(client_for, handler_a, two_units):
    mine, theirs = two_units
    page = client_for(handler_a).get("/petitions/").content.decode()
    assert mine.reference in page and theirs.reference not in page


def test_the_list_finds_a_petition_by_the_petitioners_phone(client_for, handler_a, township_a, two_units):
    mine, _theirs = two_units
    other = make_petition(unit=township_a, by=handler_a)
    page = client_for(handler_a).get("/petitions/?q=13922223333").content.decode()
    assert mine.reference in page and other.reference not in page


def test_the_list_filters_by_status_channel_and_repeat(client_for, handler_a, township_a, two_units):
    mine, _ = two_units
    letter = make_petition(unit=township_a, by=handler_a, channel="letter")
    client = client_for(handler_a)
    page = client.get("/petitions/?channel=letter").content.decode()
    assert letter.reference in page and mine.reference not in page
    page = client.get("/petitions/?repeat=yes").content.decode()
    assert letter.reference not in page


def test_names_are_masked_in_the_list_for_managers(client_for, manager_a, township_a, clerk_a):
    make_petition(unit=township_a, by=clerk_a, person=PersonFactory(org_unit=township_a, full_name="陈秀英"))
    page = client_for(manager_a).get("/petitions/").content.decode()
    assert "陈**" in page and "陈秀英" not in page


def _list_queries(client, django_assert_num_queries, n):
    with django_assert_num_queries(n):
        response = client.get("/petitions/?status=registered")
    assert response.status_code == 200
    return response


def test_the_list_runs_the_same_number_of_queries_for_few_and_many_petitions(
    client_for, handler_a, township_a, django_assert_num_queries
):
    client = client_for(handler_a)
    for _ in range(3):
        make_petition(unit=township_a, by=handler_a)
    client.get("/petitions/")  # warm the session
    _list_queries(client, django_assert_num_queries, 8)  # one count serves the pages and the rates line
    for _ in range(30):
        make_petition(unit=township_a, by=handler_a)
    response = _list_queries(client, django_assert_num_queries, 8)
    assert "33" in response.content.decode()


def test_another_townships_petition_is_404_on_its_page_receipt_and_attachments(client_for, handler_a, two_units):
    _mine, theirs = two_units
    client = client_for(handler_a)
    assert client.get(f"/petitions/{theirs.pk}/").status_code == 404
    assert client.get(f"/petitions/{theirs.pk}/receipt/").status_code == 404
    upload = SimpleUploadedFile("letter.pdf", PDF)
    assert client.post(f"/petitions/{theirs.pk}/attachments/", {"file": upload}).status_code == 404


def test_the_petition_page_shows_fields_petitioners_timeline_and_history(client_for, handler_a, two_units):
    mine, _ = two_units
    page = client_for(handler_a).get(f"/petitions/{mine.pk}/").content.decode()
    assert mine.reference in page and "丈夫长期酗酒" in page and "13922223333" in page
    assert 'id="timeline"' in page and "history" in page


def test_an_edit_based_on_a_stale_form_is_refused_and_the_input_kept(client_for, handler_a, clerk_a, two_units):
    mine, _ = two_units
    client = client_for(clerk_a)
    form = {
        "channel": "letter",
        "received_on": mine.received_on.isoformat(),
        "headcount": "1",
        "nature": "claim",
        "category": mine.category_id,
        "subcategory": mine.subcategory_id,
        "facts": "我补充的新事实",
        "risk_level": "low",
        "seen_version": str(mine.version),
    }
    from petitions.services import update_petition

    update_petition(petition=mine, by=handler_a, expected_version=mine.version, request="别人改过")

    response = client.post(f"/petitions/{mine.pk}/edit/", form)

    page = response.content.decode()
    assert response.status_code == 200 and "我补充的新事实" in page
    mine.refresh_from_db()
    assert mine.facts != "我补充的新事实" and mine.request == "别人改过"


def test_an_edit_is_saved_with_a_history_row(client_for, clerk_a, two_units):
    mine, _ = two_units
    form = {
        "channel": "letter",
        "received_on": mine.received_on.isoformat(),
        "headcount": "2",
        "nature": "claim",
        "category": mine.category_id,
        "subcategory": mine.subcategory_id,
        "facts": mine.facts,
        "risk_level": "low",
        "seen_version": str(mine.version),
    }
    response = client_for(clerk_a).post(f"/petitions/{mine.pk}/edit/", form)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.channel, mine.headcount, mine.version) == ("letter", 2, 2)
    latest = mine.history.first()
    assert latest.history_user == clerk_a and latest.channel == "letter"


def test_voiding_removes_the_petition_from_lists_and_counts(client_for, clerk_a, handler_a, two_units):
    from directory.periods import Period
    from petitions.figures import petition_figures

    mine, _ = two_units
    client = client_for(clerk_a)
    assert client.get(f"/petitions/{mine.pk}/void/").status_code == 405

    response = client.post(f"/petitions/{mine.pk}/void/", {"reason": "重复录入"})

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.is_voided and mine.void_reason == "重复录入"
    assert mine.history.first().history_user == clerk_a
    assert mine.actions.filter(kind="void").exists()
    assert mine.reference not in client.get("/petitions/").content.decode()
    assert mine.reference in client.get("/petitions/?voided=on").content.decode()
    figures = petition_figures(Petition.objects.within(mine.org_unit), Period.year(2025))
    assert figures.received == 0


def test_voiding_another_townships_petition_is_404_and_an_admin_role_gets_403(
    client_for, clerk_a, township_a, two_units
):
    from directory.roles import Role
    from tests.factories import UserFactory

    mine, theirs = two_units
    assert client_for(clerk_a).post(f"/petitions/{theirs.pk}/void/", {"reason": "x"}).status_code == 404
    admin = UserFactory(staff=(township_a, Role.ADMIN))
    assert client_for(admin).post(f"/petitions/{mine.pk}/void/", {"reason": "x"}).status_code == 403
    theirs.refresh_from_db()
    assert not theirs.is_voided


def test_a_pdf_is_attached_and_its_download_is_logged(client_for, clerk_a, handler_a, two_units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine, _ = two_units
    response = client_for(clerk_a).post(
        f"/petitions/{mine.pk}/attachments/", {"file": SimpleUploadedFile("来信.pdf", PDF), "description": "来信扫描件"}
    )
    assert response.status_code == 302
    attachment = mine.attachments.get()
    download = client_for(handler_a).get(f"/petitions/{mine.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessLog.objects.filter(user=handler_a, action="download", target_label="来信.pdf").exists()


def test_an_attachment_whose_content_is_not_allowed_or_too_large_is_refused(
    client_for, clerk_a, two_units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    mine, _ = two_units
    client = client_for(clerk_a)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 this is a program, not a pdf")
    assert client.post(f"/petitions/{mine.pk}/attachments/", {"file": fake}).status_code == 400
    settings.MAX_UPLOAD_MB = 0
    big = SimpleUploadedFile("letter.pdf", PDF)
    response = client.post(f"/petitions/{mine.pk}/attachments/", {"file": big})
    assert response.status_code == 400 and "MB" in response.content.decode()
    assert not mine.attachments.exists()


def test_export_contains_exactly_the_visible_rows_and_is_logged(client_for, handler_a, township_a, two_units):
    mine, theirs = two_units
    make_petition(unit=township_a, by=handler_a, channel="letter")
    response = client_for(handler_a).get("/petitions/export/csv/?channel=visit")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:]] == [mine.reference]
    log = AccessLog.objects.get(action="export")
    assert log.detail["rows"] == 1 and log.detail["filter"] == {"channel": ["visit"]}


def test_xlsx_export_has_the_visible_rows(client_for, handler_a, two_units):
    mine, theirs = two_units
    response = client_for(handler_a).get("/petitions/export/xlsx/")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    references = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert references == [mine.reference]


def test_a_clerk_may_not_export_identifiable_rows(client_for, clerk_a, two_units):
    assert client_for(clerk_a).get("/petitions/export/csv/").status_code == 403


def test_export_reads_rows_in_chunks_so_memory_does_not_grow(client_for, handler_a, township_a, monkeypatch):
    from django.db.models.query import QuerySet

    from petitions.views import EXPORT_CHUNK

    for _ in range(3):
        make_petition(unit=township_a, by=handler_a)
    calls = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        calls.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    response = client_for(handler_a).get("/petitions/export/csv/")
    assert len(list(response.streaming_content)) == 4  # header + 3 rows, yielded one by one
    assert calls == [EXPORT_CHUNK]  # tuples (values_list), a chunk at a time


def test_a_reception_day_lists_its_petitions_with_the_headcount(client_for, clerk_a, township_a):
    client = client_for(clerk_a)
    response = client.post(
        "/petitions/reception-days/new/",
        {"org_unit": township_a.pk, "on": "2025-03-05", "leader": "邓春梅", "place": "街道妇联接待室"},
    )
    assert response.status_code == 302
    from petitions.models import ReceptionDay

    day = ReceptionDay.objects.get()
    make_petition(
        unit=township_a,
        by=clerk_a,
        channel="reception_day",
        reception_day=day,
        headcount=3,
        is_collective=True,
        received_on=date(2025, 3, 5),
    )
    make_petition(unit=township_a, by=clerk_a, channel="reception_day", reception_day=day, received_on=date(2025, 3, 5))
    page = client.get(f"/petitions/reception-days/{day.pk}/").content.decode()
    assert 'id="day-count">2<' in page and 'id="day-headcount">4<' in page


def test_another_townships_attachment_is_404(client_for, clerk_b, handler_a, two_units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine, _ = two_units
    from petitions.services import attach_file

    attachment = attach_file(petition=mine, by=handler_a, upload=SimpleUploadedFile("来信.pdf", PDF))
    assert client_for(clerk_b).get(f"/petitions/{mine.pk}/attachments/{attachment.pk}/").status_code == 404
    assert not AccessLog.objects.filter(action="download").exists()
