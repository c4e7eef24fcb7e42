from datetime import date

from outreach.models import Event
from tests.e2e.conftest import sign_in
from tests.factories import AgencyFactory
from tests.outreach.factories import CampaignFactory, EventFactory, law


def test_clerk_records_a_march_8_event_and_finds_it_filtered_by_campaign(page, clerk_a, township_a, city):
    march8 = CampaignFactory(org_unit=city, name="三八维权周", year=2025)
    june26 = CampaignFactory(org_unit=city, name="6·26国际禁毒日", kind="june26", year=2025)
    EventFactory(org_unit=township_a, campaign=june26, title="禁毒宣传", held_on=date(2025, 6, 26))
    AgencyFactory(org_unit=city, name="南雄市司法局")
    AgencyFactory(org_unit=city, name="南雄市妇幼保健院")
    AgencyFactory(org_unit=city, name="南雄市公安局")
    law("妇女权益保障法"), law("未成年人保护法")
    sign_in(page, "clerk_a")
    page.click("nav#mainnav >> text=法制宣传")
    page.click("text=登记活动")
    page.fill("#id_title", "三八维权周妇女法制健康宣传")
    page.select_option("#id_campaign", str(march8.pk))
    page.select_option("#id_kind", "public_place")
    page.fill("#id_held_on", "2025-03-07")
    page.fill("#id_place", "雄州广场")
    page.fill("#id_leaflets", "1200")
    page.check("label:has-text('南雄市司法局') >> input")
    page.check("label:has-text('南雄市妇幼保健院') >> input")
    page.check("label:has-text('妇女权益保障法') >> input")
    page.check("label:has-text('未成年人保护法') >> input")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=活动已登记。")
    assert "南雄市司法局" in page.inner_text(".facts") and "《未成年人保护法》" in page.inner_text(".facts")

    page.click("nav.tabs >> text=法制宣传活动")
    page.select_option("#id_campaign", str(march8.pk))
    page.click("form.filters button:has-text('筛选')")
    row = page.locator("table tbody tr", has_text="三八维权周妇女法制健康宣传")
    row.wait_for()
    assert "南雄市司法局、南雄市妇幼保健院" in row.inner_text() or "南雄市妇幼保健院、南雄市司法局" in row.inner_text()
    assert "《妇女权益保障法》《未成年人保护法》" in row.inner_text()
    assert page.locator("table tbody tr").count() == 1
    assert "禁毒宣传" not in page.inner_text("table")
    event = Event.objects.get(title="三八维权周妇女法制健康宣传")
    assert (event.org_unit, event.created_by, event.leaflets) == (township_a, clerk_a, 1200)
