"""The work summary written out in the shape of the source report.

Two writers, one per report language: the report's language is a property
of the document (a county federation may send an English version to a
partner), not of the screen, so each writer composes its own sentences from
the figures. Paragraphs whose figures are all zero are left out; the
sections no figure can write (problems, next steps) are free text. Both
writers share the tables (`tables.py`).
"""

from datetime import date

from django.utils import translation

from directory.periods import Period

from ..document import ReportDocument
from ..summary import WorkSummary, build_summary
from .en import write_en
from .zh import write_zh


def write(summary: WorkSummary, language: str) -> ReportDocument:
    return write_en(summary) if language == "en" else write_zh(summary)


def document_for(unit, period: Period, language: str, *, today: date):
    """Build the summary with labels in the report's language, and write it out."""
    with translation.override(language):
        summary = build_summary(unit, period, today=today)
        return summary, write(summary, language)
