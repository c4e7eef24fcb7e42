"""ID numbers, phones and addresses are encrypted at rest and still found (directory.encryption)."""

import sqlite3
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from directory.duplicates import find_possible_duplicates
from directory.encryption import UndecryptableValue, blind_index, encrypt_value
from directory.models import Person
from directory.services import create_person
from tests.factories import PersonFactory, valid_id_number

pytestmark = pytest.mark.django_db

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
ADDRESS = "雄州街道八一社区幸福路18号"


def raw_rows(table, columns="*"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)}")
        return cursor.fetchall()


def write_raw(person, **values):
    """As a careless importer or an old backup would: plain text straight into the columns."""
    sets = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE directory_person SET {sets} WHERE id = %s", [*values.values(), person.pk])


@pytest.fixture
def person(village_a):
    return PersonFactory(org_unit=village_a, full_name="黄美玲", phone="13698765432", address=ADDRESS)


def test_a_raw_read_of_the_person_tables_shows_no_id_number_phone_or_address(person):
    person.address = ADDRESS + "之二"
    person.save()  # a history row too
    dump = repr(raw_rows("directory_person")) + repr(raw_rows("directory_historicalperson"))
    assert "黄美玲" in dump  # the read itself worked
    for secret in [person.id_number, person.id_number[-8:], "13698765432", "98765432", "幸福路"]:
        assert secret not in dump


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the bytes of an SQLite database")
@pytest.mark.django_db(transaction=True)  # no transaction left open: the backup copies committed pages
def test_the_bytes_of_the_sqlite_database_hold_no_id_number_phone_or_address(person, tmp_path):
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    connection.connection.backup(copy, pages=-1)
    copy.close()
    data = (tmp_path / "copy.sqlite3").read_bytes()
    assert "黄美玲".encode() in data
    for secret in [person.id_number, "13698765432", "幸福路"]:
        assert secret.encode() not in data


def test_the_model_reads_back_what_was_written(person):
    person = Person.objects.get(pk=person.pk)
    assert (person.phone, person.address) == ("13698765432", ADDRESS)
    assert Person.objects.values_list("phone", flat=True).get(pk=person.pk) == "13698765432"


def test_the_same_value_is_stored_differently_each_time(village_a):
    a = PersonFactory(org_unit=village_a, id_number="", phone="13600000001")
    b = PersonFactory(org_unit=village_a, id_number="", phone="13600000001")
    rows = dict(raw_rows("directory_person", "id, phone"))
    assert rows[a.pk] != rows[b.pk]


def test_people_are_found_by_whole_id_number_whole_phone_and_the_phones_last_four_digits(person, village_a):
    PersonFactory(org_unit=village_a, full_name="李玉兰", phone="13900001111")
    people = Person.objects.all()
    assert list(people.with_id_number(person.id_number.lower())) == [person]
    assert list(people.with_phone("136-9876-5432")) == [person]
    assert list(people.with_phone_tail("5432")) == [person]
    for text in [person.id_number, "13698765432", "5432", "黄美", "hml"]:
        assert list(people.search(text)) == [person], text
    assert list(people.with_phone("9876")) == [] and list(people.with_id_number("")) == []


def test_a_landline_is_found_with_or_without_its_dash(village_a):
    person = PersonFactory(org_unit=village_a, phone="0751-3822123")
    assert list(Person.objects.search("07513822123")) == [person]
    assert list(Person.objects.search("0751-3822123")) == [person]
    assert list(Person.objects.search("2123")) == [person]


def test_filtering_on_an_encrypted_field_is_refused_instead_of_finding_nothing(person):
    with pytest.raises(FieldError, match="encrypted"):
        Person.objects.filter(id_number=person.id_number)
    with pytest.raises(FieldError):
        Person.objects.filter(phone__contains="9876")
    assert Person.objects.filter(address="").count() == 0
    assert Person.objects.exclude(phone="").count() == 1


