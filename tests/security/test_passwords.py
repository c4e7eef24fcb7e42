"""Password policy: length, complexity, no reuse, expiry."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory.models import PasswordHistory
from tests.factories import UserFactory

CHANGE = "/accounts/password_change/"


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def errors(response):
    return " ".join(response.context["form"].errors.get("new_password2", []))


def test_a_password_shorter_than_ten_characters_is_refused_on_the_change_page(client_for, handler_a):
    response = change(client_for(handler_a), "pw-123456", "Ab1!xyz9")
    assert response.status_code == 200
    assert "密码长度太短，至少需要10个字符" in errors(response)


def test_a_password_with_only_two_kinds_of_character_is_refused(client_for, handler_a):
    response = change(client_for(handler_a), "pw-123456", "lowercase-only-words")
    assert "至少包含以下4类字符中的3类" in errors(response)
    handler_a.refresh_from_db()
    assert handler_a.check_password("pw-123456")


def test_a_strong_new_password_is_accepted_and_only_its_hash_is_kept(client_for, handler_a):
    response = change(client_for(handler_a), "pw-123456", "Xiong-zhou-2025")
    assert response.url == "/accounts/password_change/done/"
    handler_a.refresh_from_db()
    assert handler_a.check_password("Xiong-zhou-2025")
    latest = PasswordHistory.objects.filter(user=handler_a).first()
    assert latest.password == handler_a.password and "Xiong-zhou-2025" not in latest.password


def test_one_of_her_last_five_passwords_cannot_be_used_again(client_for, handler_a):
    client = client_for(handler_a)
    passwords = ["pw-123456", "First-pass-01", "Second-pass-02", "Third-pass-03", "Fourth-pass-04"]
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert change(client, old, new).status_code == 302
    for earlier in passwords[1:]:
        assert "不能与最近5次使用过的密码相同" in errors(change(client, "Fourth-pass-04", earlier))
    # The sixth password back has dropped out of the history.
    assert PasswordHistory.objects.filter(user=handler_a).count() == 5
    assert change(client, "Fourth-pass-04", "Fifth-pass-05").status_code == 302


def test_validators_apply_when_a_password_is_set_not_at_sign_in(client, handler_a):
    with pytest.raises(ValidationError):
        validate_password("pw-123456", handler_a)
    # The factories' and the demo's short passwords still sign in.
    assert client.post("/accounts/login/", {"username": "handler_a", "password": "pw-123456"}).url == "/"


def test_an_expired_password_sends_her_to_the_change_page_after_sign_in(client, handler_a):
    PasswordHistory.objects.filter(user=handler_a).update(set_at=timezone.now() - timedelta(days=91))
    response = client.post("/accounts/login/", {"username": "handler_a", "password": "pw-123456"}, follow=True)
    assert response.redirect_chain[-1][0] == CHANGE
    assert "您的密码已使用超过90天" in response.content.decode()
    assert client.get("/petitions/").url == CHANGE
    assert change(client, "pw-123456", "Xiong-zhou-2025").status_code == 302
    assert client.get("/petitions/").status_code == 200


def test_a_password_younger_than_ninety_days_is_not_expired(client, handler_a):
    PasswordHistory.objects.filter(user=handler_a).update(set_at=timezone.now() - timedelta(days=89))
    assert client.post("/accounts/login/", {"username": "handler_a", "password": "pw-123456"}).url == "/"
    assert client.get("/petitions/").status_code == 200


def test_expiry_can_be_switched_off(client, handler_a, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    PasswordHistory.objects.filter(user=handler_a).update(set_at=timezone.now() - timedelta(days=900))
    client.post("/accounts/login/", {"username": "handler_a", "password": "pw-123456"})
    assert client.get("/petitions/").status_code == 200


def test_a_new_account_gets_a_dated_password(db):
    user = UserFactory(username="new_clerk")
    assert PasswordHistory.objects.get(user=user).set_at > timezone.now() - timedelta(minutes=1)
