from directory.models import OrgUnit, Person
from tests.factories import PersonFactory


def test_unit_subtree_is_one_prefix_query(city, district, township_a, township_b, village_a):
    assert set(OrgUnit.objects.within(district)) == {district, township_a, township_b, village_a}
    assert set(OrgUnit.objects.within(township_a)) == {township_a, village_a}


def test_moving_a_unit_carries_its_subtree(city, district, township_a, village_a):
    other = OrgUnit.objects.create(name="另一区", level=OrgUnit.Level.DISTRICT, parent=city)
    township_a.parent = other
    township_a.save()
    village_a.refresh_from_db()
    assert village_a.path.startswith(other.path)
    assert set(OrgUnit.objects.within(other)) == {other, township_a, village_a}


def test_township_staff_see_only_their_people(clerk_a, village_a, village_b):
    mine, theirs = PersonFactory(org_unit=village_a), PersonFactory(org_unit=village_b)
    assert list(Person.objects.visible_to(clerk_a)) == [mine]
    assert theirs not in Person.objects.visible_to(clerk_a)


def test_township_b_person_is_404_for_township_a_staff(client_for, handler_a, village_b):
    theirs = PersonFactory(org_unit=village_b)
    client = client_for(handler_a)
    assert client.get(f"/directory/people/{theirs.pk}/").status_code == 404
    assert client.get(f"/directory/people/{theirs.pk}/edit/").status_code == 404


def test_city_manager_sees_both_townships(client_for, city_manager, village_a, village_b):
    a, b = PersonFactory(org_unit=village_a), PersonFactory(org_unit=village_b)
    client = client_for(city_manager)
    assert client.get(f"/directory/people/{a.pk}/").status_code == 200
    assert client.get(f"/directory/people/{b.pk}/").status_code == 200
    page = client.get("/directory/people/").content.decode()
    assert a.full_name in page and b.full_name in page


def test_superuser_sees_every_unit(django_user_model, village_a, village_b):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert Person.objects.visible_to(root).count() == 0
    PersonFactory(org_unit=village_a), PersonFactory(org_unit=village_b)
    assert Person.objects.visible_to(root).count() == 2


def test_user_without_staff_profile_sees_nothing(django_user_model, village_a):
    PersonFactory(org_unit=village_a)
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert Person.objects.visible_to(nobody).count() == 0


def test_other_township_unit_page_is_404(client_for, clerk_a, township_b):
    assert client_for(clerk_a).get(f"/directory/units/{township_b.pk}/").status_code == 404
