from datetime import date, timedelta

from django.utils.timezone import localdate
from playwright.sync_api import expect

from directory.roles import Role
from petitions import services
from petitions.models import Petition
from tests.e2e.conftest import sign_in
from tests.factories import AgencyFactory, UserFactory, valid_id_number
from tests.petitions.factories import ensure_categories, make_petition


def test_clerk_logs_a_visit_by_keyboard_prints_the_acknowledgement_and_finds_it_by_phone(page, township_a):
    ensure_categories()
    UserFactory(username="clerk_a", staff=(township_a, Role.CLERK))
    sign_in(page, "clerk_a")
    page.goto(page.base + "/petitions/new/")

    # Keyboard only: type into each field, Tab to the next, select options with the arrow keys.
    assert page.evaluate("document.activeElement.id") == "petitioner-search"
    page.keyboard.press("Tab")
    page.keyboard.type("邓春梅")  # the new petitioner's name
    page.keyboard.press("Tab")  # gender: female is preselected
    page.keyboard.press("Tab")
    page.keyboard.type(valid_id_number(date(1979, 4, 2)))
    page.keyboard.press("Tab")
    page.keyboard.type("13712345678")
    page.locator("#id_nature").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # suggestion → accusation → claim
    page.keyboard.press("Tab")  # the category: skipped, the sub-category implies it
    page.keyboard.press("Tab")  # sub-category
    page.keyboard.press("ArrowDown")  # the first: 家庭暴力
    page.keyboard.press("Tab")
    page.keyboard.type("丈夫酒后殴打,手臂有伤。")
    page.locator("button[accesskey=s]").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/receipt/")
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("440282001-")
    page.emulate_media(media="print")
    pdf_free_text = page.locator(".receipt").inner_text()
    assert "15" in pdf_free_text and "雄州街道" in pdf_free_text
    page.emulate_media(media="screen")

    page.goto(page.base + "/petitions/")
    page.fill("input[name=q]", "13712345678")
    page.press("input[name=q]", "Enter")
    page.locator("table tbody tr", has_text=reference).wait_for()
    assert Petition.objects.get().petitioners.get().full_name == "邓春梅"


