import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from directory.locking import STALE_MESSAGE
from directory.models import AccessLog
from directory.roles import Role
from outreach.models import Event
from tests.factories import AgencyFactory, UserFactory
from tests.outreach.factories import CampaignFactory, EventFactory, law


@pytest.fixture
def march8(city):
    return CampaignFactory(org_unit=city, name="三八维权周", year=2025)


def _post_data(township, campaign, partners, laws, **extra):
    return {
        "title": "三八维权周街头宣传",
        "campaign": campaign.pk,
        "kind": Event.Kind.PUBLIC_PLACE,
        "held_on": "2025-03-07",
        "place": "雄州广场",
        "org_unit": township.pk,
        "audience": "500",
        "leaflets": "1200",
        "materials": "0",
        "performances": "1",
        "summary": "",
        "partners": [a.pk for a in partners],
        "laws": [law_.pk for law_ in laws],
        **extra,
    }


def test_clerk_records_an_event_with_partners_of_the_city_and_two_laws(client_for, clerk_a, township_a, city, march8):
    justice = AgencyFactory(org_unit=city, name="南雄市司法局")
    hospital = AgencyFactory(org_unit=city, name="南雄市妇幼保健院")
    laws = [law("妇女权益保障法"), law("未成年人保护法")]
    response = client_for(clerk_a).post(
        reverse("outreach:event_create"), _post_data(township_a, march8, [justice, hospital], laws)
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert sorted(a.name for a in event.partners.all()) == ["南雄市司法局", "南雄市妇幼保健院"]
    assert [str(x) for x in event.laws.all()] == ["《妇女权益保障法》", "《未成年人保护法》"]
    assert (event.leaflets, event.performances, event.created_by) == (1200, 1, clerk_a)
    assert event.history.get().history_user == clerk_a


def test_a_date_outside_the_campaign_year_is_refused_and_the_input_kept(client_for, clerk_a, township_a, march8):
    data = _post_data(township_a, march8, [], [], held_on="2024-03-07")
    response = client_for(clerk_a).post(reverse("outreach:event_create"), data)
    assert response.status_code == 200
    assert "2025" in response.context["form"].errors["held_on"][0]
    assert 'value="三八维权周街头宣传"' in response.content.decode()
    assert not Event.objects.exists()


def test_negative_leaflets_are_refused_with_a_message(client_for, clerk_a, township_a, march8):
    response = client_for(clerk_a).post(
        reverse("outreach:event_create"), _post_data(township_a, march8, [], [], leaflets="-5")
    )
    assert response.status_code == 200 and "leaflets" in response.context["form"].errors


def test_an_event_cannot_be_recorded_for_another_township(client_for, clerk_a, township_b, march8):
    response = client_for(clerk_a).post(reverse("outreach:event_create"), _post_data(township_b, march8, [], []))
    assert response.status_code == 200 and "org_unit" in response.context["form"].errors


def test_admin_role_may_not_record_events(client_for, township_a):
    admin = UserFactory(username="admin_a", staff=(township_a, Role.ADMIN))
    assert client_for(admin).get(reverse("outreach:event_create")).status_code == 403


def test_editing_saves_a_new_version_names_new_partners_in_the_history_and_refuses_a_stale_form(
    client_for, handler_a, township_a, city, march8
):
    event = EventFactory(org_unit=township_a, campaign=march8, leaflets=100)
    police = AgencyFactory(org_unit=city, name="南雄市公安局")
    client = client_for(handler_a)
    data = _post_data(township_a, march8, [police], [], leaflets="300", seen_version=1)
    assert client.post(reverse("outreach:event_edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert (event.leaflets, event.version) == (300, 2)
    assert [a.name for a in event.partners.all()] == ["南雄市公安局"]
    latest = event.history.first()
    assert latest.history_user == handler_a and "南雄市公安局" in latest.history_change_reason
    stale = client.post(reverse("outreach:event_edit", args=[event.pk]), {**data, "leaflets": "999"})
    assert stale.status_code == 200
    assert str(STALE_MESSAGE) in stale.context["form"].non_field_errors()
    assert 'value="999"' in stale.content.decode()
    event.refresh_from_db()
    assert event.leaflets == 300


def test_another_townships_event_is_404(client_for, clerk_b, township_a):
    event = EventFactory(org_unit=township_a)
    client = client_for(clerk_b)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("outreach:event_edit", args=[event.pk])).status_code == 404


def test_manager_voids_an_event_which_then_leaves_the_list(client_for, manager_a, township_a):
    event = EventFactory(org_unit=township_a, title="录错的活动")
    client = client_for(manager_a)
    response = client.post(reverse("outreach:event_void", args=[event.pk]), {"reason": "重复录入"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_voided and event.void_reason == "重复录入" and event.voided_by == manager_a
    assert event.history.first().history_change_reason == "重复录入"
    assert "录错的活动" not in client.get(reverse("outreach:events")).content.decode()


def test_void_needs_post_a_manager_and_the_same_unit(client_for, clerk_a, manager_b, manager_a, township_a):
    event = EventFactory(org_unit=township_a)
    url = reverse("outreach:event_void", args=[event.pk])
    assert client_for(manager_a).get(url).status_code == 405
    assert client_for(clerk_a).post(url, {"reason": "x"}).status_code == 403
    assert client_for(manager_b).post(url, {"reason": "x"}).status_code == 404
    event.refresh_from_db()
    assert not event.is_voided


def test_event_list_filters_by_campaign_partner_law_unit_and_dates(
    client_for, city_manager, city, township_a, township_b, march8
):
    justice = AgencyFactory(org_unit=city, name="南雄市司法局")
    EventFactory(org_unit=township_a, title="甲", campaign=march8, partners=[justice], laws=[law("妇女权益保障法")])
    EventFactory(org_unit=township_b, title="乙", held_on=date(2025, 6, 26), laws=[law("禁毒法")])
    client = client_for(city_manager)

    def titles(**params):
        return [e.title for e in client.get(reverse("outreach:events"), params).context["page"]]

    assert titles() == ["乙", "甲"]
    assert titles(campaign=march8.pk) == ["甲"]
    assert titles(partner=justice.pk) == ["甲"]
    assert titles(law=law("禁毒法").pk) == ["乙"]
    assert titles(unit=township_b.pk) == ["乙"]
    assert titles(start="2025-04-01") == ["乙"]
    assert titles(end="2025-04-01") == ["甲"]
    assert titles(q="乙") == ["乙"]
    assert titles(kind="lecture") == []


def test_the_list_shows_only_the_users_subtree(client_for, clerk_a, township_a, township_b):
    EventFactory(org_unit=township_a, title="甲街道活动")
    EventFactory(org_unit=township_b, title="乙镇活动")
    body = client_for(clerk_a).get(reverse("outreach:events")).content.decode()
    assert "甲街道活动" in body and "乙镇活动" not in body


@pytest.mark.parametrize("rows", [2, 12])
def test_event_list_runs_a_constant_number_of_queries(
    client_for, django_assert_num_queries, clerk_a, township_a, city, rows
):
    justice = AgencyFactory(org_unit=city)
    for _ in range(rows):
        EventFactory(org_unit=township_a, partners=[justice], laws=[law("宪法"), law("禁毒法")])
    client = client_for(clerk_a)
    # session, user with her staff profile, count, rows, partners, laws, and the filter's choices (campaign, partner, law, unit)
    with django_assert_num_queries(11):  # +2: the user's export permissions, for the export buttons
        response = client.get(reverse("outreach:events"))
    assert len(response.context["page"]) == rows


def test_csv_export_holds_the_filtered_rows_and_is_logged(client_for, handler_a, township_a, city):
    justice = AgencyFactory(org_unit=city, name="南雄市司法局")
    EventFactory(org_unit=township_a, title="甲", partners=[justice], laws=[law("宪法")], leaflets=1200)
    EventFactory(org_unit=township_a, title="乙", kind="lecture")
    response = client_for(handler_a).get(reverse("outreach:events_export"), {"format": "csv", "kind": "public_place"})
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert rows[1][1] == "甲" and rows[1][6] == "南雄市司法局" and rows[1][7] == "《宪法》" and rows[1][9] == "1200"
    assert AccessLog.objects.get().detail["rows"] == 1


def test_xlsx_export_opens(client_for, handler_a, township_a):
    from openpyxl import load_workbook

    EventFactory(org_unit=township_a, title="甲")
    response = client_for(handler_a).get(reverse("outreach:events_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert list(sheet.values)[1][1] == "甲"


def test_an_unknown_export_format_is_404(client_for, handler_a):
    assert client_for(handler_a).get(reverse("outreach:events_export"), {"format": "pdf"}).status_code == 404


def test_a_photo_is_attached_and_downloaded_only_within_scope(
    client_for, clerk_a, clerk_b, township_a, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    event = EventFactory(org_unit=township_a)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    client = client_for(clerk_a)
    response = client.post(
        reverse("outreach:event_photo_add", args=[event.pk]),
        {"file": SimpleUploadedFile("现场.png", png), "description": "现场"},
    )
    assert response.status_code == 302
    photo = event.photos.get()
    assert photo.original_name == "现场.png"
    url = reverse("outreach:event_photo", args=[event.pk, photo.pk])
    assert client.get(url).status_code == 200
    assert client_for(clerk_b).get(url).status_code == 404
