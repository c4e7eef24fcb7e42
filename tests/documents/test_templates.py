from django.urls import reverse

from documents.kinds import KINDS
from documents.models import DocumentTemplate
from documents.placeholders import chinese_date, problems
from tests.documents.conftest import docx_text


def _shipped():
    import importlib

    return importlib.import_module("documents.migrations.0002_default_templates").DEFAULTS


def test_every_kind_ships_a_template_whose_placeholders_it_knows(db):
    shipped = _shipped()
    assert set(shipped) == set(KINDS)
    for code, (title, _word, body) in shipped.items():
        assert problems(title + body, KINDS[code].allowed) == [], code
        assert DocumentTemplate.objects.current(code).version == 1


def test_dates_are_written_in_chinese_numerals():
    from datetime import date

    assert chinese_date(date(2025, 3, 8)) == "二〇二五年三月八日"
    assert chinese_date(date(2026, 10, 31)) == "二〇二六年十月三十一日"
    assert chinese_date(date(2030, 12, 20)) == "二〇三〇年十二月二十日"


def test_the_edit_page_lists_the_placeholders(client_for, admin_a):
    page = client_for(admin_a).get(reverse("documents:template", args=["petition_acceptance"])).content.decode()
    assert "{{ 办结期限 }}" in page and "{{ 信访人 }}" in page and "{{ 文号 }}" in page


def test_a_template_with_an_unknown_placeholder_is_refused_with_its_name_and_the_text_kept(client_for, admin_a):
    body = "{{ 信访人 }}：\n你的身份证号是{{ 身份证号 }}。{{ __class__ }}"
    response = client_for(admin_a).post(
        reverse("documents:template", args=["petition_acceptance"]),
        {"title": "信访事项受理告知书", "number_word": "受", "body": body},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "身份证号" in page and "__class__" in page
    assert "你的身份证号是" in page  # the text typed is kept
    assert DocumentTemplate.objects.filter(kind="petition_acceptance").count() == 1


def test_an_unclosed_placeholder_is_refused(client_for, admin_a):
    response = client_for(admin_a).post(
        reverse("documents:template", args=["petition_acceptance"]),
        {"title": "告知书", "number_word": "受", "body": "{{ 信访人 ：你好"},
    )
    assert response.status_code == 400
    assert DocumentTemplate.objects.filter(kind="petition_acceptance").count() == 1


def test_saving_makes_a_new_version_that_the_next_document_uses_and_the_old_ones_keep_theirs(
    client_for, admin_a, accepted, issue
):
    before = issue("petition_acceptance", accepted)
    response = client_for(admin_a).post(
        reverse("documents:template", args=["petition_acceptance"]),
        {
            "title": "受理告知书",
            "number_word": "雄受",
            "body": "{{ 信访人 }}：\n你的信访事项已受理，请于{{ 办结期限 }}前等候答复。",
            "note": "简化文字",
        },
    )
    assert response.status_code == 302
    after = issue("petition_acceptance", accepted, reason="新模板")

    assert (before.template.version, after.template.version) == (1, 2)
    assert after.template.created_by == admin_a and after.template.note == "简化文字"
    assert "请于二〇二五年五月六日前等候答复" in docx_text(after.docx)
    assert after.number == "〔2025〕雄受字第2号"
    assert "请于" not in docx_text(before.docx)  # the stored copy is as issued


def test_only_a_system_administrator_edits_templates(client_for, handler_a, manager_a):
    for user in (handler_a, manager_a):
        client = client_for(user)
        assert client.get(reverse("documents:templates")).status_code == 403
        assert client.post(reverse("documents:template", args=["petition_acceptance"]), {}).status_code == 403


def test_the_template_list_shows_every_kind_in_a_fixed_number_of_queries(
    client_for, admin_a, django_assert_num_queries
):
    client = client_for(admin_a)
    client.get(reverse("documents:templates"))
    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("documents:templates")).content.decode()
    for code in KINDS:
        assert reverse("documents:template", args=[code]) in page


QUERIES = 3  # session, user with her staff profile, the templates
