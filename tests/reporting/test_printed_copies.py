"""What a reader of a downloaded or issued report gets: no empty section, continuous
numbering, no page of all-zero sub-unit rows, the fonts inside the PDF, Chinese line breaks."""

import io

import docx
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle

from reporting.document import Paragraph, ReportDocument, Table, chinese_numeral
from reporting.pdftext import ChineseParagraph, markup, register_fonts
from reporting.render import render_csv, render_docx, render_markdown, render_pdf, render_xlsx


def drafted(problems="", next_steps="", language="zh-hans") -> ReportDocument:
    """A report as drafted: two generated sections, then the two sections a person writes."""
    headings = (
        ["一、做好信访接待工作", "二、配合有关部门做好法制宣传教育工作", "三、存在问题", "四、下一步打算"]
        if language == "zh-hans"
        else ["1. Petitions", "2. Legal publicity and education", "3. Problems", "4. Next steps"]
    )
    return ReportDocument(
        title="南雄市妇女联合会维权工作汇报",
        paragraphs=[
            Paragraph("opening", "市妇联根据上级妇联的总体要求，到9月份主要做了如下工作："),
            Paragraph("petitions.heading", headings[0], level=1),
            Paragraph("petitions.received", "1、到9月份市妇联共接到来信来访45件。"),
            Paragraph("outreach.heading", headings[1], level=1),
            Paragraph("outreach.volume", "1、到9月份市妇联散发传单4500份。"),
            Paragraph("problems.heading", headings[2], level=1),
            Paragraph("problems", problems, generated=False),
            Paragraph("next_steps.heading", headings[3], level=1),
            Paragraph("next_steps", next_steps, generated=False),
        ],
        signature=["南雄市妇女联合会"],
        language=language,
    )


def docx_texts(document: ReportDocument) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(render_docx(document))).paragraphs]


def pdf_text(document: ReportDocument) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(document))).pages)


def test_a_section_nobody_wrote_is_left_out_of_the_docx_with_its_heading():
    texts = docx_texts(drafted())
    assert "一、做好信访接待工作" in texts and "二、配合有关部门做好法制宣传教育工作" in texts
    assert not any("存在问题" in t or "下一步打算" in t for t in texts)


def test_headings_after_a_left_out_section_are_renumbered():
    texts = docx_texts(drafted(next_steps="（一）着力提高妇女的维权意识和维权能力。"))
    assert "三、下一步打算" in texts and "四、下一步打算" not in texts
    assert not any("存在问题" in t for t in texts)


def test_a_written_section_keeps_its_place_and_number_in_every_format():
    document = drafted(problems="（一）基层妇女干部法律知识有限。", next_steps="（一）加强培训。")
    assert {"三、存在问题", "四、下一步打算"} <= set(docx_texts(document))
    markdown = render_markdown(document)
    assert "## 三、存在问题" in markdown and "## 四、下一步打算" in markdown
    text = pdf_text(document)
    assert "三、存在问题" in text and "四、下一步打算" in text


def test_the_pdf_and_markdown_leave_out_empty_sections_too():
    document = drafted(next_steps="（一）加强培训。")
    text = pdf_text(document)
    assert "存在问题" not in text and "三、下一步打算" in text
    markdown = render_markdown(document)
    assert "存在问题" not in markdown and "## 三、下一步打算" in markdown


def test_a_generated_section_emptied_by_the_writer_is_left_out_and_the_rest_renumbered():
    document = drafted(problems="写了问题。")
    document.paragraphs[2] = Paragraph("petitions.received", "", generated=False)
    texts = docx_texts(document)
    assert "做好信访接待工作" not in "".join(texts)
    assert texts.count("一、配合有关部门做好法制宣传教育工作") == 1 and "二、存在问题" in texts


def test_english_reports_renumber_their_headings_too():
    document = drafted(next_steps="Train the village cadres.", language="en")
    texts = docx_texts(document)
    assert "3. Next steps" in texts and not any("Problems" in t for t in texts)


def test_chinese_numerals_past_ten():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def sub_unit_table() -> Table:
    return Table(
        "by_sub_unit",
        "分单位信访情况",
        ["单位", "受理", "去年同期", "同比（%）", "办结", "办结率", "答复率", "当前超期"],
        [
            ["本级（南雄市）", 40, 35, 14.3, 38, 95.0, 100.0, 0],
            ["雄州街道", 0, 0, None, 0, None, None, 0],
            ["乌迳镇", 0, 3, -100.0, 0, None, None, 0],  # nothing this year, but last year: a figure
            ["界址镇", 0, 0, None, 0, None, None, 1],  # an old case overdue now: a figure
            ["湖口镇", 0, 0, None, 0, None, None, 0],
        ],
        "信访",
        percent_columns=[5, 6],
    )


