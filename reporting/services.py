"""Writes of the reporting app: drafts are edited, then issued and frozen."""

from dataclasses import replace

from django.db import transaction
from django.db.models import Max

from directory.locking import lock_for_update, save_new_version
from directory.periods import Period

from .document import ReportDocument
from .models import IssuedReport, ReportDraft


@transaction.atomic
def create_draft(*, unit, period: Period, language: str, document: ReportDocument, figures: dict, by) -> ReportDraft:
    """Store a freshly generated summary, with the figures it was written from, as a new draft.

    Issued versions are never touched: regenerating makes another draft.
    """
    draft = ReportDraft(
        org_unit=unit,
        period_start=period.start,
        period_end=period.end,
        period_kind=period.kind,
        language=language,
        document=document.as_dict(),
        figures=figures,
        created_by=by,
    )
    draft._history_user = by
    draft.save()
    return draft


@transaction.atomic
def edit_draft(*, draft: ReportDraft, by, expected_version: int | None, texts: dict[str, str]) -> ReportDraft:
    """Replace paragraph texts by key; an edited generated paragraph becomes the writer's own text."""
    locked = lock_for_update(draft, expected_version)
    document = ReportDocument.from_dict(locked.document)
    paragraphs = []
    for paragraph in document.paragraphs:
        text = texts.get(paragraph.key, paragraph.text).strip()
        if text != paragraph.text:
            paragraph = replace(paragraph, text=text, generated=False)
        paragraphs.append(paragraph)
    document.paragraphs = paragraphs
    locked.document = document.as_dict()
    locked._history_user = by
    return save_new_version(locked, ["document"])


@transaction.atomic
def issue_draft(*, draft: ReportDraft, by) -> IssuedReport:
    """Freeze the draft's text, the figures it was generated from and its files as the next version."""
    locked = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    document = ReportDocument.from_dict(locked.document)
    same = IssuedReport.objects.filter(
        org_unit=locked.org_unit,
        period_start=locked.period_start,
        period_end=locked.period_end,
        language=locked.language,
    )
    number = (same.aggregate(n=Max("number"))["n"] or 0) + 1
    # python-docx, reportlab and openpyxl are loaded where a report is issued, not with every page.
    from .render import render_docx, render_pdf, render_xlsx

    return IssuedReport.objects.create(
        org_unit=locked.org_unit,
        period_start=locked.period_start,
        period_end=locked.period_end,
        period_kind=locked.period_kind,
        language=locked.language,
        number=number,
        document=locked.document,
        figures=locked.figures,
        docx=render_docx(document),
        pdf=render_pdf(document),
        xlsx=render_xlsx(document),
        draft=locked,
        issued_by=by,
    )
