"""The 导入台账 pages: upload, preview, confirm, cancel, the list, undo."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.models import ImportBatch
from ledger.services import preview_file, run_import
from petitions.models import Petition

from .files import csv_bytes, petition_rows, xlsx_bytes


def _upload(client, unit, data, name="台账.csv", encoding="auto"):
    return client.post(
        reverse("ledger:upload"),
        {"kind": "petitions", "encoding": encoding, "unit": unit.pk, "file": SimpleUploadedFile(name, data)},
    )


def _batch(user, unit, n=3):
    return preview_file(by=user, unit=unit, kind="petitions", data=csv_bytes(petition_rows(n)), file_name="台账.csv")


def test_the_navigation_offers_import_to_a_clerk(client_for, clerk_a):
    page = client_for(clerk_a).get(reverse("petitions:list")).content.decode()
    assert reverse("ledger:batches") in page
    assert "导入台账" in page


def test_uploading_shows_the_preview_and_writes_nothing(client_for, clerk_a, township_a):
    response = _upload(client_for(clerk_a), township_a, csv_bytes(petition_rows(3)))

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == batch.get_absolute_url()
    page = client_for(clerk_a).get(response.url).content.decode()
    assert "陈秀英0" in page
    assert "导入" in page
    assert Petition.objects.count() == 0


def test_an_unreadable_file_is_refused_on_the_form_with_a_message(client_for, clerk_a, township_a):
    response = _upload(client_for(clerk_a), township_a, b"\x00\x01 not a ledger", name="x.csv", encoding="utf-8")

    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_the_preview_lists_each_error_with_its_column_and_offers_no_import(client_for, clerk_a, township_a):
    rows = petition_rows(2)
    rows[1][1] = "明天"
    _upload(client_for(clerk_a), township_a, csv_bytes(rows))
    batch = ImportBatch.objects.get()

    page = client_for(clerk_a).get(batch.get_absolute_url() + "?show=error").content.decode()

    assert "登记日期" in page
    assert "“明天”" in page
    assert reverse("ledger:confirm", args=[batch.pk]) not in page


def test_confirming_imports_the_batch(client_for, clerk_a, township_a):
    batch = _batch(clerk_a, township_a)

    response = client_for(clerk_a).post(reverse("ledger:confirm", args=[batch.pk]))

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Petition.objects.count() == 3


def test_confirm_by_get_is_refused(client_for, clerk_a, township_a):
    batch = _batch(clerk_a, township_a)
    assert client_for(clerk_a).get(reverse("ledger:confirm", args=[batch.pk])).status_code == 405


def test_another_units_batch_is_404(client_for, clerk_a, clerk_b, township_a):
    batch = _batch(clerk_a, township_a)
    client = client_for(clerk_b)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("ledger:confirm", args=[batch.pk])).status_code == 404
    assert Petition.objects.count() == 0


def test_an_auditor_may_not_import(client_for, township_a):
    from directory.roles import Role
    from tests.factories import UserFactory

    auditor = UserFactory(staff=(township_a, Role.AUDITOR))
    assert client_for(auditor).get(reverse("ledger:batches")).status_code == 403


def test_cancelling_drops_the_preview_and_its_rows(client_for, clerk_a, township_a):
    batch = _batch(clerk_a, township_a)

    client_for(clerk_a).post(reverse("ledger:cancel", args=[batch.pk]))

    batch.refresh_from_db()
    assert (batch.status, batch.rows) == (ImportBatch.Status.CANCELLED, [])


def test_a_manager_undoes_an_import_and_its_petitions_are_voided(client_for, clerk_a, manager_a, township_a):
    batch = run_import(_batch(clerk_a, township_a), by=clerk_a)

    client_for(manager_a).post(reverse("ledger:undo", args=[batch.pk]), {"reason": "重复导入"})

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert Petition.objects.active().count() == 0


def test_a_handler_may_not_undo_someone_elses_import(client_for, clerk_a, handler_a, township_a):
    batch = run_import(_batch(clerk_a, township_a), by=clerk_a)

    response = client_for(handler_a).post(reverse("ledger:undo", args=[batch.pk]), {"reason": "x"})

    assert response.status_code == 403
    assert Petition.objects.active().count() == 3


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_names_the_columns_in_chinese(client_for, clerk_a, fmt):
    response = client_for(clerk_a).get(reverse("ledger:template", args=["petitions", fmt]))

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        header = [c.value for c in next(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(max_row=1))]
    else:
        header = body.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["来访日期", "信访形式", "姓名"]


def test_the_downloaded_template_filled_in_imports(client_for, clerk_a, township_a):
    body = client_for(clerk_a).get(reverse("ledger:template", args=["petitions", "xlsx"])).content

    batch = preview_file(by=clerk_a, unit=township_a, kind="petitions", data=body, file_name="信访台账.xlsx")

    assert batch.rows[0]["errors"] == []
    assert batch.counts["new"] == 1


@pytest.mark.parametrize("n", [3, 30])
def test_the_preview_page_runs_a_fixed_number_of_queries(client_for, clerk_a, township_a, n, django_assert_num_queries):
    batch = _batch(clerk_a, township_a, n)
    client = client_for(clerk_a)
    client.get(batch.get_absolute_url())
    with django_assert_num_queries(4):
        client.get(batch.get_absolute_url())


@pytest.mark.parametrize("n", [1, 4])
def test_the_list_runs_a_fixed_number_of_queries(client_for, clerk_a, township_a, n, django_assert_num_queries):
    for _ in range(n):
        _batch(clerk_a, township_a, 1)
    client = client_for(clerk_a)
    client.get(reverse("ledger:batches"))
    with django_assert_num_queries(5):
        response = client.get(reverse("ledger:batches"))
    assert response.content.decode().count("台账.csv") == n


def test_an_xlsx_upload_through_the_page_is_previewed(client_for, clerk_a, township_a):
    _upload(client_for(clerk_a), township_a, xlsx_bytes(petition_rows(2)), name="台账.xlsx")
    assert ImportBatch.objects.get().counts["new"] == 2
