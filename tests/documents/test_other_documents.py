from datetime import date

import pytest
from django.urls import reverse

from directory.models import Person
from documents.models import IssuedDocument
from legal_aid import services as legal_aid_services
from legal_aid.models import LegalAidCase
from outreach.models import Event
from tests.documents.conftest import docx_text, pdf_text
from tests.factories import PersonFactory, VolunteerFactory


@pytest.fixture
def case(township_a, handler_a):
    client = PersonFactory(
        org_unit=township_a, full_name="李秀兰", gender=Person.Gender.FEMALE, address="雄州街道八一路3号"
    )
    return legal_aid_services.create_case(
        by=handler_a,
        org_unit=township_a,
        client=client,
        aid_form=LegalAidCase.AidForm.LITIGATION,
        cause=LegalAidCase.Cause.DOMESTIC_VIOLENCE,
        provider=LegalAidCase.Provider.FEDERATION,
        eligibility=LegalAidCase.Eligibility.EXEMPT_DV,
        applied_on=date(2025, 3, 3),
        facts="长期遭受丈夫殴打，要求离婚并申请人身安全保护令。",
    )


@pytest.fixture
def event(township_a, handler_a):
    from outreach.services import record_event

    return record_event(
        by=handler_a,
        title="三八维权周法律宣传进社区",
        kind=Event.Kind.LECTURE,
        held_on=date(2025, 3, 8),
        place="八一社区文化室",
        org_unit=township_a,
    )


def test_the_legal_aid_summary_lists_the_application_with_the_deadline(case, issue):
    document = issue("legal_aid_application", case)
    for text in (docx_text(document.docx), pdf_text(document.pdf)):
        assert "法律援助申请表（摘要）" in text
        assert "李秀兰" in text and "雄州街道八一路3号" in text
        assert "二〇二五年三月三日" in text
        assert case.reference in text
    assert document.number == "〔2025〕援字第1号"


def test_the_sign_in_sheet_lists_the_volunteers_then_blank_rows_and_has_no_number(event, issue, township_a):
    volunteer = VolunteerFactory(org_unit=township_a, full_name="王律师", employer="广东雄州律师事务所")
    event.volunteers.add(volunteer)
    document = issue("outreach_sign_in", event)

    assert document.number == "" and document.serial is None
    text = docx_text(document.docx)
    assert "活动签到表" in text and "三八维权周法律宣传进社区" in text and "二〇二五年三月八日" in text
    assert "王律师" in text and "广东雄州律师事务所" in text
    import io

    from docx import Document

    table = Document(io.BytesIO(bytes(document.docx))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "单位/村（社区）", "联系电话", "签名"]
    assert len(table.rows) == 1 + 20 and table.rows[-1].cells[1].text == ""
    assert "王律师" in pdf_text(document.pdf)


def test_the_case_and_event_pages_offer_their_documents(client_for, handler_a, case, event):
    client = client_for(handler_a)
    assert (
        reverse("documents:issue", args=["legal_aid_application", case.pk])
        in client.get(case.get_absolute_url()).content.decode()
    )
    assert (
        reverse("documents:issue", args=["outreach_sign_in", event.pk])
        in client.get(event.get_absolute_url()).content.decode()
    )
    client.post(reverse("documents:issue", args=["outreach_sign_in", event.pk]))
    document = IssuedDocument.objects.get()
    assert (
        reverse("documents:download", args=[document.pk, "docx"])
        in client.get(event.get_absolute_url()).content.decode()
    )


def test_another_units_case_document_is_404(client_for, handler_b, case, issue):
    document = issue("legal_aid_application", case)
    assert client_for(handler_b).get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 404


@pytest.mark.parametrize("n_documents", [1, 3])
def test_the_case_and_event_pages_run_a_fixed_number_of_queries_whatever_the_documents(
    client_for, handler_a, case, event, issue, django_assert_num_queries, n_documents
):
    for i in range(n_documents):
        issue("legal_aid_application", case, reason=str(i))
        issue("outreach_sign_in", event, reason=str(i))
    client = client_for(handler_a)
    for record, queries in ((case, CASE_QUERIES), (event, EVENT_QUERIES)):
        client.get(record.get_absolute_url())
        with django_assert_num_queries(queries):
            page = client.get(record.get_absolute_url()).content.decode()
        assert page.count("/documents/") >= 2 * n_documents


CASE_QUERIES = 11  # the page as before and the documents issued on it (one query)
EVENT_QUERIES = 10
