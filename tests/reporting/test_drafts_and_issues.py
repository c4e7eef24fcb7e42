import io

import docx
import pytest

from directory.locking import StaleEdit
from directory.periods import Period
from reporting.document import Paragraph, ReportDocument
from reporting.forms import PeriodForm
from reporting.models import IssuedReport
from reporting.services import create_draft, edit_draft, issue_draft

PERIOD = Period.year_to(2025, 9)


def document(text="到9月份共接到来信来访45件。"):
    return ReportDocument(
        title="南雄市妇联维权工作汇报",
        paragraphs=[Paragraph("petitions.received", text), Paragraph("problems", "", generated=False)],
        signature=["南雄市妇女联合会"],
    )


@pytest.fixture
def draft(city, city_manager):
    return create_draft(
        unit=city, period=PERIOD, language="zh-hans", document=document(), figures={"received": 45}, by=city_manager
    )


def test_editing_a_generated_paragraph_makes_it_the_writers_text(draft, city_manager):
    edit_draft(
        draft=draft,
        by=city_manager,
        expected_version=1,
        texts={"petitions.received": "到9月份共接到来信来访45件（含集体访2批）。", "problems": "人员素质有待提高。"},
    )
    draft.refresh_from_db()
    paragraphs = {p["key"]: p for p in draft.document["paragraphs"]}
    assert paragraphs["petitions.received"]["generated"] is False
    assert paragraphs["problems"]["text"] == "人员素质有待提高。"
    assert draft.version == 2 and draft.history.count() == 2


def test_stale_draft_edit_is_refused(draft, city_manager):
    edit_draft(draft=draft, by=city_manager, expected_version=1, texts={"problems": "甲"})
    with pytest.raises(StaleEdit):
        edit_draft(draft=draft, by=city_manager, expected_version=1, texts={"problems": "乙"})


def test_issued_report_is_frozen_and_versions_count_up(draft, city, city_manager):
    first = issue_draft(draft=draft, by=city_manager)
    edit_draft(draft=draft, by=city_manager, expected_version=1, texts={"petitions.received": "改过的文字。"})
    second = issue_draft(draft=draft, by=city_manager)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    texts = [p.text for p in docx.Document(io.BytesIO(bytes(first.docx))).paragraphs]
    assert "到9月份共接到来信来访45件。" in texts and "改过的文字。" not in texts
    assert IssuedReport.objects.within(city).count() == 2


def test_an_issued_report_keeps_the_figures_its_draft_was_written_from(draft, city_manager):
    assert issue_draft(draft=draft, by=city_manager).figures == {"received": 45}


def test_period_form_builds_year_to_september(city, city_manager):
    from directory.models import OrgUnit

    form = PeriodForm(
        {"unit": city.pk, "kind": "ytd", "year": 2025, "month": 9, "language": "zh-hans"},
        units=OrgUnit.objects.visible_to(city_manager),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == PERIOD


def test_period_form_refuses_a_custom_range_that_ends_before_it_starts(city, city_manager):
    from directory.models import OrgUnit

    form = PeriodForm(
        {"unit": city.pk, "kind": "custom", "year": 2025, "start": "2025-05-01", "end": "2025-04-01"},
        units=OrgUnit.objects.visible_to(city_manager),
    )
    assert not form.is_valid() and "end" in form.errors
