import csv
import io

from django.test import RequestFactory
from openpyxl import load_workbook

from directory.exports import Column, export_response
from directory.models import AccessLog, Person
from tests.factories import PersonFactory

COLUMNS = [Column("姓名", lambda p: p.full_name), Column("电话", lambda p: p.phone)]


def _request(user):
    request = RequestFactory().get("/x/", {"q": "黄"})
    request.user = user
    return request


def test_csv_export_starts_with_a_bom_and_holds_exactly_the_rows_given(clerk_a, village_a):
    PersonFactory(org_unit=village_a, full_name="黄美玲", phone="13600000001")
    PersonFactory(org_unit=village_a, full_name="李玉兰")
    response = export_response(
        request=_request(clerk_a),
        queryset=Person.objects.filter(full_name="黄美玲"),
        columns=COLUMNS,
        fmt="csv",
        basename="people",
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body.lstrip("\ufeff")))) == [["姓名", "电话"], ["黄美玲", "13600000001"]]
    log = AccessLog.objects.get()
    assert log.action == "export" and log.detail["rows"] == 1 and log.detail["filter"] == {"q": ["黄"]}


def test_xlsx_export_opens_with_the_rows(clerk_a, village_a):
    PersonFactory.create_batch(3, org_unit=village_a)
    response = export_response(
        request=_request(clerk_a),
        queryset=Person.objects.order_by("pk"),
        columns=COLUMNS,
        fmt="xlsx",
        basename="people",
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0] == ("姓名", "电话") and len(rows) == 4
