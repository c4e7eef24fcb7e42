"""Idle sign-out and sign-out everywhere after a password change."""

import time

from django.test import Client

from directory.signin import LAST_SEEN


def idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN] = int(time.time()) - minutes * 60
    session.save()


def test_a_session_idle_for_more_than_thirty_minutes_is_signed_out(client_for, handler_a, settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    client = client_for(handler_a)
    idle_for(client, 31)
    response = client.get("/petitions/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/?next=/petitions/"
    assert "您已超过30分钟无操作" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_session_used_within_thirty_minutes_stays_signed_in(client_for, handler_a):
    client = client_for(handler_a)
    idle_for(client, 29)
    assert client.get("/petitions/").status_code == 200
    assert client.session[LAST_SEEN] > time.time() - 60
    assert client.get("/petitions/").status_code == 200


def test_changing_the_password_signs_out_her_other_sessions_but_not_this_one(handler_a):
    office, phone = Client(), Client()
    for client in (office, phone):
        assert client.post("/accounts/login/", {"username": "handler_a", "password": "pw-123456"}).url == "/"
    response = office.post(
        "/accounts/password_change/",
        {"old_password": "pw-123456", "new_password1": "Xiong-zhou-2025", "new_password2": "Xiong-zhou-2025"},
    )
    assert response.url == "/accounts/password_change/done/"
    assert office.get("/petitions/").status_code == 200
    assert phone.get("/petitions/").url == "/accounts/login/?next=/petitions/"


def test_the_password_change_page_speaks_chinese(client_for, handler_a):
    page = client_for(handler_a).get("/accounts/password_change/").content.decode()
    assert "修改密码" in page
    assert "至少包含以下4类字符中的3类" in page
    assert "不能与最近5次使用过的密码相同" in page
