import io

import docx
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.charts import Bar, bar_chart, column_chart
from reporting.document import Paragraph, ReportDocument, Table
from reporting.render import render_csv, render_docx, render_markdown, render_pdf, render_xlsx

DOC = ReportDocument(
    title="南雄市妇联维权工作汇报",
    paragraphs=[
        Paragraph("petitions.heading", "一、做好信访接待工作", level=1),
        Paragraph("petitions.received", "到9月份市妇联共接到来信来访45件，办结率达95.6%。"),
        Paragraph("problems", "（一）婦聯組織……", generated=False),
    ],
    tables=[
        Table(
            "by_category",
            "信访分类",
            ["类别", "件数", "办结率"],
            [["婚姻家庭", 30, 96.7], ["其他", 15, None]],
            "信访",
            [2],
        )
    ],
    signature=["南雄市妇女联合会", "2025年10月8日"],
)


def test_docx_opens_and_holds_the_text_and_the_table():
    document = docx.Document(io.BytesIO(render_docx(DOC)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "南雄市妇联维权工作汇报"
    assert "到9月份市妇联共接到来信来访45件，办结率达95.6%。" in texts
    assert "2025年10月8日" in texts
    [table] = document.tables
    assert [c.text for c in table.rows[1].cells] == ["婚姻家庭", "30", "96.7%"]
    body_run = document.paragraphs[2].runs[0]
    assert (
        body_run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )


def test_pdf_text_extracts_with_chinese_and_page_numbers():
    text = PdfReader(io.BytesIO(render_pdf(DOC))).pages[0].extract_text()
    assert "到9月份市妇联共接到来信来访45件" in text and "95.6%" in text and "— 1 —" in text


def test_xlsx_keeps_numbers_as_numbers_and_rates_as_percentages():
    sheet = load_workbook(io.BytesIO(render_xlsx(DOC)))["信访"]
    rows = list(sheet.values)
    assert rows[0] == ("信访分类", None, None)
    assert rows[2] == ("婚姻家庭", 30, 0.967)
    assert sheet.cell(row=3, column=3).number_format == "0.0%"


def test_csv_of_a_table_starts_with_a_bom():
    assert render_csv(DOC.tables[0]).splitlines()[:2] == ["\ufeff类别,件数,办结率", "婚姻家庭,30,96.7"]


def test_markdown_and_json_round_trip():
    assert "## 一、做好信访接待工作" in render_markdown(DOC)
    assert ReportDocument.from_dict(DOC.as_dict()) == DOC


def test_charts_are_svg_with_chinese_labels_and_links():
    svg = bar_chart([Bar("婚姻家庭", 30, "/petitions/?category=1"), Bar("其他", 15)], title="按类别")
    assert svg.startswith("<svg") and "婚姻家庭" in svg and 'href="/petitions/?category=1"' in svg
    assert "<svg" in column_chart([Bar("1月", 5), Bar("2月", 0)], title="按月")


def test_a_single_rate_among_counts_is_a_percentage_in_every_format():
    table = Table(
        "headline", "主要数据", ["项目", "本期", "去年同期"], [["来信来访（件）", 45, 40], ["办结率（%）", 95.6, 95.0]],
        "主要数据", percent_cells=[[1, 1], [1, 2]],
    )  # fmt: skip
    doc = ReportDocument(title="汇报", paragraphs=[], tables=[table])
    sheet = load_workbook(io.BytesIO(render_xlsx(doc)))["主要数据"]
    assert [c.value for c in sheet[3]] == ["来信来访（件）", 45, 40]
    assert [c.value for c in sheet[4]] == ["办结率（%）", 0.956, 0.95] and sheet["B4"].number_format == "0.0%"
    assert sheet["B3"].number_format == "General"
    [grid] = docx.Document(io.BytesIO(render_docx(doc))).tables
    assert [c.text for c in grid.rows[2].cells] == ["办结率（%）", "95.6%", "95.0%"]
    assert [c.text for c in grid.rows[1].cells] == ["来信来访（件）", "45", "40"]


def test_a_chart_makes_room_for_english_labels_and_shortens_only_what_cannot_fit():
    svg = bar_chart([Bar("Labour and social security", 3), Bar("Other", 2)], title="By category")
    assert ">Labour and social security</text>" in svg
    very_long = "Land contracts, compensation, collective income, homesteads"
    svg = bar_chart([Bar(very_long, 1)], title="By sub-category")
    assert f"<title>{very_long}</title>Land contracts" in svg and "…</text>" in svg
