from directory.roles import Role
from tests.factories import AgencyFactory, UserFactory


def test_unit_administrator_sees_only_their_subtree_in_the_admin(client, township_a, township_b):
    admin_a = UserFactory(username="admin_a", is_staff=True, staff=(township_a, Role.ADMIN))
    AgencyFactory(org_unit=township_a, name="雄州派出所")
    AgencyFactory(org_unit=township_b, name="珠玑派出所")
    client.force_login(admin_a)
    page = client.get("/admin/directory/agency/").content.decode()
    assert "雄州派出所" in page and "珠玑派出所" not in page
    other = AgencyFactory(org_unit=township_b, name="另一个")
    assert client.get(f"/admin/directory/agency/{other.pk}/change/").status_code == 302  # "does not exist" redirect


def test_unit_administrator_cannot_see_other_units_accounts(client, township_a, township_b, clerk_b, clerk_a):
    admin_a = UserFactory(username="admin_a", is_staff=True, staff=(township_a, Role.ADMIN))
    client.force_login(admin_a)
    page = client.get("/admin/auth/user/").content.decode()
    assert "clerk_a" in page and "clerk_b" not in page
