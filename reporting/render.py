"""Render a ReportDocument as the files offices exchange.

DOCX follows the official-document layout (GB/T 9704): A4, title in 小标宋
二号, body in 仿宋 三号 with a two-character indent, 黑体 and 楷体 headings,
page numbers "— 1 —" at the foot. Font names are set for East Asian text so
Word, WPS and LibreOffice pick the office's installed fonts.

PDF embeds free Song and Hei faces shipped in `reporting/fonts/` and breaks
lines by the Chinese rules (`reporting/pdftext.py`), so every viewer shows
the same pages.

Every format but XLSX and CSV prints `document.printable()`: no empty section,
no sub-unit row without a figure. The spreadsheets keep every row, since
they are for sorting and summing.
"""

import csv
import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from directory.exports import csv_value, xlsx_cell

from .document import ReportDocument
from .pdftext import ChineseParagraph, markup, register_fonts

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
LATIN_FONT = "Times New Roman"


# --- DOCX ------------------------------------------------------------------


def _font(run, east_asian: str, size_pt: float, bold: bool = False):
    run.font.name = LATIN_FONT
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _page_number_footer(section):
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), "宋体", 14)


def render_docx(document: ReportDocument) -> bytes:
    document = document.printable()
    docx = Document()
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.start_type = WD_SECTION.NEW_PAGE
    _page_number_footer(section)

    title = docx.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(16)
    _font(title.add_run(document.title), TITLE_FONT, 22)

    for item in document.paragraphs:
        paragraph = docx.add_paragraph()
        paragraph.paragraph_format.line_spacing = Pt(28)
        # Word and WPS keep a heading on the page of the text it heads.
        paragraph.paragraph_format.keep_with_next = item.level in (1, 2)
        if item.level == 1:
            _font(paragraph.add_run(item.text), HEADING_FONT, 16)
            paragraph.paragraph_format.first_line_indent = Pt(32)
        elif item.level == 2:
            _font(paragraph.add_run(item.text), SUBHEADING_FONT, 16)
            paragraph.paragraph_format.first_line_indent = Pt(32)
        else:
            _font(paragraph.add_run(item.text), BODY_FONT, 16)
            paragraph.paragraph_format.first_line_indent = Pt(32)

    for table in document.tables:
        caption = docx.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.keep_with_next = True
        _font(caption.add_run(table.title), HEADING_FONT, 14)
        grid = docx.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(header)), HEADING_FONT, 12)
        for r, row in enumerate(table.rows):
            cells = grid.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(_cell_text(value, table.percent_at(r, index))), BODY_FONT, 12)
        if table.note:
            _font(docx.add_paragraph().add_run(table.note), BODY_FONT, 12)
        docx.add_paragraph()

    for line in document.signature:
        paragraph = docx.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(paragraph.add_run(line), BODY_FONT, 16)

    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _cell_text(value, percent: bool) -> str:
    if value is None or value == "":
        return "—"
    if percent:
        return f"{value}%"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


# --- PDF -------------------------------------------------------------------


