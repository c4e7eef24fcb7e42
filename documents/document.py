"""An official document's content, apart from its rendering.

`documents/render.py` turns one into DOCX and PDF through python-docx and
reportlab (some 26 MB with the report's renderer): the kinds, the services and
the pages import this module, and the renderer only where a document is issued.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Sheet:
    """A table in a document: a form's fields (two columns) or a sign-in sheet's rows."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # relative column widths
    row_height_mm: float = 0  # a sign-in sheet leaves room to sign


@dataclass(frozen=True)
class OfficialDocument:
    issuer: str
    title: str
    number: str
    paragraphs: list[str]
    dated: date
    sheet: Sheet | None = None

    def addressee(self) -> str | None:
        """The first line, when it ends with a colon, is the addressee (主送机关): flush left."""
        if self.paragraphs and self.paragraphs[0].rstrip().endswith(("：", ":")):
            return self.paragraphs[0]
        return None

    def body(self) -> list[str]:
        return self.paragraphs[1:] if self.addressee() else list(self.paragraphs)


def paragraphs_of(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
