from tests.e2e.conftest import sign_in
from tests.factories import PersonFactory


def test_clerk_signs_in_searches_a_person_and_sees_the_id_number_masked(page, clerk_a, village_a):
    person = PersonFactory(
        org_unit=village_a, full_name="黄美玲", phone="13698765432", id_number="440282198805170028", birth_date=None
    )
    sign_in(page, "clerk_a")
    assert "您好" in page.content()
    page.click("text=服务对象")
    page.fill("input[name=q]", "huangmeiling")
    page.press("input[name=q]", "Enter")
    row = page.locator("table tbody tr", has_text="黄美玲")
    row.wait_for()
    assert "440282********0028" in row.inner_text()
    assert person.id_number not in page.content()
    assert "136****5432" in row.inner_text()
