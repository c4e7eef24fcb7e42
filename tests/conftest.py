"""Two townships, A and B, under one district under one city; staff in each.

A is 雄州街道-like, B 珠玑镇-like; each has a village. Every role sits in
each township, and the city has a manager who sees both.
"""

import pytest

from directory.models import OrgUnit
from directory.roles import Role
from tests.factories import OrgUnitFactory, UserFactory


@pytest.fixture
def city(db):
    return OrgUnitFactory(name="南雄市", level=OrgUnit.Level.CITY, code="440282000000")


@pytest.fixture
def district(city):
    return OrgUnitFactory(name="城区", level=OrgUnit.Level.DISTRICT, parent=city)


@pytest.fixture
def township_a(district):
    return OrgUnitFactory(name="雄州街道", level=OrgUnit.Level.TOWNSHIP, parent=district, code="440282001000")


@pytest.fixture
def township_b(district):
    return OrgUnitFactory(name="珠玑镇", level=OrgUnit.Level.TOWNSHIP, parent=district, code="440282113000")


@pytest.fixture
def village_a(township_a):
    return OrgUnitFactory(name="八一社区", level=OrgUnit.Level.VILLAGE, parent=township_a, code="440282001001")


@pytest.fixture
def village_b(township_b):
    return OrgUnitFactory(name="珠玑村", level=OrgUnit.Level.VILLAGE, parent=township_b, code="440282113201")


def _staff(unit, role, name):
    return UserFactory(username=name, staff=(unit, role))


@pytest.fixture
def clerk_a(township_a):
    return _staff(township_a, Role.CLERK, "clerk_a")


@pytest.fixture
def handler_a(township_a):
    return _staff(township_a, Role.HANDLER, "handler_a")


@pytest.fixture
def manager_a(township_a):
    return _staff(township_a, Role.MANAGER, "manager_a")


@pytest.fixture
def clerk_b(township_b):
    return _staff(township_b, Role.CLERK, "clerk_b")


@pytest.fixture
def handler_b(township_b):
    return _staff(township_b, Role.HANDLER, "handler_b")


@pytest.fixture
def manager_b(township_b):
    return _staff(township_b, Role.MANAGER, "manager_b")


@pytest.fixture
def city_manager(city):
    return _staff(city, Role.MANAGER, "city_manager")


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
