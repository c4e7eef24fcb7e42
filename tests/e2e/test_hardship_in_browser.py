from datetime import date
from decimal import Decimal

from hardship.models import Household
from hardship.services import create_programme
from tests.e2e.conftest import sign_in
from tests.factories import valid_id_number


def test_clerk_records_a_visit_to_a_new_household_and_the_programme_shows_it_spent(
    page, clerk_a, handler_a, township_a, village_a
):
    programme = create_programme(
        by=handler_a,
        name="2025年春节慰问单亲特困母亲",
        kind="spring_festival",
        year=2025,
        org_unit=township_a,
        budget=Decimal("10000"),
    )
    sign_in(page, "clerk_a")
    page.click("text=帮扶工作")
    page.click("text=2025年春节慰问单亲特困母亲")
    assert page.inner_text("[data-money=spent]") == "0.00"

    page.click("text=登记帮扶家庭")
    page.fill("#id_head-full_name", "钟翠萍")
    page.fill("#id_head-id_number", valid_id_number(date(1983, 6, 9)))
    page.select_option("#id_org_unit", str(village_a.pk))
    page.fill("#id_size", "3")
    page.check("#id_is_single_parent")
    page.check("#id_is_extremely_poor")
    page.click("button.primary")

    page.wait_for_url(f"**/hardship/programmes/{programme.pk}/assistance/new/**")
    household = Household.objects.get(head__full_name="钟翠萍")
    assert page.input_value("#id_household") == str(household.pk)
    page.fill("#id_cash", "500")
    page.fill("#id_goods", "大米、食用油")
    page.fill("#id_goods_value", "150")
    page.click("button.primary")

    page.wait_for_url(f"**/hardship/programmes/{programme.pk}/")
    assert "帮扶记录已保存" in page.content()
    assert page.inner_text("[data-money=spent]") == "650.00"
    assert page.inner_text("[data-money=remaining]") == "9,350.00"
    assert "钟翠萍" in page.inner_text("section:has-text('慰问与发放')")
