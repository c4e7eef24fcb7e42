"""File names of downloaded reports: 南雄市妇联_2025年1-9月_维权工作汇报_v2.docx.

An office keeps many reports in one folder and mails them upward, so a file
says whose it is, which period, and which version, in the report's language.
The header carries the name twice: RFC 6266/5987 `filename*` in UTF-8, which
every current browser uses, and a plain ASCII `filename` for any client that
does not understand the other.
"""

import re
from datetime import timedelta
from urllib.parse import quote

from django.utils import translation
from django.utils.translation import gettext as _

from directory.periods import Period

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')  # not allowed in file names on Windows


def period_label(period: Period) -> str:
    """2025年1-9月, 2025年9月, 2025年; a range not made of whole months by its dates."""
    s, e = period.start, period.end
    whole_months = s.day == 1 and (e + timedelta(days=1)).day == 1
    if not whole_months or s.year != e.year:
        return f"{s:%Y%m%d}-{e:%Y%m%d}"
    if (s.month, e.month) == (1, 12):
        return _("year %(year)s") % {"year": s.year}
    if s.month == e.month:
        return _("%(year)s month %(month)s") % {"year": s.year, "month": s.month}
    return _("%(year)s months %(first)s-%(last)s") % {"year": s.year, "first": s.month, "last": e.month}


def report_filename(
    *, unit, period: Period, language: str, version: int, ext: str, draft: bool, table: str = ""
) -> str:
    """The name a person sees: unit, period, what it is, version (and the table, for a CSV)."""
    with translation.override(language):
        parts = [
            _("%(unit)s Women's Federation") % {"unit": unit.name},
            period_label(period),
            _("rights-protection work report"),
            _("draft v%(version)s") % {"version": version} if draft else f"v{version}",
        ]
    if table:
        parts.append(table)
    return UNSAFE.sub("_", "_".join(parts)) + f".{ext}"


def ascii_filename(*, unit, period: Period, version: int, ext: str, draft: bool, table: str = "") -> str:
    """The same file for a client that only reads ASCII names: report-440282000000-20250101-20250930-v2.docx."""
    parts = [
        "draft" if draft else "report",
        unit.code or str(unit.pk),
        f"{period.start:%Y%m%d}",
        f"{period.end:%Y%m%d}",
        f"v{version}",
    ]
    if table:
        parts.append(table)
    return "-".join(parts) + f".{ext}"


def content_disposition(filename: str, fallback: str) -> str:
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
