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