def test_a_second_person_with_the_same_id_number_is_refused_by_the_database(person, village_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(org_unit=village_a, full_name="冒名", id_number=person.id_number.lower())


def test_the_service_refuses_a_second_person_with_the_same_id_number_with_a_clear_message(person, village_a, clerk_a):
    with pytest.raises(ValidationError) as refused:
        create_person(by=clerk_a, full_name="冒名", org_unit=village_a, id_number=person.id_number)
    assert refused.value.messages == ["该身份证号已登记。"]


def test_editing_someone_to_an_id_number_already_registered_gives_a_form_error(person, village_a, client_for, clerk_a):
    other = PersonFactory(org_unit=village_a, full_name="李玉兰")
    data = {
        "full_name": other.full_name,
        "gender": "F",
        "id_number": person.id_number,
        "org_unit": village_a.pk,
        "ethnicity": "汉族",
        "seen_version": other.version,
    }
    response = client_for(clerk_a).post(f"/directory/people/{other.pk}/edit/", data)
    assert response.status_code == 200
    assert "该身份证号已经登记。请搜索她的记录" in response.content.decode()
    other.refresh_from_db()
    assert other.id_number != person.id_number


def test_duplicates_are_still_found_by_id_number_and_phone(person):
    by_id = find_possible_duplicates(Person.objects.all(), full_name="某人", id_number=person.id_number)
    by_phone = find_possible_duplicates(Person.objects.all(), full_name="某人", phone="136 9876 5432")
    assert [(m.person, m.reasons) for m in by_id] == [(person, ["id_number"])]
    assert [(m.person, m.reasons) for m in by_phone] == [(person, ["phone"])]


def test_bulk_writes_keep_the_search_hashes_up_to_date(village_a):
    number = valid_id_number()
    [created] = Person.objects.bulk_create([Person(org_unit=village_a, full_name="甲", id_number=number)])
    assert list(Person.objects.with_id_number(number)) == [created]
    created.phone = "13711112222"
    Person.objects.bulk_update([created], ["phone"])
    assert list(Person.objects.with_phone_tail("2222")) == [created]
    Person.objects.filter(pk=created.pk).update(phone="13733334444")
    assert list(Person.objects.with_phone("13733334444")) == [created]
    assert list(Person.objects.with_phone_tail("2222")) == []


def test_writers_that_bypass_the_orm_use_the_helpers(person):
    write_raw(
        person,
        phone=encrypt_value("13555556666"),
        phone_hash=blind_index("phone", "13555556666"),
        phone_tail_hash=blind_index("phone_tail", "13555556666"),
    )
    assert list(Person.objects.with_phone_tail("6666")) == [person]
    assert Person.objects.get(pk=person.pk).phone == "13555556666"


def test_masking_is_unchanged_for_a_role_that_must_not_see_whole_numbers(person, client_for, clerk_a):
    page = client_for(clerk_a).get("/directory/people/").content.decode()
    assert person.id_number[:6] + "********" + person.id_number[-4:] in page
    assert "136****5432" in page and person.id_number not in page


def test_rotation_re_encrypts_every_row_and_old_rows_stay_readable_meanwhile(village_a):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        person = PersonFactory(org_unit=village_a, phone="13698765432", address=ADDRESS)
        person.address = ADDRESS + "之二"
        person.save()
        before = raw_rows("directory_person", "phone")[0][0]
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert Person.objects.get(pk=person.pk).phone == "13698765432"  # during the rotation
        out = StringIO()
        call_command("rotate_field_keys", "--batch-size", "1", stdout=out)
        assert "directory.Person: 1 rows, 1 rewritten (3 values re-encrypted" in out.getvalue()
        assert "directory.HistoricalPerson: 2 rows, 2 rewritten (6 values re-encrypted" in out.getvalue()
        again = StringIO()
        call_command("rotate_field_keys", stdout=again)
        assert "directory.Person: 1 rows, 0 rewritten" in again.getvalue()
    assert raw_rows("directory_person", "phone")[0][0] != before
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):  # the old key removed
        assert Person.objects.get(pk=person.pk).address == ADDRESS + "之二"
        assert [h.address for h in person.history.order_by("history_id")] == [ADDRESS, ADDRESS + "之二"]


def test_a_lost_key_is_a_clear_error_not_a_wrong_value(village_a):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        person = PersonFactory(org_unit=village_a)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(UndecryptableValue, match="rotate"):
        Person.objects.get(pk=person.pk)


def test_rotation_encrypts_plain_text_left_by_an_import_and_fills_its_hashes(person):
    write_raw(person, phone="13512345678", address="明文地址", phone_hash="", phone_tail_hash="")
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "2 plain values encrypted, 2 search hashes recomputed" in out.getvalue()
    assert "明文地址" not in repr(raw_rows("directory_person"))
    assert list(Person.objects.with_phone_tail("5678")) == [person]
    assert Person.objects.get(pk=person.pk).address == "明文地址"


def test_a_changed_blind_index_key_is_taken_up_by_rotation(person):
    with override_settings(BLIND_INDEX_KEY="a new blind-index key, long and random enough"):
        assert list(Person.objects.with_phone("13698765432")) == []
        call_command("rotate_field_keys", stdout=StringIO())
        assert list(Person.objects.with_phone("13698765432")) == [person]


def test_housing_addresses_are_encrypted_too():
    from hardship.models import HousingUnit

    field = HousingUnit._meta.get_field("address")
    assert field.get_prep_value(ADDRESS) != ADDRESS
    assert field.from_db_value(field.get_prep_value(ADDRESS), None, connection) == ADDRESS


def test_the_deploy_checks_warn_when_the_keys_are_unset_and_refuse_a_malformed_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=[], BLIND_INDEX_KEY=""):
        ids = {m.id for m in run_checks(include_deployment_checks=True)}
        assert {"directory.W002", "directory.W003"} <= ids
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY], BLIND_INDEX_KEY="k" * 50):
        ids = {m.id for m in run_checks(include_deployment_checks=True)}
        assert not {"directory.W002", "directory.W003", "directory.E001"} & ids
    with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]):
        assert "directory.E001" in {m.id for m in run_checks()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_re_encrypting_history_opens_the_encrypted_columns_and_nothing_else(person):
    from django.db import DatabaseError

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('rights_office.reencrypt', 'on', true)")
        cursor.execute("UPDATE directory_historicalperson SET phone = %s", [encrypt_value("13500000000")])
    assert person.history.get().phone == "13500000000"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('rights_office.reencrypt', 'on', true)")
        cursor.execute("UPDATE directory_historicalperson SET full_name = '别人'")
