import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from directory.models import AccessLog
from documents.models import DocumentProfile, IssuedDocument
from petitions import services
from petitions.models import Action
from tests.documents.conftest import docx_text, pdf_text
from tests.petitions.factories import make_petition


def test_the_acceptance_notice_names_the_petitioner_the_dates_in_chinese_the_deadline_and_the_number(
    accepted, issue, township_a
):
    DocumentProfile.objects.create(org_unit=township_a, issuer="雄州街道妇女联合会", number_prefix="雄妇")
    person = accepted.parties.get().person

    document = issue("petition_acceptance", accepted)

    assert document.number == "雄妇〔2025〕受字第1号"
    for text in (docx_text(document.docx), pdf_text(document.pdf)):
        assert "信访事项受理告知书" in text
        assert f"{person.full_name}：" in text
        assert "雄妇〔2025〕受字第1号" in text
        assert "二〇二五年三月三日" in text  # received and accepted
        assert "二〇二五年五月六日前作出处理意见" in text  # 60 days on the working calendar
        assert "二〇二五年三月八日" in text  # dated
        assert "雄州街道妇女联合会" in text
        assert accepted.reference in text
    footer = Document(io.BytesIO(bytes(document.docx))).sections[0].footer.paragraphs[0]
    assert footer.text == "—  —" and "PAGE" in footer._p.xml  # "— 1 —" once Word fills the field
    assert "— 1 —" in pdf_text(document.pdf)


def test_the_docx_uses_the_official_fonts_and_puts_the_seal_above_the_date(accepted, issue):
    document = issue("petition_acceptance", accepted)
    paragraphs = Document(io.BytesIO(bytes(document.docx))).paragraphs
    texts = [p.text for p in paragraphs]
    assert texts[-3:] == ["（印章）", "雄州街道妇联", "二〇二五年三月八日"]
    fonts = {
        r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        for p in paragraphs
        for r in p.runs
    }
    assert {"方正小标宋简体", "仿宋_GB2312"} <= fonts


def test_numbers_count_up_per_unit_kind_and_year_and_start_again_next_year(
    township_a, township_b, handler_a, handler_b, issue
):
    def accepted_in(unit, by):
        return make_petition(unit=unit, by=by, received_on=date(2025, 3, 3), accepted_on=date(2025, 3, 4))

    first = issue("petition_acceptance", accepted_in(township_a, handler_a))
    second = issue("petition_acceptance", accepted_in(township_a, handler_a))
    other_unit = issue("petition_acceptance", accepted_in(township_b, handler_b), by=handler_b)
    other_kind = issue("petition_opinion", _concluded(accepted_in(township_a, handler_a), handler_a))
    next_year = issue("petition_acceptance", accepted_in(township_a, handler_a), on=date(2026, 1, 5))

    assert [first.number, second.number] == ["〔2025〕受字第1号", "〔2025〕受字第2号"]
    assert other_unit.number == "〔2025〕受字第1号"
    assert other_kind.number == "〔2025〕处字第1号"
    assert next_year.number == "〔2026〕受字第1号"


def _concluded(petition, by, on=date(2025, 4, 1)):
    services.reply_to_petitioner(
        petition=petition, by=by, on=on, method="in_person", text="经调查，已协调派出所出具告诫书。"
    )
    return services.conclude_petition(petition=petition, by=by, on=on, outcome="supported", settled_level="township")


