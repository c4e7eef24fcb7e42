import pytest
from django.core.exceptions import ValidationError

from directory.validators import normalize_id_number, validate_id_number, validate_phone

VALID = "11010519491231002X"


def test_valid_id_number_is_accepted():
    validate_id_number(VALID)


def test_lowercase_x_is_accepted_and_normalised_to_uppercase():
    validate_id_number(VALID.lower())
    assert normalize_id_number(VALID.lower()) == VALID


def test_wrong_check_character_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_id_number("110105194912310021")
    assert error.value.code == "checksum"


def test_impossible_birth_date_is_refused():
    # 1949-13-31 does not exist; the check character is computed for it anyway.
    from stdnum.cn import ric

    body = "11010519491331002"
    with pytest.raises(ValidationError) as error:
        validate_id_number(body + ric.calc_check_digit(body + "0"))
    assert error.value.code == "birth_date"


@pytest.mark.parametrize("value", ["1101051949123100", "ABCDEFGHIJKLMNOPQR", ""])
def test_wrong_length_or_letters_are_refused(value):
    with pytest.raises(ValidationError):
        validate_id_number(value)


@pytest.mark.parametrize("value", ["13812345678", "19912345678", "0751-3822123", "07513822123", "020-87654321"])
def test_mobile_and_landline_numbers_are_accepted(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "hello", "123", "0751-12"])
def test_garbage_phone_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        validate_phone(value)
