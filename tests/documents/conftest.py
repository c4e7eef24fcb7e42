import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from directory.roles import Role
from documents.kinds import KINDS
from documents.services import issue_document
from tests.factories import UserFactory
from tests.petitions.factories import make_petition


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one a line."""
    document = Document(io.BytesIO(bytes(data)))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    # Lines broken by the Chinese rules come back with newlines inside a sentence.
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(data))).pages).replace("\n", "")


@pytest.fixture
def accepted(township_a, handler_a):
    return make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3), accepted_on=date(2025, 3, 3))


@pytest.fixture
def issue(handler_a):
    def run(kind, record, on=date(2025, 3, 8), by=None, **options):
        return issue_document(kind=KINDS[kind], record=record, by=by or handler_a, on=on, **options)

    return run


@pytest.fixture
def admin_a(township_a):
    return UserFactory(username="admin_a", staff=(township_a, Role.ADMIN))
