import re

from directory.models import ApiToken
from directory.roles import Role
from tests.factories import UserFactory


def test_administrator_issues_lists_and_revokes_a_token(client, township_a, clerk_a):
    admin_a = UserFactory(username="admin_a", staff=(township_a, Role.ADMIN))
    client.force_login(admin_a)
    page = client.post("/directory/api-tokens/", {"user": clerk_a.pk, "name": "12338热线"}).content.decode()
    key = re.search(r'id="new-key">([^<]+)<', page).group(1)
    token = ApiToken.objects.get()
    assert token.user == clerk_a and key.startswith(token.prefix)
    assert "12338热线" in client.get("/directory/api-tokens/").content.decode()
    assert client.get(f"/directory/api-tokens/{token.pk}/revoke/").status_code == 405
    client.post(f"/directory/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_only_administrators_manage_tokens(client_for, manager_a):
    assert client_for(manager_a).get("/directory/api-tokens/").status_code == 403


def test_administrator_cannot_revoke_another_units_token(client, township_a, township_b, clerk_b, manager_b):
    from directory.tokens import issue_token

    token, _key = issue_token(user=clerk_b, by=manager_b, name="x")
    admin_a = UserFactory(username="admin_a", staff=(township_a, Role.ADMIN))
    client.force_login(admin_a)
    assert client.post(f"/directory/api-tokens/{token.pk}/revoke/").status_code == 404
