from datetime import date

from django.urls import reverse

from tests.factories import VolunteerFactory, VolunteerTeamFactory
from tests.outreach.factories import EventFactory


def test_team_page_lists_its_members_events_and_how_many_were_active(client_for, clerk_a, township_a):
    team = VolunteerTeamFactory(org_unit=township_a, name="维权志愿者服务队")
    lawyer = VolunteerFactory(org_unit=township_a, team=team, full_name="何丽萍")
    VolunteerFactory(org_unit=township_a, team=team, full_name="周素珍")
    EventFactory(org_unit=township_a, title="三八宣传", volunteers=[lawyer])
    EventFactory(org_unit=township_a, title="去年宣传", held_on=date(2024, 3, 8), volunteers=[lawyer])
    client = client_for(clerk_a)
    response = client.get(reverse("outreach:team", args=[team.pk]), {"year": 2025})
    assert response.context["active"] == 1
    assert [e.title for e in response.context["events"]] == ["三八宣传"]
    teams = client.get(reverse("outreach:teams"), {"year": 2025}).context["page"]
    assert [(t.n_members, t.n_active, t.n_events) for t in teams] == [(2, 1, 1)]


def test_another_townships_team_is_404(client_for, clerk_b, township_a):
    team = VolunteerTeamFactory(org_unit=township_a)
    assert client_for(clerk_b).get(reverse("outreach:team", args=[team.pk])).status_code == 404


def test_figures_page_shows_the_year_of_the_users_unit(client_for, manager_a, township_a):
    EventFactory(org_unit=township_a, leaflets=4000, performances=2)
    response = client_for(manager_a).get(reverse("outreach:figures"), {"year": 2025})
    assert response.context["figures"].events.leaflets == 4000
    assert "4,000" in response.content.decode() or "4000" in response.content.decode()


def test_figures_page_ignores_a_unit_outside_scope(client_for, manager_a, township_a, township_b):
    response = client_for(manager_a).get(reverse("outreach:figures"), {"unit": township_b.pk})
    assert response.context["unit"] == township_a
