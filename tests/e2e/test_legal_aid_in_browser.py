from datetime import date, timedelta

from legal_aid.models import LegalAidCase, ProtectionOrder
from petitions.models import Action, Category
from tests.e2e.conftest import sign_in
from tests.factories import PersonFactory
from tests.petitions.factories import make_petition


def test_handler_refers_a_petition_records_a_protection_order_and_its_grant(page, handler_a, village_a):
    # The live server's database is flushed between tests, taking the seeded categories with it.
    family, _ = Category.objects.get_or_create(name="婚姻家庭", parent=None)
    Category.objects.get_or_create(name="家庭暴力", parent=family)
    today = date.today()
    person = PersonFactory(org_unit=village_a, full_name="黄美玲")
    petition = make_petition(unit=village_a, by=handler_a, person=person, received_on=today, accepted_on=today)
    sign_in(page, "handler_a")

    page.goto(f"{page.base}/petitions/{petition.pk}/")
    page.click("a:has-text('转介法律援助')")
    assert page.input_value("#id_client") == str(person.pk)
    page.select_option("#id_aid_form", "litigation")
    page.select_option("#id_provider", "federation")
    page.fill("#id_court", "南雄市人民法院")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=已登记")
    case = LegalAidCase.objects.get()
    assert case.source_petition == petition
    assert petition.actions.filter(kind=Action.Kind.REFER_LEGAL_AID).exists()

    page.click("text=登记人身安全保护令申请")
    assert page.input_value("#id_victim") == str(person.pk)
    page.select_option("#id_applicant", "federation")
    page.fill("#id_filed_at", f"{today:%Y-%m-%d}T09:30")
    page.check("#id_urgent")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=已登记人身安全保护令申请")

    page.check("input[name=decision][value=granted]")
    page.fill("#id_on", today.isoformat())
    page.check("#id_ban_violence")
    page.check("#id_ban_contact")
    page.fill("#id_effective_from", today.isoformat())
    page.fill("#id_expires_on", (today + timedelta(days=120)).isoformat())
    page.click("text=登记决定")
    page.wait_for_selector("text=决定已记录")
    assert "禁止实施家庭暴力; 禁止骚扰、跟踪、接触" in page.content()
    order = ProtectionOrder.objects.get()
    assert order.decision == "granted" and order.legal_aid_case == case and order.source_petition == petition

    page.click("nav.tabs >> text=法律援助案件")
    row = page.locator("table tbody tr", has_text=case.reference)
    row.wait_for()
    assert "黄美玲" in row.inner_text() and "免费代理" in row.inner_text()
