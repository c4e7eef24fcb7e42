"""A work report as data: paragraphs and tables, independent of any file format.

The narrative and the tables are built into a `ReportDocument`; the renderers
in `reporting/render.py` turn one into DOCX, PDF, XLSX, CSV or Markdown. An
issued report freezes the document as JSON (`as_dict`), so it renders again
exactly as issued whatever happens to the data later.
"""

import re
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

# The tables with one row per sub-unit: a city has dozens of villages and
# townships with nothing to report, so printed copies list only units with a figure.
PER_UNIT_TABLES = ("by_sub_unit", "legal_aid_by_sub_unit", "hardship_by_sub_unit", "outreach_by_sub_unit")
# "三、" in Chinese reports, "3. " in English ones.
SECTION_NUMBER = re.compile(r"^(?:(?P<zh>[一二三四五六七八九十]+)、|(?P<en>\d+)\.\s)")
UNLISTED_UNITS = {
    "zh-hans": "其余{n}个单位本期和去年同期均无数据，未列出。",
    "en": "{n} other units had no figures this period or a year earlier and are not listed.",
}


@dataclass(frozen=True)
class Paragraph:
    key: str  # stable identifier, e.g. "petitions.received"
    text: str
    level: int = 0  # 0 body text, 1 section heading (一、), 2 sub-heading ((一)), 3 numbered item (1、)
    generated: bool = True  # written from the figures; False: free text a person writes


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    sheet: str = ""  # XLSX sheet (one per domain)
    percent_columns: list[int] = field(default_factory=list)  # columns holding percentages (95.6)
    percent_cells: list[list[int]] = field(default_factory=list)  # [row, column] of single percentages
    note: str = ""  # printed below the table

    def percent_at(self, row: int, column: int) -> bool:
        return column in self.percent_columns or [row, column] in self.percent_cells

    @property
    def marked_rows(self) -> list[list[tuple]]:
        """Each cell as (value, is a percentage), for templates."""
        return [[(v, self.percent_at(r, c)) for c, v in enumerate(row)] for r, row in enumerate(self.rows)]


@dataclass
class ReportDocument:
    title: str
    paragraphs: list[Paragraph]
    tables: list[Table] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)  # the unit and the date, right-aligned at the end
    language: str = "zh-hans"

    def as_dict(self) -> dict:
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "ReportDocument":
        return cls(
            title=data["title"],
            paragraphs=[Paragraph(**p) for p in data["paragraphs"]],
            tables=[Table(**t) for t in data.get("tables", [])],
            signature=list(data.get("signature", [])),
            language=data.get("language", "zh-hans"),
        )

    def paragraph(self, key: str) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.key == key), None)

    def printable(self) -> "ReportDocument":
        """The document as a reader gets it, on paper or on screen.

        A section whose text is empty (a free-text section nobody wrote) is left
        out with its heading, and the headings after it are renumbered so that
        一、二、三 stay continuous; the sub-unit tables list only units with a figure.
        """
        sections: list[list[Paragraph]] = [[]]
        for paragraph in self.paragraphs:
            if paragraph.level == 1:
                sections.append([paragraph])
            elif paragraph.text.strip():
                sections[-1].append(paragraph)
        paragraphs, number = list(sections[0]), 0
        for heading, *body in sections[1:]:
            if body:
                number += 1
                paragraphs += [replace(heading, text=_renumbered(heading.text, number)), *body]
        tables = [_without_empty_units(t, self.language) if t.key in PER_UNIT_TABLES else t for t in self.tables]
        return replace(self, paragraphs=paragraphs, tables=tables)

    def text(self) -> str:
        return "\n".join([self.title, *(p.text for p in self.paragraphs), *self.signature])


def _renumbered(text: str, number: int) -> str:
    match = SECTION_NUMBER.match(text)
    if match is None:
        return text
    prefix = f"{number}. " if match["en"] else f"{chinese_numeral(number)}、"
    return prefix + text[match.end() :]


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (up to 99)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _without_empty_units(table: Table, language: str) -> Table:
    """Drop the rows whose figures are all zero (this period and last year); say how many were dropped."""
    kept = [i for i, row in enumerate(table.rows) if any(value not in (None, "", 0) for value in row[1:])]
    dropped = len(table.rows) - len(kept)
    if not dropped:
        return table
    rows = [table.rows[i] for i in kept]
    cells = [[kept.index(r), c] for r, c in table.percent_cells if r in kept]
    note = UNLISTED_UNITS.get(language, UNLISTED_UNITS["en"]).format(n=dropped)
    return replace(table, rows=rows, percent_cells=cells, note=note)


def _jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
