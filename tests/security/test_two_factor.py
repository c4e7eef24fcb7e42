"""Two-factor sign-in through the real pages: the password, then a code
computed from the device's key as an authenticator app computes it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory import twofactor
from directory.models import AccessLog
from directory.roles import Role
from directory.tokens import issue_token
from tests.factories import UserFactory
from tests.otp import authenticator_for, code_for

LOGIN = "/accounts/login/"
VERIFY = "/directory/two-factor/verify/"
ENROL = "/directory/two-factor/set-up/"
DEVICES = "/directory/two-factor/"


def sign_in(client, username, password="pw-123456"):
    return client.post(LOGIN, {"username": username, "password": password})


def type_code(client, code, next_url="/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


def unthrottle(user):
    """As if she had waited: django-otp's delay after a wrong code has passed."""
    earlier = timezone.now() - timedelta(minutes=10)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)


@pytest.fixture
def admin_a(township_a):
    return UserFactory(username="admin_a", is_staff=True, staff=(township_a, Role.ADMIN))


@pytest.fixture
def security_a(township_a):
    return UserFactory(username="security_a", staff=(township_a, Role.SECURITY))


def test_the_roles_that_manage_or_oversee_must_use_a_second_factor(township_a, clerk_a, handler_a, manager_a):
    assert twofactor.required_for(manager_a)
    for role in (Role.ADMIN, Role.SECURITY, Role.AUDITOR):
        assert twofactor.required_for(UserFactory(staff=(township_a, role)))
    assert twofactor.required_for(UserFactory(is_superuser=True))
    assert not twofactor.required_for(clerk_a)
    assert not twofactor.required_for(handler_a)


def test_a_manager_signs_in_with_her_password_then_the_code_on_her_phone(client, manager_a):
    device = authenticator_for(manager_a)
    assert sign_in(client, "manager_a").url == "/"
    page = client.get("/petitions/")
    assert page.status_code == 302 and page.url == VERIFY + "?next=%2Fpetitions%2F"
    form = client.get(page.url).content.decode()
    assert "双因素登录" in form and "恢复码" in form
    response = type_code(client, code_for(device), next_url="/petitions/")
    assert response.url == "/petitions/"
    assert client.get("/petitions/").status_code == 200


def test_until_the_code_is_typed_nothing_else_is_reachable(client, admin_a):
    authenticator_for(admin_a)
    sign_in(client, "admin_a")
    for path in ("/", "/admin/", "/directory/people/", "/api/v1/org-units/", "/accounts/password_change/", DEVICES):
        assert client.get(path).url.startswith(VERIFY), path
    assert client.get(VERIFY).status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_the_admin_site_needs_the_second_factor(client, admin_a):
    device = authenticator_for(admin_a)
    sign_in(client, "admin_a")
    assert client.get("/admin/").url == VERIFY + "?next=%2Fadmin%2F"
    type_code(client, code_for(device))
    assert client.get("/admin/").status_code == 200


def test_a_manager_without_an_authenticator_sets_one_up_right_after_her_password(client, manager_a):
    sign_in(client, "manager_a")
    assert client.get("/").url == ENROL + "?next=%2F"
    assert client.get("/hardship/").url.startswith(ENROL)
    page = client.get(ENROL).content.decode()
    assert '<img class="qr" src="data:image/svg+xml;base64,' in page
    assert "style=" not in page and "<script>" not in page
    device = TOTPDevice.objects.get(user=manager_a, confirmed=False)
    secret = re.search(r'<p class="mono" id="otp-secret">([A-Z2-7 ]+)</p>', page).group(1)
    assert secret.replace(" ", "").encode() == __import__("base64").b32encode(device.bin_key)

    wrong = client.post(ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "验证码不正确" in wrong.content.decode()
    unthrottle(manager_a)
    shown = client.post(ENROL, {"code": code_for(device), "next": "/"})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", shown.content.decode())
    assert len(codes) == 10 and "不会再次显示" in shown.content.decode()
    assert client.get("/").status_code == 200
    assert AccessLog.objects.filter(user=manager_a, action=AccessLog.Action.OTP_ENROL).count() == 1


def test_the_set_up_page_keeps_the_same_key_until_it_is_confirmed(client, manager_a):
    sign_in(client, "manager_a")
    secret = re.compile(r'id="otp-secret">([A-Z2-7 ]+)<')
    first = secret.search(client.get(ENROL).content.decode()).group(1)
    assert secret.search(client.get(ENROL).content.decode()).group(1) == first
    assert TOTPDevice.objects.filter(user=manager_a).count() == 1


def test_a_clerk_signs_in_with_her_password_only_and_may_turn_the_second_factor_on(client, clerk_a):
    sign_in(client, "clerk_a")
    assert client.get("/").status_code == 200
    assert "未开启" in client.get(DEVICES).content.decode()
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=clerk_a)
    client.post(ENROL, {"code": code_for(device)})
    client.post("/accounts/logout/")
    sign_in(client, "clerk_a")
    assert client.get("/").url.startswith(VERIFY)


