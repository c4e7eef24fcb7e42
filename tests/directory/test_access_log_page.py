"""Only the auditor reads the access log (三员分立), and only of her own units."""

import csv
import io

import pytest

from directory.models import AccessLog
from directory.privacy import log_access
from directory.roles import Role
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def auditor_a(township_a):
    return UserFactory(username="auditor_a", first_name="审计员甲", staff=(township_a, Role.AUDITOR))


@pytest.fixture
def reads(clerk_a, clerk_b, township_a, township_b):
    mine = log_access(user=clerk_a, action="view", target=PersonFactory(org_unit=township_a, full_name="陈秀英"))
    theirs = log_access(user=clerk_b, action="view", target=PersonFactory(org_unit=township_b, full_name="李玉兰"))
    return mine, theirs


def test_auditor_sees_who_read_what_in_her_units_only(client_for, auditor_a, reads):
    page = client_for(auditor_a).get("/directory/access-log/").content.decode()
    assert "陈秀英" in page and "雄州街道" in page
    assert "李玉兰" not in page and "珠玑镇" not in page


@pytest.mark.parametrize("role", [Role.CLERK, Role.HANDLER, Role.MANAGER, Role.ADMIN, Role.SECURITY])
def test_no_role_but_the_auditor_reads_the_access_log(client_for, township_a, reads, role):
    user = UserFactory(staff=(township_a, role))
    assert client_for(user).get("/directory/access-log/").status_code == 403
    assert client_for(user).get("/directory/access-log/export/?format=csv").status_code == 403


def test_auditor_filters_by_action_and_staff_member(client_for, auditor_a, reads, clerk_a):
    log_access(user=clerk_a, action="export", label="people.csv", detail={"rows": 7})
    page = client_for(auditor_a).get("/directory/access-log/?action=export&who=clerk_a").content.decode()
    assert "people.csv" in page and "陈秀英" not in page


def test_auditor_export_lists_her_units_entries_and_is_itself_logged(client_for, auditor_a, reads):
    response = client_for(auditor_a).get("/directory/access-log/export/?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    labels = [row[4] for row in rows[1:]]
    assert labels == ["陈秀英"]
    assert AccessLog.objects.filter(user=auditor_a, action="export").get().detail["rows"] == 1


def test_the_access_log_shows_in_the_menu_for_the_auditor_only(client_for, auditor_a, manager_a, reads):
    assert 'href="/directory/access-log/"' in client_for(auditor_a).get("/").content.decode()
    assert 'href="/directory/access-log/"' not in client_for(manager_a).get("/").content.decode()


@pytest.mark.parametrize("n", [2, 40])
def test_the_access_log_page_runs_a_fixed_number_of_queries(
    client_for, auditor_a, clerk_a, township_a, django_assert_num_queries, n
):
    person = PersonFactory(org_unit=township_a)
    for _ in range(n):
        log_access(user=clerk_a, action="view", target=person)
    client = client_for(auditor_a)
    # session, user with her staff profile and unit, units for the filter, count, page rows
    with django_assert_num_queries(6):  # +2: the auditor's export permissions, for the export buttons
        assert client.get("/directory/access-log/").status_code == 200
