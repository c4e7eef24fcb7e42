"""Validation and normalisation of Chinese ID numbers and phone numbers."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area code 0 + 2-3 digits, a 7-8 digit number, an optional extension.
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_id_number(value: str) -> str:
    return ric.compact(value or "").upper()


def validate_id_number(value: str) -> None:
    """GB 11643: 18 characters, a real birth date, ISO 7064 MOD 11-2 check.

    The region code is not checked against the birth year: people first
    registered after a county was renamed carry the new code whatever their
    age, so such a check turns real numbers away.
    """
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("An ID number has 18 characters."), code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="format")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(
            _("The check character of this ID number is wrong; please check every digit."), code="checksum"
        )
    try:
        born = ric.get_birth_date(number)
    except InvalidComponent:
        raise ValidationError(_("The birth date in this ID number does not exist."), code="birth_date") from None
    if born > date.today() or born.year < 1880:
        raise ValidationError(_("The birth date in this ID number is impossible."), code="birth_date")


def birth_date_from_id(value: str) -> date | None:
    try:
        return ric.get_birth_date(normalize_id_number(value))
    except Exception:
        return None


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value or "").replace("—", "-").replace("－", "-")


def validate_phone(value: str) -> None:
    number = normalize_phone(value)
    if MOBILE_RE.match(number) or LANDLINE_RE.match(number):
        return
    raise ValidationError(
        _("Enter an 11-digit mobile number starting 13–19, or a landline such as 0751-3822123."),
        code="phone",
    )
