from datetime import timedelta

from django.utils import timezone

from directory.models import PasswordHistory


def try_password(page, username, password):
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def test_five_wrong_passwords_lock_her_out_with_a_page_that_says_why(page, clerk_a):
    for _ in range(5):
        try_password(page, "clerk_a", "wrong-password")
    try_password(page, "clerk_a", "pw-123456")
    assert page.url == page.base + "/accounts/login/"
    assert "账户已被临时锁定" in page.inner_text("main")
    assert "安全管理员" in page.inner_text("main")


def test_an_expired_password_is_changed_before_anything_else(page, clerk_a):
    PasswordHistory.objects.filter(user=clerk_a).update(set_at=timezone.now() - timedelta(days=120))
    try_password(page, "clerk_a", "pw-123456")
    assert page.url == page.base + "/accounts/password_change/"
    assert "请先设置新密码" in page.inner_text("main")
    page.fill("#id_old_password", "pw-123456")
    page.fill("#id_new_password1", "Bayi-Shequ-2026")
    page.fill("#id_new_password2", "Bayi-Shequ-2026")
    page.click("button.primary")
    page.wait_for_url(page.base + "/accounts/password_change/done/")
    page.goto(page.base + "/")
    assert "您好" in page.content()


def test_a_manager_sets_up_her_authenticator_then_signs_in_with_its_code(page, manager_a):
    import base64
    import time

    from django_otp.oath import TOTP

    try_password(page, "manager_a", "pw-123456")
    assert "/directory/two-factor/set-up/" in page.url
    assert page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 100")
    key = base64.b32decode(page.inner_text("#otp-secret").replace(" ", ""))

    def phone_code(steps_ahead=0):
        totp = TOTP(key)
        totp.time = time.time() + steps_ahead * 30
        return f"{totp.token():06d}"

    page.fill("#id_code", phone_code())
    page.press("#id_code", "Enter")
    page.wait_for_load_state()
    assert len(page.locator("#recovery-codes li").all()) == 10
    page.click("text=我已保存——继续")
    page.wait_for_url(page.base + "/")
    page.click(".usermenu summary")
    page.click(".usermenu >> text=退出")
    page.wait_for_url("**/accounts/login/**")

    try_password(page, "manager_a", "pw-123456")
    assert "/directory/two-factor/verify/" in page.url
    page.fill("#id_code", phone_code(steps_ahead=1))  # the code she used is spent; the next one is accepted
    page.press("#id_code", "Enter")
    page.wait_for_url(page.base + "/")
    assert "您好" in page.content()
