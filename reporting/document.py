"""A work report as data: paragraphs and tables, independent of any file format.

The narrative and the tables are built into a `ReportDocument`; the renderers
in `reporting/render.py` turn one into DOCX, PDF, XLSX, CSV or Markdown. An
issued report freezes the document as JSON (`as_dict`), so it renders again
exactly as issued whatever happens to the data later.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal


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

    def text(self) -> str:
        return "\n".join([self.title, *(p.text for p in self.paragraphs), *self.signature])


def _jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
