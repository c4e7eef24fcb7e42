"""Exports above the direct limit become jobs; the file is the same as the streamed one would be."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from directory.models import AccessLog
from hardship.services import record_assistance
from jobs.exports import run_export
from jobs.models import Job
from jobs.services import start_job
from tests.factories import PersonFactory
from tests.legal_aid.factories import make_case
from tests.petitions.factories import make_petition


@pytest.fixture
def big(settings):
    """Every export of more than one row is 'large'."""
    settings.JOBS_EXPORT_DIRECT_MAX_ROWS = 1


def _body(client, job):
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _csv(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))


def test_a_small_export_still_streams_at_once(client_for, handler_a, township_a):
    make_petition(unit=township_a, by=handler_a)
    response = client_for(handler_a).get("/petitions/export/csv/")
    assert response.status_code == 200 and response.streaming
    assert not Job.objects.exists()


def test_a_large_petition_export_becomes_a_job_whose_file_has_every_visible_row(
    big, client_for, handler_a, township_a, township_b, clerk_b
):
    refs = sorted(make_petition(unit=township_a, by=handler_a).reference for _ in range(3))
    make_petition(unit=township_b, by=clerk_b)
    client = client_for(handler_a)
    response = client.get("/petitions/export/csv/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.rows_done, job.rows_total) == ("done", 3, 3)
    rows = _csv(_body(client, job))
    assert len(rows[0]) == 15
    assert sorted(r[0] for r in rows[1:]) == refs


def test_the_job_keeps_the_filter_and_is_logged_as_an_export_and_as_a_download(big, client_for, handler_a, township_a):
    for channel in ("visit", "visit", "letter"):
        make_petition(unit=township_a, by=handler_a, channel=channel)
    client = client_for(handler_a)
    client.get("/petitions/export/csv/?channel=visit")
    job = Job.objects.get()
    assert len(_csv(_body(client, job))) == 1 + 2
    export = AccessLog.objects.get(action="export")
    assert export.detail["rows"] == 2 and export.detail["job"] == job.pk
    assert export.detail["filter"] == {"channel": ["visit"]}
    assert AccessLog.objects.filter(action="download", object_id=str(job.pk)).count() == 1


def test_a_manager_gets_masked_identifiers_in_the_job_file(big, client_for, manager_a, township_a, handler_a):
    person = PersonFactory(org_unit=township_a, id_number="440282198805170026", phone="13922223333")
    make_petition(unit=township_a, by=handler_a, person=person)
    make_petition(unit=township_a, by=handler_a)
    client = client_for(manager_a)
    client.get("/petitions/export/csv/")
    body = _body(client, Job.objects.get()).decode("utf-8")
    assert "440282********0026" in body and "440282198805170026" not in body
    assert "139****3333" in body


def test_the_xlsx_job_keeps_identifiers_as_text_and_names_never_run_as_formulas(big, client_for, handler_a, township_a):
    person = PersonFactory(org_unit=township_a, full_name="=1+2", id_number="440282198805170026")
    make_petition(unit=township_a, by=handler_a, person=person)
    make_petition(unit=township_a, by=handler_a)
    client = client_for(handler_a)
    client.get("/petitions/export/xlsx/")
    sheet = load_workbook(io.BytesIO(_body(client, Job.objects.get()))).active
    cells = [row for row in sheet.iter_rows(min_row=2) if row[5].value == "440282198805170026"][0]
    assert cells[5].number_format == "@" and cells[5].data_type == "s"
    assert cells[4].value == "=1+2" and cells[4].data_type == "s" and cells[4].quotePrefix


def test_another_units_handler_cannot_download_the_export(big, client_for, handler_a, handler_b, township_a):
    make_petition(unit=township_a, by=handler_a)
    make_petition(unit=township_a, by=handler_a)
    client_for(handler_a).get("/petitions/export/csv/")
    job = Job.objects.get()
    assert client_for(handler_b).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_an_owner_who_may_no_longer_export_gets_a_failed_job_with_a_reason(clerk_a):
    job = start_job(
        by=clerk_a,
        kind="export",
        title="x",
        runner=run_export,
        parameters={"path": "/petitions/export/csv/", "query": "", "fmt": "csv"},
    )
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "您已无权导出这些记录。"


def test_a_large_hardship_export_becomes_a_job_too(big, client_for, handler_a, make_programme, make_household):
    spring = make_programme()
    for day in (2, 3):
        record_assistance(
            by=handler_a, programme=spring, household=make_household(), given_on=date(2025, 1, day), cash=Decimal(100)
        )
    client = client_for(handler_a)
    assert client.get("/hardship/assistance/", {"format": "csv"}).status_code == 302
    rows = _csv(_body(client, Job.objects.get()))
    assert sorted(r[0] for r in rows[1:]) == ["2025-01-02", "2025-01-03"]


def test_a_large_legal_aid_export_becomes_a_job_too(big, client_for, handler_a, village_a):
    for cause in ("custody", "divorce"):
        make_case(unit=village_a, by=handler_a, cause=cause)
    client = client_for(handler_a)
    assert client.get("/legal-aid/cases/export.xlsx").status_code == 302
    sheet = load_workbook(io.BytesIO(_body(client, Job.objects.get()))).active
    assert sheet.max_row == 3
