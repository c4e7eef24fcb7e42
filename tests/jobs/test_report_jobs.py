"""A large report draft's DOCX/PDF/XLSX is made as a job; a small one downloads at once."""

import io
from datetime import date
from unittest import mock

import docx
import pytest

from jobs.models import Job
from jobs.services import execute
from reporting.files import start_draft_file_job
from reporting.models import ReportDraft
from tests.petitions.factories import make_petition

FORM = {"kind": "ytd", "year": 2025, "month": 9, "language": "zh-hans"}


@pytest.fixture
def draft(client_for, manager_a, handler_a, township_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 2, 3))
    client_for(manager_a).post("/reports/drafts/new/", {**FORM, "unit": township_a.pk})
    return ReportDraft.objects.latest("pk")


def test_a_small_drafts_file_downloads_at_once(client_for, manager_a, draft):
    response = client_for(manager_a).get(f"/reports/drafts/{draft.pk}/download/docx/")
    assert response.status_code == 200 and not Job.objects.exists()


def test_a_large_drafts_word_file_is_made_as_a_job_and_named_as_the_report(settings, client_for, manager_a, draft):
    settings.REPORT_JOB_MIN_ROWS = 0
    client = client_for(manager_a)
    response = client.get(f"/reports/drafts/{draft.pk}/download/docx/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done" and job.result_name == "雄州街道妇联_2025年1-9月_维权工作汇报_草稿v1.docx"
    download = client.get(f"/jobs/{job.pk}/download/")
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert any("雄州街道" in p.text for p in document.paragraphs)
    assert client.get(f"/reports/drafts/{draft.pk}/download/md/").status_code == 200  # text stays direct


def test_another_townships_manager_cannot_fetch_the_report_file(settings, client_for, manager_a, manager_b, draft):
    settings.REPORT_JOB_MIN_ROWS = 0
    client_for(manager_a).get(f"/reports/drafts/{draft.pk}/download/pdf/")
    job = Job.objects.get()
    assert client_for(manager_b).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_draft_edited_before_its_file_is_made_fails_with_a_reason(manager_a, draft):
    with mock.patch("jobs.services.dispatch"):  # the job waits in the queue …
        job = start_draft_file_job(draft=draft, fmt="pdf", by=manager_a)
    ReportDraft.objects.filter(pk=draft.pk).update(version=draft.version + 1)  # … while the draft is edited
    execute(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "重新下载" in job.error
