"""The security administrator's page: lockouts to lift, second factors to reset."""

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import AccessLog
from directory.roles import Role
from tests.factories import UserFactory
from tests.otp import authenticator_for

PAGE = "/directory/sign-in-security/"


@pytest.fixture
def security_a(township_a):
    return UserFactory(username="security_a", first_name="安全员甲", staff=(township_a, Role.SECURITY))


def fail(client, username, times):
    for _ in range(times):
        client.post("/accounts/login/", {"username": username, "password": "wrong-password"})


def test_the_security_administrator_sees_who_is_locked_out(client, client_for, security_a, handler_a, clerk_a):
    fail(client, "handler_a", 5)
    fail(client, "clerk_a", 2)
    page = client_for(security_a).get(PAGE)
    assert page.status_code == 200
    rows = page.content.decode().split("<tbody>")[1].split("</tr>")
    assert "handler_a" in rows[0] and "127.0.0.1" in rows[0] and ">5<" in rows[0] and "已锁定" in rows[0]
    assert "clerk_a" in rows[1] and "未锁定" in rows[1]


def test_unlocking_lets_her_sign_in_again_and_is_logged(client, security_a, handler_a):
    from django.test import Client

    fail(client, "handler_a", 5)
    admin = Client()
    admin.force_login(security_a)
    response = admin.post(PAGE + "unlock/", {"username": "handler_a", "ip_address": "127.0.0.1"})
    assert response.url == PAGE
    assert "已为 handler_a @ 127.0.0.1 解除登录锁定" in admin.get(PAGE).content.decode()
    assert not AccessAttempt.objects.filter(username="handler_a").exists()
    assert client.post("/accounts/login/", {"username": "handler_a", "password": "pw-123456"}).url == "/"
    entry = AccessLog.objects.get(action=AccessLog.Action.UNLOCK)
    assert entry.user == security_a and entry.target_label == "handler_a @ 127.0.0.1"
    assert entry.detail["failures"] == 5


def test_unlock_is_a_post(client_for, security_a):
    assert client_for(security_a).get(PAGE + "unlock/").status_code == 405


@pytest.mark.parametrize("role", [Role.CLERK, Role.HANDLER, Role.MANAGER, Role.ADMIN, Role.AUDITOR])
def test_no_other_role_reaches_the_page_or_its_actions(client_for, township_a, handler_a, role):
    client = client_for(UserFactory(staff=(township_a, role)))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE + "unlock/", {"username": "handler_a", "ip_address": "127.0.0.1"}).status_code == 403
    assert client.post(PAGE + "reset-two-factor/", {"username": "handler_a"}).status_code == 403
    assert "登录安全" not in client.get("/").content.decode()


def test_the_page_is_in_the_security_administrators_navigation(client_for, security_a):
    assert f'href="{PAGE}"' in client_for(security_a).get("/").content.decode()


def test_the_page_costs_the_same_queries_however_many_failures(
    client, client_for, security_a, django_assert_num_queries
):
    for name in ("a", "b", "c", "d"):
        fail(client, name, 3)
    admin = client_for(security_a)
    with django_assert_num_queries(3):  # session, user with her staff profile, failures
        assert admin.get(PAGE).status_code == 200


def test_resetting_a_second_factor_removes_it_ends_her_sessions_and_is_logged(client, security_a, manager_a):
    from django.test import Client

    authenticator_for(manager_a)
    client.force_login(manager_a)
    assert Session.objects.count() == 1
    admin = Client()
    admin.force_login(security_a)
    response = admin.post(PAGE + "reset-two-factor/", {"username": "manager_a"})
    assert response.url == PAGE
    assert not TOTPDevice.objects.filter(user=manager_a).exists()
    assert client.get("/").url.startswith("/accounts/login/")
    entry = AccessLog.objects.get(action=AccessLog.Action.OTP_RESET)
    assert entry.user == security_a and entry.target_label == "manager_a"
    assert entry.detail == {"authenticators_removed": 1, "sessions_ended": 1}
    # She signs in with her password and must set up a new authenticator.
    client.post("/accounts/login/", {"username": "manager_a", "password": "pw-123456"})
    assert client.get("/").url.startswith("/directory/two-factor/set-up/")


def test_a_staff_member_of_another_unit_cannot_be_reset(client_for, security_a, manager_b):
    authenticator_for(manager_b)
    response = client_for(security_a).post(PAGE + "reset-two-factor/", {"username": "manager_b"})
    assert response.status_code == 400
    assert "您所辖单位中没有该用户名的工作人员" in response.content.decode()
    assert TOTPDevice.objects.filter(user=manager_b).exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.OTP_RESET).exists()
