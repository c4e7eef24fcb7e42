import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.attachments import validate_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_pdf_and_png_are_accepted_by_their_content():
    assert validate_upload(SimpleUploadedFile("letter.pdf", PDF)) == "application/pdf"
    assert validate_upload(SimpleUploadedFile("photo.png", PNG)) == "image/png"


def test_a_script_named_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("letter.pdf", b"#!/bin/sh\nrm -rf /\n"))
    assert error.value.code == "type"


def test_a_zip_that_is_not_an_office_document_is_refused():
    zipped = b"PK\x03\x04" + b"\x00" * 60
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("stuff.zip", zipped))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert error.value.code == "too_large"
