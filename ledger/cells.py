"""Reading one cell of a ledger as offices write it: dates in five styles, 是/否, Chinese labels."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directory.validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in the reader's language."""


EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
# 2025-3-8, 2025/03/08, 2025.3.8, 2025年3月8日, 20250308; a time after the date is ignored.
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT].*)?$")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
YES = {"是", "有", "√", "✓", "Y", "YES", "TRUE", "1", "对"}
NO = {"否", "无", "×", "N", "NO", "FALSE", "0", "不是", "没有"}


def text(value) -> str:
    """The cell as trimmed text ('' for an empty cell); 13800138000.0 from Excel reads 13800138000."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).replace("\u3000", " ").strip()


def parse_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    raw = text(value)
    if not raw:
        return None
    if re.fullmatch(r"\d{5}(\.0+)?", raw):
        return _serial(float(raw))
    match = DATE_RE.match(raw) or COMPACT_DATE_RE.match(raw)
    if not match:
        raise CellError(
            _("“%(value)s” is not a date; write it as 2025-3-8, 2025/03/08 or 2025年3月8日.") % {"value": raw}
        )
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError(_("%(value)s is not a day of the calendar.") % {"value": raw}) from None


def _serial(number: float) -> date:
    # Ledgers start in the 1950s at the earliest and never run past 2100.
    if not 18264 <= number <= 73050:
        raise CellError(_("%(value)s is not a date.") % {"value": text(number)})
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_int(value, *, minimum: int = 0) -> int | None:
    raw = text(value)
    if not raw:
        return None
    raw = raw.removesuffix("人").removesuffix("人次").strip()
    if not re.fullmatch(r"\d+", raw) or int(raw) < minimum:
        raise CellError(_("“%(value)s” is not a whole number of at least %(min)s.") % {"value": raw, "min": minimum})
    return int(raw)


def parse_amount(value) -> str | None:
    raw = text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    if not raw:
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not an amount of money.") % {"value": raw}) from None
    if amount < 0:
        raise CellError(_("An amount cannot be negative."))
    return str(amount.quantize(Decimal("0.01")))


def parse_bool(value) -> bool | None:
    raw = text(value).upper()
    if not raw:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("“%(value)s”: write 是 or 否.") % {"value": text(value)})


def parse_id_number(value) -> str:
    raw = text(value).lstrip("'")
    if not raw:
        return ""
    try:
        validate_id_number(raw)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None
    return normalize_id_number(raw)


def parse_phone(value) -> str:
    raw = text(value).lstrip("'")
    if not raw:
        return ""
    try:
        validate_phone(raw)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None
    return normalize_phone(raw)


def key(value: str) -> str:
    """A label compared loosely: no spaces, no asterisks, no bracketed notes, case folded."""
    value = re.sub(r"[（(][^）)]*[）)]", "", text(value))
    return re.sub(r"[\s*＊:：]", "", value).casefold()
