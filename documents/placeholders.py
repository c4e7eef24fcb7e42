"""Placeholders in a template's text: {{ 信访人 }} is replaced by a value from the record.

Deliberately not a template language: a placeholder is a name between double
braces, looked up in a dictionary of plain strings the code prepared. There
are no attributes, filters, tags or loops, so an administrator editing the
text can never reach anything but the values offered for that kind.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from reporting.document import chinese_numeral

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
DIGITS = "〇一二三四五六七八九"


def names_in(text: str) -> list[str]:
    """The placeholder names in `text`, in order of first use."""
    return list(dict.fromkeys(match[1] for match in PLACEHOLDER.finditer(text)))


def problems(text: str, allowed) -> list[str]:
    """What is wrong with the placeholders of `text`: unknown names, and braces that open or close none."""
    found = []
    unknown = [name for name in names_in(text) if name not in allowed]
    if unknown:
        found.append(
            _("Unknown placeholder: %(names)s. Use only the placeholders listed.")
            % {"names": "、".join(f"{{{{ {name} }}}}" for name in unknown)}
        )
    rest = PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        found.append(_("A placeholder is not closed: write it as {{ name }}."))
    return found


def fill(text: str, values: dict) -> str:
    """`text` with every placeholder replaced by its value (an unknown one by nothing)."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match[1], "")), text)


def chinese_date(day: date | None) -> str:
    """2025-03-08 → 二〇二五年三月八日, as official documents date themselves; None → —."""
    if day is None:
        return "—"
    year = "".join(DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese_numeral(day.month)}月{chinese_numeral(day.day)}日"


def document_number(*, prefix: str, year: int, word: str, serial: int) -> str:
    """雄妇〔2025〕受字第12号."""
    return f"{prefix}〔{year}〕{word}字第{serial}号"
