"""Columns several ledgers share."""

from django.utils.translation import gettext_lazy

from ..spec import Column, read_date, read_text

DATE_NOTE = gettext_lazy("2025-3-8, 2025/03/08, 2025年3月8日, 2025.3.8 or an Excel date.")


def unit_column() -> Column:
    return Column(
        "unit",
        "单位",
        ("接待单位", "登记单位", "所属单位", "受理单位", "承办单位", "单位代码", "所在单位"),
        read=read_text(100),
        note=gettext_lazy("A unit's name or division code; the unit chosen on upload when empty."),
        example="440282001",
    )


def date_column(key, label, synonyms=(), *, required=False, note=DATE_NOTE, example="") -> Column:
    return Column(key, label, tuple(synonyms), required=required, read=read_date, note=note, example=example)
