from datetime import date

import pytest
from rest_framework.test import APIClient

from outreach.models import Campaign, Event, Trainee, TrainingSession
from tests.factories import AgencyFactory, VolunteerFactory
from tests.outreach.factories import CampaignFactory, EventFactory, TrainingFactory, law


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def event_payload(unit, **overrides):
    data = {"title": "三八维权周街头宣传", "kind": "public_place", "held_on": "2025-03-08", "org_unit": unit.pk}
    data.update(overrides)
    return data


# Campaigns -------------------------------------------------------------------------


def test_campaigns_are_scoped_and_count_their_events(api, clerk_a, township_a, township_b):
    mine = CampaignFactory(org_unit=township_a)
    EventFactory(campaign=mine, org_unit=township_a)
    EventFactory(campaign=mine, org_unit=township_a, voided_at="2025-03-09T00:00:00Z")
    CampaignFactory(org_unit=township_b, name="别镇的活动")
    body = as_user(api, clerk_a).get("/api/v1/campaigns/").json()
    assert [(row["id"], row["n_events"]) for row in body["results"]] == [(mine.pk, 1)]


def test_clerk_records_a_campaign_with_history(api, clerk_a, township_a):
    payload = {"name": "三八维权周", "kind": "march8", "year": 2025, "org_unit": township_a.pk}
    response = as_user(api, clerk_a).post("/api/v1/campaigns/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Campaign.objects.get().history.get().history_user == clerk_a


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"year": 1800}, "year"), ({"kind": "party"}, "kind"), ({"name": ""}, "name"), ({"org_unit": "x"}, "org_unit")],
)
def test_bad_campaign_input_is_400_in_chinese(api, clerk_a, township_a, overrides, field):
    payload = {"name": "三八维权周", "kind": "march8", "year": 2025, "org_unit": township_a.pk, **overrides}
    response = as_user(api, clerk_a).post("/api/v1/campaigns/", payload, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400 and field in response.json()
    assert not Campaign.objects.exists()


def test_a_village_or_another_township_cannot_run_a_campaign(api, clerk_a, village_a, township_b):
    for unit in (village_a, township_b):
        payload = {"name": "x", "kind": "march8", "year": 2025, "org_unit": unit.pk}
        response = as_user(api, clerk_a).post("/api/v1/campaigns/", payload, format="json")
        assert response.status_code == 400 and "org_unit" in response.json()


def test_campaign_of_another_township_is_404_and_a_stale_edit_412(api, clerk_a, township_a, township_b):
    theirs = CampaignFactory(org_unit=township_b)
    mine = CampaignFactory(org_unit=township_a)
    client = as_user(api, clerk_a)
    assert client.get(f"/api/v1/campaigns/{theirs.pk}/").status_code == 404
    stale = client.patch(f"/api/v1/campaigns/{mine.pk}/", {"name": "新名"}, format="json", HTTP_IF_MATCH='"5"')
    assert stale.status_code == 412
    assert (
        client.patch(f"/api/v1/campaigns/{mine.pk}/", {"name": "新名", "version": 1}, format="json").status_code == 200
    )
    mine.refresh_from_db()
    assert (mine.name, mine.version, mine.history.latest().history_user) == ("新名", 2, clerk_a)


def test_only_a_manager_voids_a_campaign_and_it_then_cannot_be_edited(api, clerk_a, manager_a, township_a):
    mine = CampaignFactory(org_unit=township_a)
    url = f"/api/v1/campaigns/{mine.pk}"
    assert as_user(api, clerk_a).post(f"{url}/void/", {"reason": "重复"}, format="json").status_code == 403
    assert as_user(api, manager_a).post(f"{url}/void/", {"reason": "重复"}, format="json").status_code == 200
    assert api.patch(f"{url}/", {"name": "x"}, format="json").status_code == 409
    assert api.delete(f"{url}/").status_code == 405
    assert api.get("/api/v1/campaigns/").json()["count"] == 0


def test_a_user_without_a_role_cannot_write(api, django_user_model, township_a):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    payload = {"name": "x", "kind": "march8", "year": 2025, "org_unit": township_a.pk}
    assert as_user(api, nobody).post("/api/v1/campaigns/", payload, format="json").status_code == 403


# Events ------------------------------------------------------------------------------


def test_an_event_is_recorded_with_partners_laws_units_and_volunteers(api, clerk_a, city, township_a, village_a):
    campaign = CampaignFactory(org_unit=city)  # the city's campaign may be chosen by a township
    bureau = AgencyFactory(org_unit=city, name="南雄市司法局")
    lawyer = VolunteerFactory(org_unit=township_a)
    dv_law = law("反家庭暴力法")
    payload = event_payload(
        township_a,
        campaign=campaign.pk,
        partners=[bureau.pk],
        laws=[dv_law.pk],
        covered_units=[village_a.pk],
        volunteers=[lawyer.pk],
        audience=300,
        leaflets=500,
    )
    response = as_user(api, clerk_a).post("/api/v1/outreach-events/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["partners"], body["laws"], body["covered_units"], body["volunteers"]) == (
        [bureau.pk],
        [dv_law.pk],
        [village_a.pk],
        [lawyer.pk],
    )
    event = Event.objects.get()
    assert (event.audience, event.created_by, event.history.get().history_user) == (300, clerk_a, clerk_a)


@pytest.mark.parametrize("relation", ["partners", "volunteers", "covered_units", "campaign"])
def test_another_townships_choices_are_invalid_pks(api, clerk_a, township_a, township_b, village_b, relation):
    foreign = {
        "partners": [AgencyFactory(org_unit=township_b).pk],
        "volunteers": [VolunteerFactory(org_unit=township_b).pk],
        "covered_units": [village_b.pk],
        "campaign": CampaignFactory(org_unit=township_b).pk,
    }[relation]
    response = as_user(api, clerk_a).post(
        "/api/v1/outreach-events/", event_payload(township_a, **{relation: foreign}), format="json"
    )
    assert response.status_code == 400 and relation in response.json()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": "2025-13-01"}, "held_on"),
        ({"audience": -1}, "audience"),
        ({"audience": "很多"}, "audience"),
        ({"kind": "parade"}, "kind"),
        ({"title": "题" * 201}, "title"),
        ({"laws": [999999]}, "laws"),
        ({"laws": "宪法"}, "laws"),
    ],
)
def test_bad_event_input_is_400(api, clerk_a, township_a, overrides, field):
    response = as_user(api, clerk_a).post(
        "/api/v1/outreach-events/",
        event_payload(township_a, **overrides),
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and field in response.json()


def test_an_event_outside_its_campaigns_year_is_refused(api, clerk_a, township_a):
    campaign = CampaignFactory(org_unit=township_a, year=2024)
    response = as_user(api, clerk_a).post(
        "/api/v1/outreach-events/", event_payload(township_a, campaign=campaign.pk), format="json"
    )
    assert response.status_code == 400 and "2024" in response.json()["held_on"][0]


def test_events_are_scoped_filtered_and_stale_edits_refused(api, clerk_a, township_a, township_b):
    mine = EventFactory(org_unit=township_a, laws=[law("宪法")])
    EventFactory(org_unit=township_a, title="禁毒宣传", kind="lecture")
    theirs = EventFactory(org_unit=township_b)
    client = as_user(api, clerk_a)
    assert client.get("/api/v1/outreach-events/").json()["count"] == 2
    assert client.get(f"/api/v1/outreach-events/?law={law('宪法').pk}").json()["results"][0]["id"] == mine.pk
    assert client.get("/api/v1/outreach-events/?kind=lecture").json()["count"] == 1
    assert client.get(f"/api/v1/outreach-events/{theirs.pk}/").status_code == 404
    url = f"/api/v1/outreach-events/{mine.pk}/"
    assert client.patch(url, {"audience": 10}, format="json", HTTP_IF_MATCH='"3"').status_code == 412
    response = client.patch(url, {"audience": 10, "laws": []}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response.json()["laws"] == []
    mine.refresh_from_db()
    assert (mine.audience, mine.history.latest().history_user) == (10, clerk_a)


def test_a_clerk_may_not_void_an_event(api, clerk_a, township_a):
    event = EventFactory(org_unit=township_a)
    response = as_user(api, clerk_a).post(f"/api/v1/outreach-events/{event.pk}/void/", {"reason": "x"}, format="json")
    assert response.status_code == 403


# Training ------------------------------------------------------------------------------


def test_a_training_session_is_recorded_and_trainees_added(api, clerk_a, handler_a, township_a, township_b):
    client = as_user(api, clerk_a)
    payload = {
        "title": "妇联干部培训班",
        "starts_on": "2025-04-22",
        "ends_on": "2025-04-23",
        "hours": "12.0",
        "org_unit": township_a.pk,
        "laws": [law("妇女权益保障法").pk],
    }
    created = client.post("/api/v1/trainings/", payload, format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/v1/trainings/{created.json()['id']}"
    added = client.post(
        f"{url}/trainees/", {"users": [handler_a.pk], "names": ["黄美玲"], "org_unit": township_a.pk}, format="json"
    )
    assert added.status_code == 200
    assert [t["full_name"] for t in added.json()["trainees"]] == [handler_a.get_full_name(), "黄美玲"]
    again = client.post(f"{url}/trainees/", {"users": [handler_a.pk]}, format="json")
    assert again.json()["n_trainees"] == 2  # a staff user counts once per session
    assert client.post(f"{url}/trainees/", {}, format="json").status_code == 400
    session = TrainingSession.objects.get()
    assert session.history.get().history_user == clerk_a
    trainee = Trainee.objects.get(full_name="黄美玲")
    removed = client.post(f"{url}/remove-trainee/", {"trainee": trainee.pk}, format="json")
    assert removed.status_code == 200 and removed.json()["n_trainees"] == 1
    assert trainee.history.latest().history_type == "-" and trainee.history.latest().history_user == clerk_a


def test_staff_of_another_township_or_a_foreign_trainee_are_invalid_pks(
    api, clerk_a, handler_b, township_a, township_b
):
    mine = TrainingFactory(org_unit=township_a)
    theirs = TrainingFactory(org_unit=township_b, trainees=1)
    client = as_user(api, clerk_a)
    response = client.post(f"/api/v1/trainings/{mine.pk}/trainees/", {"users": [handler_b.pk]}, format="json")
    assert response.status_code == 400 and "users" in response.json()
    foreign = theirs.trainees.get()
    response = client.post(f"/api/v1/trainings/{mine.pk}/remove-trainee/", {"trainee": foreign.pk}, format="json")
    assert response.status_code == 400 and "trainee" in response.json()
    assert client.get(f"/api/v1/trainings/{theirs.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "1234567"}, "hours"),
        ({"ends_on": "2025-04-01"}, "ends_on"),
        ({"starts_on": "22/04/2025"}, "starts_on"),
    ],
)
def test_bad_training_input_is_400(api, clerk_a, township_a, overrides, field):
    payload = {
        "title": "x",
        "starts_on": "2025-04-22",
        "ends_on": "2025-04-23",
        "hours": "4",
        "org_unit": township_a.pk,
    }
    response = as_user(api, clerk_a).post("/api/v1/trainings/", {**payload, **overrides}, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_stale_training_edit_is_412_and_a_voided_session_takes_no_trainees(api, clerk_a, manager_a, township_a):
    session = TrainingFactory(org_unit=township_a)
    url = f"/api/v1/trainings/{session.pk}"
    client = as_user(api, clerk_a)
    assert client.patch(f"{url}/", {"hours": "6"}, format="json", HTTP_IF_MATCH='"9"').status_code == 412
    as_user(api, manager_a).post(f"{url}/void/", {"reason": "录错了"}, format="json")
    assert client.post(f"{url}/trainees/", {"names": ["某人"]}, format="json").status_code == 409
    session.refresh_from_db()
    assert session.is_voided and session.history.latest().history_user == manager_a


# Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 12])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/campaigns/", 2),  # count, page with event counts
        ("/api/v1/outreach-events/", 6),  # … partners, laws, covered units, volunteers
        ("/api/v1/trainings/", 4),  # … laws, trainees
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    api, clerk_a, city, township_a, village_a, django_assert_num_queries, n, url, queries
):
    bureau, volunteer, dv_law = AgencyFactory(org_unit=city), VolunteerFactory(org_unit=township_a), law("反家庭暴力法")
    for i in range(n):
        campaign = CampaignFactory(org_unit=township_a, name=f"活动{i}")
        EventFactory(
            org_unit=township_a,
            campaign=campaign,
            partners=[bureau],
            laws=[dv_law],
            covered_units=[village_a],
            volunteers=[volunteer],
        )
        TrainingFactory(org_unit=township_a, trainees=2, starts_on=date(2025, 4, 1), ends_on=date(2025, 4, 2))
    client = as_user(api, clerk_a)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200 and response.json()["count"] == n
