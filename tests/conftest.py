"""Two townships, A and B, under one district under one city; staff in each.

A is 雄州街道-like, B 珠玑镇-like; each has a village. Every role sits in
each township, and the city has a manager who sees both.
"""

from datetime import date
from decimal import Decimal

import pytest

from directory.models import OrgUnit
from directory.roles import Role
from hardship.models import Programme
from hardship.services import create_programme, register_household
from tests.factories import OrgUnitFactory, PersonFactory, UserFactory


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


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """In tests, `client.force_login(user)` means fully signed in, second factor included.

    A manager or administrator must pass two-factor sign-in before any page
    (directory.twofactor); after Django's force_login this gives her a
    confirmed authenticator and marks the session verified, as django_otp.login
    does. The two-factor tests sign in through the real pages instead.
    """
    from django.test import Client

    from tests.otp import pass_second_factor

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# Hardship households and programmes, used by the hardship and reporting tests.


@pytest.fixture
def make_household(handler_a, village_a):
    def make(unit=None, by=None, **flags):
        unit = unit or village_a
        head = PersonFactory(org_unit=unit, full_name=flags.pop("name", "邓春梅"), gender=flags.pop("gender", "F"))
        return register_household(by=by or handler_a, head=head, org_unit=unit, **flags)

    return make


@pytest.fixture
def make_programme(handler_a, township_a):
    def make(kind=Programme.Kind.SPRING_FESTIVAL, unit=None, budget="10000.00", year=2025, funding=None, **fields):
        return create_programme(
            by=handler_a,
            name=fields.pop("name", f"{year}年{Programme.Kind(kind).label}"),
            kind=kind,
            year=year,
            org_unit=unit or township_a,
            budget=Decimal(budget),
            starts_on=fields.pop("starts_on", date(year, 1, 1)),
            ends_on=fields.pop("ends_on", date(year, 12, 31)),
            funding=funding,
            **fields,
        )

    return make


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language, as a fresh request does.

    A request in English leaves English active in the test's thread; figures
    that name categories in the active language must not depend on test order.
    """
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases; before PostgreSQL's is dropped, say what still holds it.

    A connection some test left open (a thread's, a server's) makes the drop fail with
    "being accessed by other users". Its sessions are named in a warning, with the
    threads still alive here, and ended, so that the database is dropped all the same.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start, state, left(query, 300) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        left = cursor.fetchall()
        for pid, *_ in left:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    if left:
        import threading
        import warnings

        threads = sorted(thread.name for thread in threading.enumerate())
        warnings.warn(f"connections left on the test database (ended): {left}; threads alive: {threads}", stacklevel=1)


@pytest.fixture(autouse=True)
def jobs_run_inline(settings, tmp_path):
    """Background jobs run inside the request (no broker, no thread) and write under a temporary folder."""
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_EMBEDDED = "inline"
    settings.MEDIA_ROOT = tmp_path / "media"


# The authorization matrix (tests/security/test_authorization_matrix.py) sums up what it checked.
# The hooks run where the reports arrive (the main process under xdist), so the count covers every worker.
_MATRIX = {"cases": 0, "requests": 0, "failed": []}


def pytest_runtest_logreport(report):
    if "test_authorization_matrix.py::" not in report.nodeid or report.when != "call":
        return
    _MATRIX["cases"] += 1
    _MATRIX["requests"] += sum(value for key, value in report.user_properties if key == "requests")
    if report.failed:
        _MATRIX["failed"].append(report.nodeid.split("::", 1)[1])


def pytest_terminal_summary(terminalreporter):
    if _MATRIX["cases"]:
        terminalreporter.write_line(
            f"authorization matrix: {_MATRIX['cases']} cases, {_MATRIX['requests']} requests, "
            f"{len(_MATRIX['failed'])} failing (a leak, a wrong answer or a server error)"
        )
        for nodeid in _MATRIX["failed"]:
            terminalreporter.write_line(f"  {nodeid}")