def test_sub_unit_rows_without_any_figure_are_left_out_and_counted_below_the_table():
    document = ReportDocument(title="汇报", paragraphs=[], tables=[sub_unit_table()])
    [grid] = docx.Document(io.BytesIO(render_docx(document))).tables
    assert [row.cells[0].text for row in grid.rows[1:]] == ["本级（南雄市）", "乌迳镇", "界址镇"]
    assert [c.text for c in grid.rows[1].cells][5:7] == ["95.0%", "100.0%"]
    assert "其余2个单位本期和去年同期均无数据，未列出。" in docx_texts(document)
    text = pdf_text(document)
    assert "雄州街道" not in text and "乌迳镇" in text and "其余2个单位" in text


def test_the_spreadsheet_keeps_every_sub_unit_for_sorting_and_summing():
    document = ReportDocument(title="汇报", paragraphs=[], tables=[sub_unit_table()])
    sheet = load_workbook(io.BytesIO(render_xlsx(document)))["信访"]
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        "本级（南雄市）",
        "雄州街道",
        "乌迳镇",
        "界址镇",
        "湖口镇",
    ]


def test_other_tables_keep_their_zero_rows():
    months = Table("by_month", "分月信访情况", ["月份", "受理"], [["2025-01", 0], ["2025-02", 3]], "信访")
    printed = ReportDocument(title="汇报", paragraphs=[], tables=[months]).printable()
    assert printed.tables[0].rows == [["2025-01", 0], ["2025-02", 3]] and printed.tables[0].note == ""


def test_every_font_in_the_pdf_is_embedded_and_the_chinese_text_extracts():
    reader = PdfReader(io.BytesIO(render_pdf(drafted(problems="镕堃两字不在宋体字库中。"))))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else None
    assert len(fonts) >= 2  # the Song body face and the Hei heading face
    for name, descriptor in fonts.items():
        assert descriptor is not None and "/FontFile2" in descriptor, name
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "南雄市妇女联合会维权工作汇报" in text and "到9月份市妇联共接到来信来访45件" in text
    assert "镕堃两字" in text


def test_characters_the_song_face_lacks_are_set_in_the_hei_face():
    song, hei = register_fonts()
    assert markup("李镕<b>", song) == f'李<font face="{hei}">镕</font>&lt;b&gt;'


def lines_of(text: str, width: float) -> list[str]:
    song, _ = register_fonts()
    paragraph = ChineseParagraph(markup(text, song), ParagraphStyle("t", fontName=song, fontSize=10, wordWrap="CJK"))
    paragraph.wrap(width, 1000)
    return ["".join(w.text for w in line.words) for line in paragraph.blPara.lines]


def test_a_line_never_begins_with_a_comma_or_a_closing_mark():
    # Ten characters fill a 100-point line; the comma would be the first of line two.
    lines = lines_of("一二三四五六七八九十，十一十二。", 100)
    assert lines == ["一二三四五六七八九", "十，十一十二。"]
    for text in (
        "一二三四五六七八九十。”好",
        "一二三四五六七八九十）》好",
        "一二三四五六七八九十；好",
        "一二三四五六七八九十：好",
    ):
        assert all(line[0] not in "，。、；：？！）》”" for line in lines_of(text, 100)[1:]), text


def test_a_line_never_ends_with_an_opening_mark():
    lines = lines_of("一二三四五六七八九《妇女权益保障法》", 100)
    assert lines[0] == "一二三四五六七八九" and lines[1].startswith("《妇女")


def test_numbers_are_not_cut_in_two():
    lines = lines_of("一二三四五六七八九45000份传单", 100)
    assert lines == ["一二三四五六七八九", "45000份传单"]


def test_report_spreadsheets_never_run_a_programme_name_typed_as_a_formula():
    budgets = Table("budgets", "帮扶项目经费", ["项目", "预算（元）", "结余（元）"], [["=1+1", 6000.0, -480.0]], "帮扶")
    document = ReportDocument(title="汇报", paragraphs=[], tables=[budgets])
    assert render_csv(budgets).splitlines()[1] == "'=1+1,6000.0,-480.0"
    name, budget, remaining = load_workbook(io.BytesIO(render_xlsx(document)))["帮扶"][3]
    assert name.value == "=1+1" and name.data_type == "s" and name.quotePrefix
    assert remaining.value == -480 and remaining.data_type == "n"


def test_a_closing_mark_hangs_rather_than_begin_a_line_in_a_narrow_cell():
    # A column two characters wide: "（件" fills a line, and "）" may not begin the next.
    lines = lines_of("法律援助（件）", 21)
    assert lines == ["法律", "援助", "（件）"]


def test_a_heading_is_never_the_last_line_of_a_pdf_page():
    # However much text comes before it, the heading lands with at least its first lines.
    for filler in range(14, 30):
        document = ReportDocument(
            title="汇报",
            paragraphs=[
                Paragraph("h1", "一、第一节", level=1),
                *(Paragraph(f"p{i}", f"正文第{i}行。") for i in range(filler)),
                Paragraph("h2", "二、第二节", level=1),
                Paragraph("p", "第二节的正文。" * 30),
            ],
        )
        for page in PdfReader(io.BytesIO(render_pdf(document))).pages:
            lines = [line.strip() for line in page.extract_text().splitlines() if line.strip() and "—" not in line]
            assert lines[-1] != "二、第二节", filler
