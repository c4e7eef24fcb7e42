"""Each export format is a permission of its own: a role without it gets a 403
that says so and sees no button for it; every export and download is logged."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission

from directory.models import AccessLog
from directory.privacy import export_formats
from directory.roles import Role
from reporting.models import IssuedReport, ReportDraft
from tests.petitions.factories import make_petition

FORM = {"kind": "ytd", "year": 2025, "month": 9, "language": "zh-hans", "seen_version": 1}


def take_away(role, codename):
    Group.objects.get(name=role).permissions.remove(Permission.objects.get(codename=codename))


@pytest.mark.parametrize(
    ("user", "formats"),
    [
        ("clerk_a", {"csv", "xlsx"}),
        ("handler_a", {"csv", "xlsx", "docx", "md", "pdf"}),
        ("manager_a", {"csv", "xlsx", "docx", "md", "pdf"}),
    ],
)
def test_roles_export_in_these_formats(request, user, formats):
    assert export_formats(request.getfixturevalue(user)) == formats


def test_the_security_administrator_exports_in_no_format(township_a):
    from tests.factories import UserFactory

    assert export_formats(UserFactory(staff=(township_a, Role.SECURITY))) == set()


def test_a_format_the_role_lacks_is_refused_with_a_reason_and_its_button_hidden(client_for, handler_a, township_a):
    make_petition(unit=township_a, by=handler_a)
    take_away(Role.HANDLER, "export_xlsx")
    client = client_for(handler_a)
    refused = client.get("/petitions/export/xlsx/")
    assert refused.status_code == 403
    assert "XLSX" in refused.content.decode() and "格式" in refused.content.decode()
    page = client.get("/petitions/").content.decode()
    assert "/petitions/export/csv/" in page and "/petitions/export/xlsx/" not in page
    assert client.get("/petitions/export/csv/").status_code == 200
    assert [(e.action, e.detail["format"], e.detail["rows"]) for e in AccessLog.objects.filter(action="export")] == [
        ("export", "csv", 1)
    ]


def test_outreach_and_legal_aid_lists_hide_a_refused_format_too(client_for, handler_a):
    take_away(Role.HANDLER, "export_csv")
    client = client_for(handler_a)
    assert "format=csv" not in client.get("/outreach/").content.decode()
    assert "export.csv" not in client.get("/legal-aid/").content.decode()
    assert "export.xlsx" in client.get("/legal-aid/").content.decode()
    assert client.get("/outreach/events/export/", {"format": "csv"}).status_code == 403
    assert client.get("/legal-aid/cases/export.csv").status_code == 403


def issued_report(client, unit):
    assert client.post("/reports/drafts/new/", {**FORM, "unit": unit.pk}).status_code == 302
    draft = ReportDraft.objects.latest("pk")
    client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 1})
    return draft, IssuedReport.objects.latest("pk")


def test_report_downloads_are_logged_with_their_format(client_for, manager_a, township_a):
    make_petition(unit=township_a, by=manager_a, received_on=date(2025, 2, 3))
    client = client_for(manager_a)
    draft, report = issued_report(client, township_a)
    AccessLog.objects.all().delete()
    assert client.get(f"/reports/issued/{report.pk}/download/pdf/").status_code == 200
    assert client.get(f"/reports/drafts/{draft.pk}/download/docx/").status_code == 200
    assert client.get(f"/reports/issued/{report.pk}/download/csv/", {"table": "by_month"}).status_code == 200
    logged = [(e.action, e.object_id, e.detail["format"], e.detail.get("rows")) for e in AccessLog.objects.order_by("id")]
    assert logged == [
        ("download", str(report.pk), "pdf", None),
        ("download", str(draft.pk), "docx", None),
        ("download", str(report.pk), "csv", 9),  # the months January to September
    ]


def test_a_report_format_the_role_lacks_is_refused_and_hidden(client_for, manager_a, township_a):
    make_petition(unit=township_a, by=manager_a, received_on=date(2025, 2, 3))
    client = client_for(manager_a)
    _draft, report = issued_report(client, township_a)
    take_away(Role.MANAGER, "export_pdf")
    client = client_for(manager_a)
    assert client.get(f"/reports/issued/{report.pk}/download/pdf/").status_code == 403
    page = client.get(f"/reports/issued/{report.pk}/").content.decode()
    assert f"/reports/issued/{report.pk}/download/docx/" in page
    assert f"/reports/issued/{report.pk}/download/pdf/" not in page
    assert not AccessLog.objects.filter(action="download", detail__format="pdf").exists()
