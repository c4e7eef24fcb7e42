from datetime import date

from directory.duplicates import find_possible_duplicates
from directory.models import Person
from tests.factories import PersonFactory


def test_same_id_number_is_a_certain_match(village_a):
    existing = PersonFactory(org_unit=village_a, full_name="陈秀英")
    [match] = find_possible_duplicates(Person.objects.all(), full_name="陈秀英", id_number=existing.id_number.lower())
    assert match.person == existing and match.score == 100


def test_same_phone_is_a_likely_match(village_a):
    existing = PersonFactory(org_unit=village_a, phone="13900000001")
    [match] = find_possible_duplicates(Person.objects.all(), full_name="别人", phone="139 0000 0001")
    assert match.person == existing and match.score == 60 and match.reasons == ["phone"]


def test_same_pinyin_name_and_birth_year_is_a_possible_match(village_a):
    existing = PersonFactory(org_unit=village_a, full_name="陈秀英", birth_date=date(1980, 2, 3))
    # 陈秀瑛 sounds the same (chen xiu ying) but is written differently.
    [match] = find_possible_duplicates(Person.objects.all(), full_name="陈秀瑛", birth_date=date(1980, 11, 30))
    assert match.person == existing and match.reasons == ["pinyin_birth_year"] and match.score == 40


def test_same_name_different_birth_year_is_not_a_match(village_a):
    PersonFactory(org_unit=village_a, full_name="陈秀英", birth_date=date(1980, 2, 3))
    assert find_possible_duplicates(Person.objects.all(), full_name="陈秀英", birth_date=date(1990, 2, 3)) == []


def test_matches_are_ranked_by_score(village_a):
    by_phone = PersonFactory(org_unit=village_a, full_name="李玉兰", phone="13900000002")
    by_id = PersonFactory(org_unit=village_a, full_name="王桂芳")
    matches = find_possible_duplicates(
        Person.objects.all(), full_name="张丽娟", phone="13900000002", id_number=by_id.id_number
    )
    assert [m.person for m in matches] == [by_id, by_phone]


def test_surnames_use_their_surname_reading():
    from directory.models import pinyin_keys

    assert pinyin_keys("曾丽华") == ("zenglihua", "zlh")
    assert pinyin_keys("单秀英") == ("shanxiuying", "sxy")
