"""Sign-in lockout (django-axes) against the real settings: 5 failures per name
and address, 20 per address, 30 minutes' cool-off."""

import io
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.utils import timezone

from directory.tokens import issue_token
from tests.factories import UserFactory

LOGIN = "/accounts/login/"
LOCKED = "账户已被临时锁定"


def sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", **extra)
    return response


def page_text(response):
    # The CSRF token differs on every page; nothing else may.
    return re.sub(r'value="[^"]*"', "", response.content.decode())


def test_five_wrong_passwords_then_the_right_one_is_refused(client, handler_a, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fourth = fail(client, "handler_a", 4)
    assert fourth.status_code == 200 and "用户名或密码不正确" in fourth.content.decode()
    fifth = fail(client, "handler_a", 1)
    assert fifth.status_code == 429
    response = sign_in(client, "handler_a", "pw-123456")
    assert response.status_code == 429
    assert LOCKED in response.content.decode() and "安全管理员" in response.content.decode()
    assert client.get("/").status_code == 302


def test_four_wrong_passwords_still_let_her_sign_in(client, handler_a):
    fail(client, "handler_a", 4)
    assert sign_in(client, "handler_a", "pw-123456").url == "/"
    # A success forgets her failures: four more typos do not lock her out.
    client.post("/accounts/logout/")
    fail(client, "handler_a", 4)
    assert sign_in(client, "handler_a", "pw-123456").url == "/"


def test_the_lockout_page_is_in_english_for_an_english_user(client, handler_a):
    fail(client, "handler_a", 5)
    response = sign_in(client, "handler_a", "pw-123456", HTTP_ACCEPT_LANGUAGE="en")
    assert "temporarily locked" in response.content.decode()
    assert "security administrator" in response.content.decode()


def test_a_user_name_that_does_not_exist_gets_the_same_answers(client, handler_a):
    for _ in range(5):
        real, ghost = sign_in(client, "handler_a", "wrong-password"), sign_in(client, "nobody", "wrong-password")
        assert real.status_code == ghost.status_code
        assert page_text(real).replace("handler_a", "") == page_text(ghost).replace("nobody", "")
    locked_real, locked_ghost = sign_in(client, "handler_a", "pw-123456"), sign_in(client, "nobody", "pw-123456")
    assert locked_real.status_code == locked_ghost.status_code == 429
    assert page_text(locked_real) == page_text(locked_ghost)


def test_the_same_user_from_another_address_can_still_sign_in(client, handler_a):
    fail(client, "handler_a", 5)
    assert sign_in(client, "handler_a", "pw-123456", REMOTE_ADDR="10.8.0.2").url == "/"


def test_an_address_trying_many_names_is_locked_out_for_everyone(client, township_a, settings):
    assert settings.LOGIN_IP_FAILURE_LIMIT == 20
    UserFactory(username="clerk_z")
    for n in range(5):
        fail(client, f"guess{n}", 4)  # each name below its own limit
    assert sign_in(client, "clerk_z", "pw-123456").status_code == 429
    assert sign_in(client, "clerk_z", "pw-123456", REMOTE_ADDR="10.8.0.2").url == "/"


def test_the_admin_login_is_locked_too(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong-password"})
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": "pw-123456"})
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, handler_a):
    fail(client, "handler_a", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, "handler_a", "pw-123456").url == "/"


def test_an_administrator_unlocks_her_with_axes_reset_username(client, handler_a):
    fail(client, "handler_a", 5)
    call_command("axes_reset_username", "handler_a", stdout=io.StringIO())
    assert sign_in(client, "handler_a", "pw-123456").url == "/"


def test_the_superuser_sees_lockouts_in_the_admin_and_a_unit_administrator_does_not(client, handler_a, township_a):
    from directory.roles import Role

    fail(client, "handler_a", 5)
    assert AccessFailureLog.objects.filter(username="handler_a", locked_out=True).exists()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "handler_a" in page.content.decode()
    assert "handler_a" in client.get("/admin/axes/accessfailurelog/").content.decode()
    client.force_login(UserFactory(username="admin_a", is_staff=True, staff=(township_a, Role.ADMIN)))
    assert client.get("/admin/axes/accessattempt/").status_code == 403


@pytest.fixture
def api_key(handler_a):
    return issue_token(user=handler_a, by=handler_a, name="script")[1]


def call_api(client, key, **extra):
    return client.get("/api/v1/org-units/", HTTP_AUTHORIZATION=f"Token {key}", **extra)


def test_a_few_bad_tokens_do_not_stop_the_api(client, api_key):
    for n in range(19):
        assert call_api(client, f"{n:08d}-guessed-key").status_code == 401
    assert call_api(client, api_key).status_code == 200


def test_guessing_tokens_locks_the_address_out_of_the_api(client, api_key):
    for n in range(20):
        call_api(client, f"{n:08d}-guessed-key")
    response = call_api(client, api_key, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 429
    assert LOCKED in response.json()["detail"]
    assert call_api(client, api_key, REMOTE_ADDR="10.8.0.2").status_code == 200
    assert AccessAttempt.objects.filter(username__startswith="token:", path_info="/api/v1/org-units/").exists()


def test_guessing_tokens_also_locks_the_address_out_of_the_sign_in_page(client, api_key, handler_a):
    for n in range(20):
        call_api(client, f"{n:08d}-guessed-key")
    assert sign_in(client, "handler_a", "pw-123456").status_code == 429


def test_retrying_one_bad_key_locks_it_after_five_tries_without_stopping_good_keys(client, api_key):
    for _ in range(5):
        call_api(client, "revoked1-key-of-an-old-script")
    assert call_api(client, "revoked1-key-of-an-old-script").status_code == 429
    assert call_api(client, api_key).status_code == 200