def test_a_number_taken_by_a_failed_issue_goes_to_the_next_document(
    accepted, issue, monkeypatch, township_a, handler_a
):
    from documents import render as document_render  # issue_document imports the renderer when it issues

    def broken(document):
        raise RuntimeError("disk full")

    monkeypatch.setattr(document_render, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        issue("petition_acceptance", accepted)
    monkeypatch.undo()

    assert issue("petition_acceptance", accepted).number == "〔2025〕受字第1号"


def test_the_handling_opinion_carries_the_reply_and_the_review_opinion_the_review_decision(accepted, issue, handler_a):
    concluded = _concluded(accepted, handler_a)
    opinion = issue("petition_opinion", concluded, on=date(2025, 4, 2))
    services.request_review(petition=concluded, by=handler_a, on=date(2025, 4, 10))
    services.decide_review(petition=concluded, by=handler_a, on=date(2025, 4, 20), text="经复查，维持原处理意见。")
    review = issue("petition_review", concluded, on=date(2025, 4, 21))

    assert "经调查，已协调派出所出具告诫书。" in pdf_text(opinion.pdf)
    assert "处理结果：支持。" in docx_text(opinion.docx)
    text = docx_text(review.docx)
    assert "经复查，维持原处理意见。" in text and "二〇二五年四月十日" in text
    assert review.number == "〔2025〕复字第1号"


def test_the_transfer_slip_is_addressed_to_the_agency_the_matter_was_referred_to(accepted, issue, handler_a, city):
    from tests.factories import AgencyFactory

    police = AgencyFactory(org_unit=city, name="南雄市公安局")
    services.refer_to_agency(
        petition=accepted,
        by=handler_a,
        on=date(2025, 3, 5),
        agency=police,
        asked="请出警核实",
        reply_due_on=date(2025, 3, 20),
    )
    slip = issue("petition_transfer", accepted)
    text = docx_text(slip.docx)
    assert "南雄市公安局：" in text and "二〇二五年三月二十日前" in text


def test_the_non_acceptance_notice_is_offered_only_for_a_petition_not_accepted(
    client_for, handler_a, township_a, accepted
):
    refused = make_petition(unit=township_a, by=handler_a)
    services.not_accept_petition(
        petition=refused, by=handler_a, on=date(2025, 3, 5), reason="属于法院受理范围，请向南雄市人民法院起诉。"
    )
    client = client_for(handler_a)

    offered = client.get(refused.get_absolute_url()).content.decode()
    not_offered = client.get(accepted.get_absolute_url()).content.decode()

    url = reverse("documents:issue", args=["petition_non_acceptance", refused.pk])
    assert url in offered
    assert reverse("documents:issue", args=["petition_non_acceptance", accepted.pk]) not in not_offered
    assert reverse("documents:issue", args=["petition_acceptance", accepted.pk]) in not_offered
    response = client.post(reverse("documents:issue", args=["petition_acceptance", refused.pk]), follow=True)
    assert "cannot be issued" in response.content.decode() or "无法出具" in response.content.decode()
    assert not IssuedDocument.objects.exists()
    client.post(url)
    document = IssuedDocument.objects.get()
    assert "属于法院受理范围，请向南雄市人民法院起诉。" in docx_text(document.docx)


def test_issuing_from_the_page_stores_the_copy_and_puts_it_on_the_timeline(client_for, handler_a, accepted):
    client = client_for(handler_a)
    response = client.post(reverse("documents:issue", args=["petition_acceptance", accepted.pk]))

    assert response.status_code == 302 and response.url == accepted.get_absolute_url()
    document = IssuedDocument.objects.get()
    assert document.template.version == 1 and document.issued_by == handler_a
    note = accepted.actions.filter(kind=Action.Kind.NOTE).get()
    assert note.text == "出具《信访事项受理告知书》〔2025〕受字第1号".replace("2025", str(document.year))
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert reverse("documents:download", args=[document.pk, "pdf"]) in page
    assert document.number in page


def test_a_second_click_does_not_use_up_a_number_and_a_reissue_asked_for_does(client_for, handler_a, accepted):
    client = client_for(handler_a)
    url = reverse("documents:issue", args=["petition_acceptance", accepted.pk])
    client.post(url)
    client.post(url)
    assert IssuedDocument.objects.count() == 1

    client.post(url, {"again": "on", "reason": "原件遗失，重新出具"})
    numbers = sorted(IssuedDocument.objects.values_list("serial", flat=True))
    assert numbers == [1, 2]
    assert IssuedDocument.objects.get(serial=2).reason == "原件遗失，重新出具"


def test_a_download_is_the_stored_copy_and_is_logged(client_for, handler_a, accepted, issue):
    document = issue("petition_acceptance", accepted)
    client = client_for(handler_a)

    response = client.get(reverse("documents:download", args=[document.pk, "docx"]))

    assert response.status_code == 200 and response.content == bytes(document.docx)
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    log = AccessLog.objects.filter(action="download").get()
    assert log.user == handler_a and log.object_id == str(document.pk) and log.detail["format"] == "docx"


def test_another_units_document_is_404_to_download_and_to_issue(client_for, handler_b, accepted, issue):
    document = issue("petition_acceptance", accepted)
    client = client_for(handler_b)

    assert client.get(reverse("documents:download", args=[document.pk, "pdf"])).status_code == 404
    assert client.post(reverse("documents:issue", args=["petition_acceptance", accepted.pk])).status_code == 404
    assert not AccessLog.objects.filter(action="download").exists()


def test_issuing_needs_post_and_a_role_that_handles_the_record(client_for, accepted, admin_a):
    url = reverse("documents:issue", args=["petition_acceptance", accepted.pk])
    assert client_for(admin_a).post(url).status_code == 403
    assert client_for(admin_a).get(url).status_code == 405
    assert not IssuedDocument.objects.exists()


def test_a_voided_petition_offers_no_document(client_for, handler_a, accepted):
    services.void_petition(petition=accepted, by=handler_a, reason="重复录入")
    page = client_for(handler_a).get(accepted.get_absolute_url()).content.decode()
    assert reverse("documents:issue", args=["petition_acceptance", accepted.pk]) not in page


def test_in_english_the_buttons_are_english_and_the_document_still_chinese(client_for, handler_a, accepted):
    client = client_for(handler_a)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        page = client.get(accepted.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        client.post(reverse("documents:issue", args=["petition_acceptance", accepted.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Issue Acceptance notice" in page
    text = docx_text(IssuedDocument.objects.get().docx)
    assert "以来访形式" in text and "二〇二五年三月三日" in text


def test_in_chinese_the_button_is_chinese(client_for, handler_a, accepted):
    page = client_for(handler_a).get(accepted.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "出具受理告知书" in page


@pytest.mark.parametrize("n_documents", [1, 4])
def test_the_petition_page_runs_a_fixed_number_of_queries(
    client_for, handler_a, accepted, issue, django_assert_num_queries, n_documents
):
    for i in range(n_documents):
        issue("petition_acceptance", accepted, reason=str(i))
    client = client_for(handler_a)
    client.get(accepted.get_absolute_url())
    with django_assert_num_queries(QUERIES):
        response = client.get(accepted.get_absolute_url())
    assert response.content.decode().count("documents/") >= 2 * n_documents


QUERIES = 16  # the page as before, plus the documents issued and whether it was ever referred (an open
# petition reads no holiday calendar: its deadlines are stored; only a review window computes one)
