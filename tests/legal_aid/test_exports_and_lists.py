import csv
import io
from datetime import date

from directory.models import AccessLog
from tests.factories import PersonFactory, valid_id_number

from .factories import make_assessor, make_case, make_hearing


def test_handler_exports_the_filtered_cases_as_csv_with_masked_id_numbers(client_for, handler_a, village_a):
    id_number = valid_id_number(date(1970, 1, 1))
    person = PersonFactory(org_unit=village_a, full_name="黄美玲", id_number=id_number, birth_date=None)
    make_case(unit=village_a, by=handler_a, client=person, cause="custody")
    make_case(unit=village_a, by=handler_a, cause="divorce")
    response = client_for(handler_a).get("/legal-aid/cases/export.csv?cause=custody")
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["编号", "单位", "受援人", "身份证号"]
    assert (
        len(rows) == 2 and rows[1][2:4] == ["黄美玲", f"440282********{id_number[-4:]}"] and rows[1][5] == "子女抚养权"
    )
    log = AccessLog.objects.get(action="export")
    assert log.user == handler_a and log.detail["rows"] == 1 and log.detail["filter"] == {"cause": ["custody"]}


def test_export_holds_only_the_users_own_units_cases(client_for, handler_a, handler_b, village_a, village_b):
    make_case(unit=village_a, by=handler_a)
    make_case(unit=village_b, by=handler_b)
    response = client_for(handler_b).get("/legal-aid/cases/export.csv")
    assert len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))) == 2


def test_clerk_may_not_export(client_for, clerk_a):
    assert client_for(clerk_a).get("/legal-aid/cases/export.csv").status_code == 403
    assert client_for(clerk_a).get("/legal-aid/hearings/export.xlsx").status_code == 403


def test_unknown_export_format_is_404(client_for, handler_a):
    assert client_for(handler_a).get("/legal-aid/cases/export.pdf").status_code == 404


def test_hearings_export_as_xlsx(client_for, handler_a, township_a):
    from openpyxl import load_workbook

    assessor = make_assessor(unit=township_a, by=handler_a)
    make_hearing(assessor=assessor, by=handler_a, heard_on=date(2025, 4, 1))
    response = client_for(handler_a).get("/legal-aid/hearings/export.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][0] == "陪审员" and rows[1][0] == "曾丽华" and rows[1][7] == "是"


def test_case_list_masks_id_numbers_for_everyone(client_for, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, id_number="440282198805170028", birth_date=None)
    make_case(unit=village_a, by=handler_a, client=person)
    page = client_for(handler_a).get("/legal-aid/").content.decode()
    assert "440282********0028" in page and "440282198805170028" not in page


def test_case_list_shows_only_the_users_units(client_for, handler_a, handler_b, village_a, village_b, city_manager):
    mine = make_case(unit=village_a, by=handler_a)
    theirs = make_case(unit=village_b, by=handler_b)
    page = client_for(handler_a).get("/legal-aid/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    page = client_for(city_manager).get("/legal-aid/").content.decode()
    assert mine.reference in page and theirs.reference in page


def test_home_page_counts_overdue_cases(client_for, handler_a, village_a):
    make_case(unit=village_a, by=handler_a, applied_on=date(2020, 1, 1))
    page = client_for(handler_a).get("/").content.decode()
    assert "1 件案件已超过时限" in page


def test_voiding_needs_post_a_reason_and_a_caseworker(client_for, handler_a, clerk_a, handler_b, village_a):
    case = make_case(unit=village_a, by=handler_a)
    url = f"/legal-aid/cases/{case.pk}/void/"
    assert client_for(handler_a).get(url).status_code == 405
    assert client_for(clerk_a).post(url, {"reason": "x"}).status_code == 403
    assert client_for(handler_b).post(url, {"reason": "x"}).status_code == 404
    client_for(handler_a).post(url, {"reason": " "})
    case.refresh_from_db()
    assert not case.is_voided


def _warning(unit, by, **fields):
    from legal_aid.services import record_police_warning

    values = {"org_unit": unit, "victim": PersonFactory(org_unit=unit), "issued_on": date(2025, 4, 1)}
    values.update(fields)
    return record_police_warning(by=by, **values)


def test_police_warnings_are_searched_filtered_and_exported(client_for, handler_a, handler_b, village_a, village_b):
    _warning(village_a, handler_a, abuser_name="王某", issued_on=date(2025, 4, 1))
    _warning(village_a, handler_a, abuser_name="李某", issued_on=date(2025, 8, 1))
    _warning(village_b, handler_b, abuser_name="王某某")
    client = client_for(handler_a)
    page = client.get("/legal-aid/warnings/", {"q": "王某"}).content.decode()
    assert "王某" in page and "李某" not in page and "王某某" not in page
    response = client.get("/legal-aid/warnings/export.csv?issued_from=2025-06-01")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff"))))
    assert len(rows) == 2 and rows[1][3] == "李某"
    assert AccessLog.objects.get(action="export").detail["rows"] == 1


def test_protection_orders_export_is_refused_to_clerks_and_holds_masked_ids(client_for, clerk_a, handler_a, village_a):
    from .factories import make_order

    order = make_order(unit=village_a, by=handler_a)
    assert client_for(clerk_a).get("/legal-aid/orders/export.csv").status_code == 403
    response = client_for(handler_a).get("/legal-aid/orders/export.xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 2 and rows[1][0] == order.victim.full_name and "********" in rows[1][1]
