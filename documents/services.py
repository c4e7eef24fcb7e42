"""Issuing a document, and saving a new version of a template."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from directory.models import OrgUnit
from petitions.models import Petition
from petitions.services import add_note

from .document import OfficialDocument, paragraphs_of
from .kinds import KINDS, Kind, applicable, fill_sheet, fill_values
from .models import DocumentProfile, DocumentTemplate, IssuedDocument, NumberCounter
from .placeholders import chinese_date, document_number, fill, problems


class NotApplicable(Exception):
    """The record is not in a state where this document makes sense (or is voided)."""


class NoTemplate(Exception):
    """No template was ever saved for the kind."""


def issuer_of(unit: OrgUnit) -> tuple[str, str]:
    """(issuing authority as printed, number prefix) for a unit."""
    profile = DocumentProfile.objects.filter(org_unit=unit).first()
    issuer = (profile.issuer if profile else "") or f"{unit.name}妇联"
    return issuer, (profile.number_prefix if profile else "")


def next_serial(*, org_unit: OrgUnit, kind: str, year: int) -> int:
    """The next number of `kind` for the unit and year; call inside the transaction that uses it.

    The counter row is locked (SELECT … FOR UPDATE on PostgreSQL) until the
    transaction ends, so two clerks issuing at once queue on it and get
    consecutive numbers; if the issuing transaction rolls back, so does the
    increment, and the number is given to the next document instead of being
    lost. (A database sequence would be faster but leaves a gap on every rollback.)
    """
    NumberCounter.objects.get_or_create(org_unit=org_unit, kind=kind, year=year)
    counter = NumberCounter.objects.select_for_update().get(org_unit=org_unit, kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def issue_document(*, kind: Kind, record, by, on: date, reason: str = "") -> IssuedDocument:
    """Fill the kind's current template from the record, number it, render DOCX and PDF, and store the copy."""
    record = type(record).objects.select_related(*kind.related).get(pk=record.pk)
    if not applicable(kind, record):
        raise NotApplicable(kind.code)
    template = DocumentTemplate.objects.current(kind.code)
    if template is None:
        raise NoTemplate(kind.code)
    unit = record.org_unit
    issuer, prefix = issuer_of(unit)
    serial = number = None
    if template.number_word:
        serial = next_serial(org_unit=unit, kind=kind.code, year=on.year)
        number = document_number(prefix=prefix, year=on.year, word=template.number_word, serial=serial)
    values = {
        **fill_values(kind, record, by),
        "发文机关": issuer,
        "文号": number or "",
        "成文日期": chinese_date(on),
        "经办人": by.get_full_name() or by.username,
    }
    # python-docx and reportlab are loaded by the process that issues a document, not by every page.
    from .render import render_docx, render_pdf

    document = OfficialDocument(
        issuer=issuer,
        title=fill(template.title, values),
        number=number or "",
        paragraphs=paragraphs_of(fill(template.body, values)),
        dated=on,
        sheet=fill_sheet(kind, record, by),
    )
    issued = IssuedDocument.objects.create(
        org_unit=unit,
        kind=kind.code,
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        title=document.title[:100],
        year=on.year,
        serial=serial,
        number=number or "",
        template=template,
        issued_on=on,
        issued_by=by,
        reason=reason[:200],
        docx=render_docx(document),
        pdf=render_pdf(document),
    )
    if kind.model is Petition:
        # On the petition's timeline, as every step is; a note changes nothing else on the petition.
        add_note(petition=record, by=by, on=on, text=f"出具《{issued.title}》{number or ''}".strip())
    return issued


def template_problems(kind: Kind, *, title: str, body: str) -> list[str]:
    return problems(title, kind.allowed) + problems(body, kind.allowed)


@transaction.atomic
def save_template(*, kind: Kind, by, title: str, body: str, number_word: str = "", note: str = "") -> DocumentTemplate:
    """Save the text as the kind's new current version; an unknown placeholder is refused."""
    errors = template_problems(kind, title=title, body=body)
    if errors:
        raise ValidationError(errors)
    if not body.strip() or not title.strip():
        raise ValidationError("A template needs a title and a text.")
    # Versions of one kind are numbered in order; the unique constraint refuses a concurrent duplicate.
    last = DocumentTemplate.objects.filter(kind=kind.code).aggregate(n=Max("version"))["n"] or 0
    return DocumentTemplate.objects.create(
        kind=kind.code,
        version=last + 1,
        title=title.strip(),
        body=body.strip(),
        number_word=number_word.strip(),
        note=note.strip(),
        created_by=by,
    )


def kind_or_none(code: str) -> Kind | None:
    return KINDS.get(code)
