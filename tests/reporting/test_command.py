import io
from datetime import date

import docx
from django.core.management import call_command

from tests.petitions.factories import make_petition


def test_work_summary_writes_markdown_and_docx(tmp_path, handler_a, township_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 1))
    out = io.StringIO()
    args = ["--unit", township_a.code, "--start", "2025-01-01", "--end", "2025-09-30"]
    call_command("work_summary", *args, "--format", "md", "--output", "-", stdout=out)
    assert "# 雄州街道妇女联合会维权工作汇报" in out.getvalue() and "到9月份街道妇联共接到来信来访1件" in out.getvalue()
    target = tmp_path / "report.docx"
    call_command(
        "work_summary", *args, "--lang", "en", "--format", "docx", "--output", str(target), stderr=io.StringIO()
    )
    assert any("received 1 letters and visits" in p.text for p in docx.Document(target).paragraphs)


def test_work_summary_of_a_whole_calendar_year_is_titled_as_the_year(handler_a, township_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 1))
    args = ["--unit", township_a.code, "--start", "2025-01-01", "--end", "2025-12-31", "--output", "-"]
    out = io.StringIO()
    call_command("work_summary", *args, stdout=out)
    assert "# 雄州街道妇女联合会2025年维权工作总结" in out.getvalue()
    out = io.StringIO()
    call_command("work_summary", *args, "--lang", "en", stdout=out)
    assert "in 2025" in out.getvalue() and "to the end of December" not in out.getvalue()
