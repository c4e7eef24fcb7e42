"""Importing a petitions ledger: preview first, then all or nothing, then undo."""

from datetime import date

import pytest

from directory.models import Person
from directory.periods import Period
from ledger.models import ImportBatch
from ledger.services import BatchError, preview_file, run_import, undo_batch
from petitions.models import Petition
from reporting.summary import build_summary
from tests.factories import PersonFactory

from .files import HEADER, csv_bytes, petition_rows, xlsx_bytes


def _preview(user, unit, data, name="台账.csv", **kwargs):
    return preview_file(by=user, unit=unit, kind="petitions", data=data, file_name=name, **kwargs)


def test_a_gbk_csv_is_previewed_without_writing_anything(clerk_a, township_a):
    batch = _preview(clerk_a, township_a, csv_bytes(petition_rows(3)))

    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.encoding == "gbk"
    assert batch.counts == {"new": 3, "duplicate": 0, "error": 0, "people_found": 0}
    assert [row["line"] for row in batch.rows] == [2, 3, 4]
    assert batch.rows[0]["values"]["received_on"] == "2025-03-08"
    assert Petition.objects.count() == 0
    assert Person.objects.count() == 0


def test_confirming_registers_each_petition_with_its_petitioner_through_the_service(clerk_a, township_a):
    batch = _preview(clerk_a, township_a, csv_bytes(petition_rows(3)))

    batch = run_import(batch, by=clerk_a)

    assert batch.status == ImportBatch.Status.IMPORTED
    petitions = Petition.objects.order_by("received_on")
    assert [p.reference for p in petitions] == ["440282001-2025-0001", "440282001-2025-0002", "440282001-2025-0003"]
    first = petitions[0]
    assert first.org_unit == township_a
    assert first.channel == Petition.Channel.VISIT
    assert (first.category.name, first.subcategory.name) == ("婚姻家庭", "家庭暴力")
    assert first.decision_due_on == date(2025, 3, 24)  # 15 days, the 23rd a Sunday
    assert first.petitioners.get().full_name == "陈秀英0"
    assert first.history.count() == 1
    assert first.actions.get().kind == "register"
    assert batch.records.count() == 3


def test_an_xlsx_with_a_merged_title_row_and_a_totals_row_reads_only_the_ledger_rows(clerk_a, township_a):
    batch = _preview(clerk_a, township_a, xlsx_bytes(petition_rows(2)), name="台账.xlsx")

    assert batch.encoding == "xlsx"
    assert [row["line"] for row in batch.rows] == [3, 4]
    assert batch.counts["new"] == 2


def test_real_date_cells_and_serial_numbers_in_an_xlsx_are_dates(clerk_a, township_a):
    rows = petition_rows(2)
    rows[0][1], rows[1][1] = date(2025, 4, 1), 45748
    batch = _preview(clerk_a, township_a, xlsx_bytes(rows), name="台账.xlsx")

    assert [row["values"]["received_on"] for row in batch.rows] == ["2025-04-01", "2025-04-01"]


def test_a_file_with_bad_rows_lists_every_error_with_its_line_and_column_and_imports_nothing(clerk_a, township_a):
    rows = petition_rows(4)
    rows[0][4] = "440282198805170025"  # wrong check character
    rows[1][1] = "3月8日"
    rows[2][7] = "天气"
    rows[2][5] = "12345"
    batch = _preview(clerk_a, township_a, csv_bytes(rows))

    assert batch.counts["error"] == 3
    errors = {(row["line"], e["column"]) for row in batch.rows for e in row["errors"]}
    assert errors == {(2, "身份证号码"), (3, "登记日期"), (4, "问题类别"), (4, "电话")}
    with pytest.raises(BatchError):
        run_import(batch, by=clerk_a)
    assert Petition.objects.count() == 0
    assert Person.objects.count() == 0


def test_a_file_without_a_required_column_is_refused_naming_it(clerk_a, township_a):
    header = [h for h in HEADER if h != "问题类别"]
    rows = [row[:7] + row[8:] for row in petition_rows(1)]
    with pytest.raises(Exception, match="问题类别"):
        _preview(clerk_a, township_a, csv_bytes(rows, header=header))


def test_reimporting_the_same_file_finds_every_row_a_duplicate_and_doubles_nothing(clerk_a, township_a):
    data = csv_bytes(petition_rows(3))
    run_import(_preview(clerk_a, township_a, data), by=clerk_a)

    again = _preview(clerk_a, township_a, data)

    assert again.counts["duplicate"] == 3
    assert again.rows[0]["duplicate"]["url"] == Petition.objects.order_by("pk").first().get_absolute_url()
    run_import(again, by=clerk_a)
    assert Petition.objects.count() == 3
    assert Person.objects.count() == 3


