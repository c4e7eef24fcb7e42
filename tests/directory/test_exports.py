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


RISKY = [
    Column("姓名", lambda p: p.full_name),
    Column("身份证号", lambda p: p.id_number),
    Column("备注", lambda p: p.address),
    Column("差额", lambda p: -5),
    Column("电话", lambda p: p.phone),
]


def _export(user, fmt):
    return export_response(
        request=_request(user), queryset=Person.objects.order_by("pk"), columns=RISKY, fmt=fmt, basename="people"
    )


def test_csv_keeps_id_numbers_whole_and_never_runs_what_a_user_typed(clerk_a, village_a):
    PersonFactory(
        org_unit=village_a, full_name="=HYPERLINK(\"http://x\",\"点我\")", id_number="440282198805170028",
        address="@SUM(1+1)", phone="07511234567", birth_date=None,
    )  # fmt: skip
    PersonFactory(org_unit=village_a, full_name="-黄美玲", address="+86 转 12", birth_date=None)
    PersonFactory(org_unit=village_a, full_name="\t=1+1", address="-12.5", birth_date=None)
    body = b"".join(_export(clerk_a, "csv").streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    # A leading tab: the spreadsheet reads text (all 18 digits, the landline's 0), and shows no tab.
    assert rows[1][1] == "\t440282198805170028" and rows[1][4] == "\t07511234567"
    # What starts like a formula gets the apostrophe: shown, never evaluated.
    assert rows[1][0] == '\'=HYPERLINK("http://x","点我")' and rows[1][2] == "'@SUM(1+1)"
    assert rows[2][0] == "'-黄美玲" and rows[2][2] == "'+86 转 12" and rows[3][0] == "'\t=1+1"
    # Numbers stay numbers, negative or not, whether the app gives them as numbers or text.
    assert rows[1][3] == "-5" and rows[3][2] == "-12.5"
    assert rows[2][4].isdigit() and len(rows[2][4]) == 11  # a mobile number survives as a number


def test_xlsx_types_id_numbers_and_formula_like_text_as_text(clerk_a, village_a):
    PersonFactory(
        org_unit=village_a, full_name="=1+1", id_number="440282198805170028", address="备注",
        birth_date=None,
    )  # fmt: skip
    sheet = load_workbook(io.BytesIO(b"".join(_export(clerk_a, "xlsx").streaming_content))).active
    name, id_number, note, difference, _phone = sheet[2]
    assert name.value == "=1+1" and name.data_type == "s" and name.quotePrefix  # text, not a formula
    assert id_number.value == "440282198805170028" and id_number.data_type == "s"
    assert id_number.number_format == "@"
    assert note.value == "备注" and not note.quotePrefix
    assert difference.value == -5 and difference.data_type == "n"


def test_xlsx_writer_keeps_each_kind_of_value_as_a_spreadsheet_reads_it():
    import datetime
    from decimal import Decimal

    from directory.exports import write_xlsx

    out = io.BytesIO()
    rows = [
        [
            "  前后有空格 ",
            "a & b <c>",
            "第一行\r\n第二行",
            "铃\x07声",
            True,
            Decimal("12.50"),
            2.5,
            datetime.date(2025, 3, 1),
            datetime.datetime(2025, 3, 1, 12, 30),
            None,
            "@SUM(1)",
            "0751",
        ]
    ]
    write_xlsx(out, ["甲", "=乙"], rows, title="people: 2025/3")
    book = load_workbook(out)
    sheet = book.active
    assert sheet.title == "people  2025 3"
    header, row = list(sheet.iter_rows())
    assert header[1].value == "=乙" and header[1].data_type == "s" and header[1].quotePrefix
    values = [c.value for c in row]
    assert values[:4] == ["  前后有空格 ", "a & b <c>", "第一行\r\n第二行", "铃声"]
    assert values[4] is True and values[5] == 12.5 and values[6] == 2.5
    assert values[7] == datetime.datetime(2025, 3, 1) and row[7].is_date
    assert values[8] == datetime.datetime(2025, 3, 1, 12, 30) and row[8].is_date
    assert values[9] is None
    assert row[10].value == "@SUM(1)" and row[10].data_type == "s" and row[10].quotePrefix
    assert row[11].value == "0751" and row[11].number_format == "@" and not row[11].quotePrefix
