"""A large ledger (above LEDGER_DIRECT_MAX_ROWS) is checked and imported by background jobs."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Person
from directory.privacy import can_view_identifiers, mask_id_number
from jobs.models import Job
from ledger.models import ImportBatch
from ledger.services import cancel_batch, preview_file
from petitions.models import Petition
from tests.factories import PersonFactory

from .files import csv_bytes, petition_rows

N = 12


@pytest.fixture
def small_threshold(settings):
    settings.LEDGER_DIRECT_MAX_ROWS = 5


def _upload(client, unit, data, name="大台账.csv"):
    return client.post(
        reverse("ledger:upload"),
        {"kind": "petitions", "encoding": "auto", "unit": unit.pk, "file": SimpleUploadedFile(name, data)},
    )


def _comparable(rows):
    return [(r["line"], r["status"], r["values"], r["errors"], r["summary"]) for r in rows]


def test_a_large_file_is_checked_and_imported_by_jobs_with_the_direct_result(
    small_threshold, client_for, clerk_a, township_a
):
    rows = petition_rows(N)
    data = csv_bytes(rows)
    direct = preview_file(by=clerk_a, unit=township_a, kind="petitions", data=data, file_name="大台账.csv")
    cancel_batch(batch=direct, by=clerk_a)
    client = client_for(clerk_a)

    response = _upload(client, township_a, data)

    batch = ImportBatch.objects.exclude(pk=direct.pk).get()
    assert response.url == batch.get_absolute_url()
    check = batch.job
    assert (check.kind, check.status, check.owner) == (Job.Kind.IMPORT, Job.Status.DONE, clerk_a)
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert _comparable(batch.rows) == _comparable(direct.rows)
    assert batch.counts == direct.counts == {"new": N, "duplicate": 0, "error": 0, "people_found": 0}
    # The job's file is the row-by-row result; the batch page links it.
    page = client.get(batch.get_absolute_url()).content.decode()
    assert reverse("jobs:download", args=[check.pk]) in page
    download = client.get(reverse("jobs:download", args=[check.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    values = list(sheet.values)
    assert len(values) == N + 1
    assert values[1][0] == 2 and values[1][1] == "新增"
    assert values[1][3] == (rows[0][4] if can_view_identifiers(clerk_a) else mask_id_number(rows[0][4]))

    response = client.post(reverse("ledger:confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.job != check
    assert (batch.job.kind, batch.job.status, batch.job.result_name) == (Job.Kind.IMPORT, Job.Status.DONE, "")
    assert batch.status == ImportBatch.Status.IMPORTED
    assert batch.counts["imported"] == N
    assert sorted(Petition.objects.values_list("facts", flat=True)) == sorted(r[8] for r in rows)
    assert Person.objects.count() == N
    page = client.get(batch.get_absolute_url()).content.decode()
    assert f"已导入: {N}" in page.replace("：", ": ") or f"imported: {N}" in page


def test_a_failing_import_in_a_job_writes_nothing_and_shows_every_error(
    small_threshold, client_for, clerk_a, township_a, township_b
):
    rows = petition_rows(N)
    client = client_for(clerk_a)
    _upload(client, township_a, csv_bytes(rows))
    batch = ImportBatch.objects.get()
    assert batch.counts["error"] == 0
    # Meanwhile another township registers two of the women: those rows can no longer be imported.
    for index in (2, 7):
        PersonFactory(full_name=rows[index][2], id_number=rows[index][4], org_unit=township_b)

    client.post(reverse("ledger:confirm", args=[batch.pk]))

    batch.refresh_from_db()
    job = batch.job
    assert job.status == Job.Status.FAILED
    assert Petition.objects.count() == 0
    assert Person.objects.count() == 2
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.counts["error"] == 2
    assert [r["line"] for r in batch.rows if r["status"] == "error"] == [4, 9]
    assert "4" in job.error and "9" in job.error
    page = client.get(batch.get_absolute_url() + "?show=error").content.decode()
    assert page.count("row-error") == 2
    assert job.error in page
    assert reverse("ledger:confirm", args=[batch.pk]) not in page


def test_a_small_file_is_still_checked_within_the_request(client_for, clerk_a, township_a):
    _upload(client_for(clerk_a), township_a, csv_bytes(petition_rows(3)))
    batch = ImportBatch.objects.get()
    assert batch.job is None
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert Job.objects.count() == 0


def test_an_unreadable_large_file_fails_its_job_with_the_reason(small_threshold, client_for, clerk_a, township_a):
    data = "\n".join(["甲,乙"] * 20).encode("utf-8")
    _upload(client_for(clerk_a), township_a, data)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.UNREADABLE
    assert batch.job.status == Job.Status.FAILED
    page = client_for(clerk_a).get(batch.get_absolute_url()).content.decode()
    assert batch.job.error in page
    assert reverse("ledger:confirm", args=[batch.pk]) not in page


def test_while_the_job_runs_the_batch_page_shows_its_progress_to_its_owner_and_offers_no_import(
    client_for, clerk_a, manager_a, township_a
):
    job = Job.objects.create(
        owner=clerk_a,
        kind=Job.Kind.IMPORT,
        title="导入",
        runner="ledger.background.import_ledger",
        status=Job.Status.RUNNING,
        rows_done=1000,
        rows_total=4000,
    )
    batch = preview_file(
        by=clerk_a, unit=township_a, kind="petitions", data=csv_bytes(petition_rows(3)), file_name="a.csv"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)

    page = client_for(clerk_a).get(batch.get_absolute_url()).content.decode()
    assert f'data-job-poll="{reverse("jobs:status", args=[job.pk])}"' in page
    assert "data-job-reload" in page
    assert 'value="25"' in page
    assert reverse("ledger:confirm", args=[batch.pk]) not in page
    # Another user sees that it runs, but does not poll a job that is not hers.
    other = client_for(manager_a).get(batch.get_absolute_url()).content.decode()
    assert "data-job-poll" not in other
    assert job.get_status_display() in other
    assert client_for(clerk_a).post(reverse("ledger:confirm", args=[batch.pk])).status_code == 302
    assert Job.objects.count() == 1
    assert Petition.objects.count() == 0