def render_pdf(document: ReportDocument) -> bytes:
    document = document.printable()
    song, hei = register_fonts()

    def style(name, font, size, leading, **options):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **options)

    styles = {
        "title": style("title", hei, 20, 30, alignment=TA_CENTER, spaceAfter=14),
        1: style("h1", hei, 15, 26, firstLineIndent=30, spaceBefore=6),
        2: style("h2", hei, 14, 26, firstLineIndent=28),
        0: style("body", song, 14, 26, firstLineIndent=28),
        # A caption stays with its table; a table longer than a page breaks under a repeated header.
        "caption": style("caption", hei, 13, 22, alignment=TA_CENTER, spaceBefore=6 * mm, keepWithNext=1),
        "cell": style("cell", song, 10, 14),
        "note": style("note", song, 10, 16),
        "sign": style("sign", song, 14, 26, alignment=TA_RIGHT),
    }

    def paragraph(text, style):
        return ChineseParagraph(markup(text, style.fontName), style)

    story = [paragraph(document.title, styles["title"])]
    for item in document.paragraphs:
        if item.level in (1, 2):
            # A heading is never stranded at the foot of a page: it goes over to the next one unless
            # two lines of its text fit below it. (keepWithNext would carry the whole first
            # paragraph over and leave half a page empty.)
            story.append(
                CondPageBreak(styles[item.level].spaceBefore + styles[item.level].leading + 2 * styles[0].leading)
            )
        story.append(paragraph(item.text, styles.get(item.level, styles[0])))
    for table in document.tables:
        story.append(paragraph(table.title, styles["caption"]))
        data = [[paragraph(str(c), styles["cell"]) for c in table.columns]]
        for r, row in enumerate(table.rows):
            data.append([paragraph(_cell_text(v, table.percent_at(r, i)), styles["cell"]) for i, v in enumerate(row)])
        # The first column holds names (本级（南雄市）, a category): wider than the figures beside it.
        width = A4[0] - 50 * mm
        first = width * (0.3 if len(table.columns) > 3 else 0.4)
        others = (width - first) / max(1, len(table.columns) - 1)
        grid = PdfTable(data, repeatRows=1, colWidths=[first] + [others] * (len(table.columns) - 1))
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), song),
                ]
            )
        )
        story.append(grid)
        if table.note:
            story.append(paragraph(table.note, styles["note"]))
    if document.signature:  # else the spacer alone could make a blank last page
        story.append(Spacer(1, 10 * mm))
        story += [paragraph(line, styles["sign"]) for line in document.signature]

    return official_pdf(story, title=document.title, font=song)


def official_pdf(story, *, title: str, font: str) -> bytes:
    """Build `story` on A4 with the official-document margins and a centred page number."""

    def page_number(canvas, doc):
        canvas.setFont(font, 11)
        canvas.drawCentredString(A4[0] / 2, 18 * mm, f"— {doc.page} —")

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=30 * mm,
        bottomMargin=30 * mm,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        title=title,
        initialFontName=font,  # else reportlab adds Helvetica, a font no PDF carries
    )
    pdf.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


# --- XLSX / CSV / Markdown --------------------------------------------------


def render_xlsx(document: ReportDocument) -> bytes:
    """One sheet per domain; numbers as numbers, rates as percentages."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {}
    for table in document.tables:
        name = (table.sheet or table.title)[:31]
        sheet = sheets.get(name) or workbook.create_sheet(title=name)
        if name in sheets:
            sheet.append([])
        sheets[name] = sheet
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append([str(c) for c in table.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
        for r, row in enumerate(table.rows):
            sheet.append([_xlsx_value(v, table.percent_at(r, i)) for i, v in enumerate(row)])
            for cell in sheet[sheet.max_row]:
                xlsx_cell(cell)  # a programme's name is typed by a user: never a formula
            for index in range(len(row)):
                if table.percent_at(r, index):
                    sheet.cell(row=sheet.max_row, column=index + 1).number_format = "0.0%"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(40, max(10, width * 2))
    if not sheets:
        workbook.create_sheet(title="Summary").append([document.title])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value, percent: bool):
    if value is None or value == "":
        return None
    if percent:
        return float(Decimal(str(value)) / 100)
    return value


def render_csv(table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_value(str(c)) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_value(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def render_markdown(document: ReportDocument) -> str:
    document = document.printable()
    lines = [f"# {document.title}", ""]
    for item in document.paragraphs:
        lines += [("## " if item.level == 1 else "### " if item.level == 2 else "") + item.text, ""]
    for table in document.tables:
        lines += [
            f"**{table.title}**",
            "",
            "| " + " | ".join(map(str, table.columns)) + " |",
            "|" + " --- |" * len(table.columns),
        ]
        lines += [
            "| " + " | ".join(_cell_text(v, table.percent_at(r, i)) for i, v in enumerate(row)) + " |"
            for r, row in enumerate(table.rows)
        ]
        lines += ["", table.note, ""] if table.note else [""]
    lines += [f"{line}  " for line in document.signature]
    return "\n".join(lines) + "\n"
