from directory.models import AccessLog
from directory.privacy import mask_id_number, mask_phone
from tests.factories import PersonFactory


def test_id_numbers_are_masked_keeping_region_and_last_four():
    assert mask_id_number("440282199001011234") == "440282********1234"


def test_mobile_and_landline_are_masked():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0751-3822123") == "0751-***2123"


def test_people_list_shows_masked_identifiers(client_for, clerk_a, village_a):
    person = PersonFactory(org_unit=village_a, id_number="440282199001011234", birth_date=None, phone="13812345678")
    page = client_for(clerk_a).get("/directory/people/").content.decode()
    assert person.full_name in page
    assert "440282********1234" in page
    assert "440282199001011234" not in page
    assert "13812345678" not in page


def test_clerk_sees_whole_identifiers_on_the_person_page_and_the_view_is_logged(client_for, clerk_a, village_a):
    person = PersonFactory(org_unit=village_a, phone="13812345678")
    page = client_for(clerk_a).get(f"/directory/people/{person.pk}/").content.decode()
    assert person.id_number in page and "13812345678" in page
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.target) == (clerk_a, "view", person)


def test_manager_sees_masked_identifiers_on_the_person_page(client_for, manager_a, village_a):
    person = PersonFactory(org_unit=village_a, phone="13812345678")
    page = client_for(manager_a).get(f"/directory/people/{person.pk}/").content.decode()
    assert person.id_number not in page and "138****5678" in page
    assert AccessLog.objects.filter(user=manager_a, action="view").count() == 1


def test_names_are_masked_keeping_the_surname():
    from directory.privacy import mask_name

    assert (mask_name("陈秀英"), mask_name("欧阳春梅"), mask_name("李")) == ("陈**", "欧阳**", "李*")