def test_handler_works_a_petition_to_conclusion_and_a_manager_approves_an_extension(page, township_a, city):
    ensure_categories()
    handler = UserFactory(username="handler_a", first_name="黄美玲", staff=(township_a, Role.HANDLER))
    UserFactory(username="manager_a", staff=(township_a, Role.MANAGER))
    police = AgencyFactory(org_unit=township_a, name="雄州派出所")
    today = localdate()
    petition = make_petition(unit=township_a, by=handler, received_on=today - timedelta(days=2))
    other = make_petition(
        unit=township_a, by=handler, received_on=today - timedelta(days=50), accepted_on=today - timedelta(days=48)
    )
    services.request_extension(petition=other, by=handler, on=today, days=30, reason="需等待鉴定结果")

    sign_in(page, "handler_a")
    page.goto(page.base + "/petitions/")
    assert "(0/2)" in page.locator("#rates").inner_text()
    page.goto(page.base + f"/petitions/{petition.pk}/")

    def move(name, fill):
        page.locator(f"#move-{name} summary").click()
        fill()
        page.locator(f"#move-{name} button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".msg-success").count() == 1, page.locator(".messages").inner_text()

    move("accept", lambda: None)
    move(
        "refer",
        lambda: (
            page.select_option("#id_refer-agency", str(police.pk)),
            page.fill("#id_refer-asked", "请出警核实并书面回复"),
            page.fill("#id_refer-reply_due_on", (today + timedelta(days=10)).isoformat()),
        ),
    )
    move(
        "agency_reply",
        lambda: (
            page.fill("#id_agency_reply-text", "已出具告诫书"),
            page.select_option("#id_agency_reply-adequate", "yes"),
        ),
    )
    move(
        "reply",
        lambda: (page.fill("#id_reply-text", "书面答复处理结果"), page.select_option("#id_reply-method", "post")),
    )
    move(
        "conclude",
        lambda: (
            page.select_option("#id_conclude-outcome", "mediated"),
            page.select_option("#id_conclude-settled_level", "township"),
        ),
    )
    timeline = page.locator("#timeline").inner_text()
    assert "雄州派出所" in timeline and "请出警核实并书面回复" in timeline

    page.goto(page.base + "/petitions/")
    assert "(1/2)" in page.locator("#rates").inner_text()

    page.context.clear_cookies()
    sign_in(page, "manager_a")
    page.goto(page.base + "/petitions/approvals/")
    page.click(f"text={other.reference}")
    page.locator("#move-decide_extension summary").click()
    page.select_option("#id_decide_extension-approve", "yes")
    page.locator("#move-decide_extension button[type=submit]").click()
    page.wait_for_load_state()
    other.refresh_from_db()
    assert other.extension_approved_on == today
    petition.refresh_from_db()
    assert petition.status == Petition.Status.CONCLUDED


def test_an_invalid_move_lands_the_handler_at_the_form_with_the_error_in_view(page, township_a):
    ensure_categories()
    handler = UserFactory(username="handler_a", staff=(township_a, Role.HANDLER))
    today = localdate()
    petition = make_petition(unit=township_a, by=handler, accepted_on=today - timedelta(days=2))

    sign_in(page, "handler_a")
    page.goto(page.base + f"/petitions/{petition.pk}/")
    page.locator("#move-extension summary").click()
    page.fill("#id_extension-days", "40")
    page.fill("#id_extension-reason", "等待鉴定结果")
    page.locator("#move-extension button[type=submit]").click()
    page.wait_for_load_state()

    error = page.locator("#move-extension .field-error")
    expect(error).to_be_in_viewport()
    assert "30" in error.inner_text()
    expect(page.locator("#id_extension-days")).to_be_focused()
    expect(page.locator("#id_extension-reason")).to_have_value("等待鉴定结果")
    assert "请更正下方表单中的错误" in page.locator(".msg-error").inner_text()


def test_the_change_log_and_the_timeline_read_as_words_in_chinese_and_in_english(page, township_a):
    ensure_categories()
    clerk = UserFactory(username="clerk_a", first_name="陈秀英", staff=(township_a, Role.CLERK))
    handler = UserFactory(username="handler_a", first_name="李晓燕", staff=(township_a, Role.HANDLER))
    today = localdate()
    petition = make_petition(unit=township_a, by=clerk, received_on=today - timedelta(days=9))
    petition = services.accept_petition(petition=petition, by=handler, on=today - timedelta(days=8))
    services.start_handling(petition=petition, by=handler, on=today - timedelta(days=7))
    police = AgencyFactory(org_unit=township_a, name="雄州派出所")
    services.refer_to_agency(petition=petition, by=handler, on=today - timedelta(days=6), agency=police, asked="核实")
    services.conclude_petition(
        petition=petition, by=handler, on=today, outcome=Petition.Outcome.MEDIATED, settled_level="township"
    )
    services.record_satisfaction(petition=petition, by=handler, on=today, satisfaction="satisfied")

    sign_in(page, "handler_a")
    page.goto(page.base + f"/petitions/{petition.pk}/")
    history = page.locator("section.history tbody")
    rows = history.locator("tr")
    assert rows.count() == 5  # created, accepted, started, concluded, rated: the referral changed nothing
    assert "陈秀英" in rows.last.inner_text() and "新建记录" in rows.last.inner_text()
    assert "办结人: — → 李晓燕" in history.inner_text() and "满意度: — → 满意" in history.inner_text()
    assert "#" not in history.inner_text()
    assert "记录满意度: 满意" in page.locator("#timeline").inner_text()

    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()
    history = page.locator("section.history tbody")
    assert "Concluded by: — → 李晓燕" in history.inner_text() and "Record created" in history.inner_text()
    assert "Satisfaction recorded: Satisfied" in page.locator("#timeline").inner_text()


def test_a_headcount_of_zero_is_explained_beside_the_field(page, township_a):
    ensure_categories()
    UserFactory(username="clerk_a", staff=(township_a, Role.CLERK))
    sign_in(page, "clerk_a")
    page.goto(page.base + "/petitions/new/")
    page.fill("#id_new_full_name", "邓春梅")
    page.fill("#id_headcount", "0")
    page.select_option("#id_nature", "claim")
    page.locator("#id_subcategory").select_option(label="家庭暴力")
    page.fill("#id_facts", "丈夫酒后殴打。")
    page.locator("button[accesskey=s]").click()
    page.wait_for_load_state()
    assert page.locator(".field.has-error").count() == 1
    assert "人次至少为1" in page.locator(".field.has-error").inner_text()
    assert "petition_headcount_at_least_one" not in page.content() and not Petition.objects.exists()