def test_a_row_repeated_in_the_file_is_a_duplicate_of_the_earlier_line(clerk_a, township_a):
    rows = petition_rows(1)
    batch = _preview(clerk_a, township_a, csv_bytes(rows + rows))

    assert batch.rows[1]["status"] == "duplicate"
    assert batch.rows[1]["duplicate"] == {"line": 2}


def test_an_existing_person_is_found_by_id_number_and_not_registered_again(clerk_a, township_a):
    rows = petition_rows(1)
    woman = PersonFactory(org_unit=township_a, id_number=rows[0][4], full_name="陈秀英0")
    batch = _preview(clerk_a, township_a, csv_bytes(rows))

    assert batch.rows[0]["person"]["url"] == woman.get_absolute_url()
    run_import(batch, by=clerk_a)
    assert Petition.objects.get().petitioners.get() == woman
    assert Person.objects.count() == 1


def test_an_id_number_registered_to_a_woman_of_another_name_is_an_error_naming_her_masked_record(
    client_for, clerk_a, township_a
):
    rows = petition_rows(2)
    other = PersonFactory(org_unit=township_a, id_number=rows[0][4], full_name="王桂兰")
    batch = _preview(clerk_a, township_a, csv_bytes(rows))

    row = batch.rows[0]
    assert row["status"] == "error"
    assert row["person"] is None
    assert row["errors"][0]["column"] == "身份证号码"
    assert "王桂兰" in row["errors"][0]["message"]
    assert "440282********" + other.id_number[-4:] in row["errors"][0]["message"]
    assert other.id_number not in row["errors"][0]["message"]
    assert batch.rows[1]["status"] == "new"
    page = client_for(clerk_a).get(batch.get_absolute_url()).content.decode()
    assert "已登记为另一人王桂兰" in page
    with pytest.raises(BatchError):
        run_import(batch, by=clerk_a)
    assert Petition.objects.count() == 0


def test_the_same_woman_named_with_spaces_is_still_found(clerk_a, township_a):
    rows = petition_rows(1)
    woman = PersonFactory(org_unit=township_a, id_number=rows[0][4], full_name="陈秀英0")
    rows[0][2] = "陈 秀英0"
    batch = _preview(clerk_a, township_a, csv_bytes(rows))
    assert batch.rows[0]["person"]["id"] == woman.pk


def test_rows_naming_another_units_office_are_errors(clerk_a, township_a, township_b):
    rows = [row + ["珠玑镇"] for row in petition_rows(2)]
    rows[1][-1] = "440282001"
    batch = _preview(clerk_a, township_a, csv_bytes(rows, header=HEADER + ["接待单位"]))

    assert batch.rows[0]["status"] == "error"
    assert batch.rows[0]["errors"][0]["column"] == "接待单位"
    assert batch.rows[1]["status"] == "new"


def test_undoing_a_batch_voids_its_petitions_with_history_and_the_summary_no_longer_counts_them(
    clerk_a, manager_a, township_a
):
    batch = run_import(_preview(clerk_a, township_a, csv_bytes(petition_rows(3))), by=clerk_a)

    undo_batch(batch=batch, by=manager_a, reason="导错了文件")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert Petition.objects.active().count() == 0
    assert Petition.objects.count() == 3
    petition = Petition.objects.first()
    assert "导错了文件" in petition.void_reason
    assert petition.history.first().voided_by == manager_a
    summary = build_summary(township_a, Period.year(2025), today=date(2026, 1, 10))
    assert summary.current.petitions.received == 0


def test_last_years_ledger_is_counted_by_that_years_work_summary(clerk_a, township_a):
    rows = petition_rows(5, start=date(2025, 6, 1))
    header = HEADER + ["办结日期", "办理结果"]
    rows = [row + ["2025-07-01", "调解达成协议"] for row in rows[:4]] + [rows[4] + ["", ""]]
    run_import(_preview(clerk_a, township_a, csv_bytes(rows, header=header)), by=clerk_a)

    summary = build_summary(township_a, Period.year(2025), today=date(2026, 1, 10))

    assert summary.current.petitions.received == 5
    assert summary.current.petitions.resolution_rate.numerator == 4
    assert Petition.objects.filter(status=Petition.Status.CONCLUDED, outcome="mediated").count() == 4


def test_the_preview_reads_people_and_earlier_petitions_per_chunk_not_per_row(clerk_a, township_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PersonFactory(org_unit=township_a)  # someone to find, or not
    counts = []
    for n in (10, 10, 60):
        with CaptureQueriesContext(connection) as queries:
            batch = _preview(clerk_a, township_a, csv_bytes(petition_rows(n)))
        assert batch.counts["new"] == n
        counts.append(len(queries))
    # The first preview also reads what is read once per process (content types …).
    assert counts[1] == counts[2]