def test_a_wrong_code_is_refused_and_the_next_try_must_wait(client, manager_a):
    device = authenticator_for(manager_a)
    sign_in(client, "manager_a")
    right = code_for(device)
    wrong = type_code(client, "000000" if right != "000000" else "111111")
    assert wrong.status_code == 200 and "验证码不正确或已过期" in wrong.content.decode()
    too_soon = type_code(client, right)
    assert too_soon.status_code == 200 and "错误验证码过多" in too_soon.content.decode()
    assert client.get("/").url.startswith(VERIFY)
    unthrottle(manager_a)
    assert type_code(client, right).url == "/"


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(client, manager_a, settings):
    device = authenticator_for(manager_a)
    sign_in(client, "manager_a")
    wrong = "000000" if code_for(device) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert type_code(client, wrong).status_code == 200
        unthrottle(manager_a)
    locked = type_code(client, wrong)
    assert locked.status_code == 429 and "账户已被临时锁定" in locked.content.decode()
    assert client.get("/").url.startswith(LOGIN)
    assert sign_in(client, "manager_a").status_code == 429


def test_a_recovery_code_works_once_and_its_use_is_logged(client, manager_a):
    authenticator_for(manager_a)
    codes = twofactor.new_recovery_codes(user=manager_a, request=None)
    sign_in(client, "manager_a")
    response = type_code(client, codes[0].upper())
    assert response.url == "/"
    assert "还剩 9 个恢复码" in client.get("/").content.decode()
    entry = AccessLog.objects.get(action=AccessLog.Action.OTP_RECOVERY)
    assert entry.user == manager_a and entry.detail == {"codes_left": 9}

    client.post("/accounts/logout/")
    sign_in(client, "manager_a")
    again = type_code(client, codes[0])
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert StaticToken.objects.filter(device__user=manager_a).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client_for, manager_a):
    client = client_for(manager_a)
    old = twofactor.new_recovery_codes(user=manager_a, request=None)
    page = client.post("/directory/two-factor/recovery-codes/").content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=manager_a).values_list("token", flat=True)) == set(new)
    assert AccessLog.objects.filter(action=AccessLog.Action.OTP_NEW_CODES, user=manager_a).exists()


def test_a_manager_who_removes_her_authenticator_must_set_up_a_new_one(client_for, manager_a):
    client = client_for(manager_a)
    assert "已开启" in client.get(DEVICES).content.decode()
    assert client.post("/directory/two-factor/remove/").url == ENROL
    assert not TOTPDevice.objects.filter(user=manager_a).exists()
    assert client.get("/").url.startswith(ENROL)
    assert AccessLog.objects.filter(action=AccessLog.Action.OTP_REMOVE, user=manager_a).exists()


def test_api_tokens_are_not_asked_for_a_code(client, manager_a):
    authenticator_for(manager_a)
    key = issue_token(user=manager_a, by=manager_a, name="script")[1]
    assert client.get("/api/v1/org-units/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_force_login_in_tests_means_fully_signed_in(client, manager_a):
    client.force_login(manager_a)
    assert client.get("/").status_code == 200


def test_the_pages_are_in_english_for_an_english_user(client, manager_a):
    authenticator_for(manager_a)
    sign_in(client, "manager_a")
    page = client.get(VERIFY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Two-factor sign-in" in page and "recovery codes" in page
