"""An official document (告知书, 意见书, 转送单, 申请表, 签到表) as DOCX and PDF.

The layout follows GB/T 9704 as the work report does (`reporting/render.py`):
A4, the issuing authority and the title in 小标宋 二号 centred, the document
number (文号) right-aligned under them, the addressee (主送) flush left, body
text in 仿宋_GB2312 三号 with a two-character indent on a 28-point line, the
seal's place at the bottom right above the issuing authority and the date in
Chinese numerals (二〇二五年三月八日), page numbers "— 1 —" at the foot. The
PDF embeds the Song and Hei faces the reports ship (`reporting/pdftext.py`).
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from reporting.pdftext import ChineseParagraph, markup, register_fonts
from reporting.render import BODY_FONT, HEADING_FONT, TITLE_FONT, _font, _page_number_footer, official_pdf

from .document import OfficialDocument, Sheet
from .placeholders import chinese_date

SEAL_MARK = "（印章）"


def _widths(sheet: Sheet, total: float) -> list[float]:
    weights = sheet.widths or [1] * len(sheet.columns)
    return [total * w / sum(weights) for w in weights]


# --- DOCX ------------------------------------------------------------------


def render_docx(document: OfficialDocument) -> bytes:
    docx = Document()
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)

    for line in (document.issuer, document.title):
        heading = docx.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_after = Pt(6)
        _font(heading.add_run(line), TITLE_FONT, 22)
    if document.number:
        number = docx.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        number.paragraph_format.space_after = Pt(12)
        _font(number.add_run(document.number), BODY_FONT, 16)

    def body_paragraph(text, indent=True):
        paragraph = docx.add_paragraph()
        paragraph.paragraph_format.line_spacing = Pt(28)
        paragraph.paragraph_format.space_after = Pt(0)
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        _font(paragraph.add_run(text), BODY_FONT, 16)

    if document.addressee():
        body_paragraph(document.addressee(), indent=False)
    for text in document.body():
        body_paragraph(text)

    if document.sheet:
        sheet = document.sheet
        grid = docx.add_table(rows=1, cols=len(sheet.columns))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = _widths(sheet, 156)
        for cell, header, width in zip(grid.rows[0].cells, sheet.columns, widths, strict=True):
            cell.width = Mm(width)
            _font(cell.paragraphs[0].add_run(header), HEADING_FONT, 12)
        for row in sheet.rows:
            added = grid.add_row()
            if sheet.row_height_mm:
                added.height = Mm(sheet.row_height_mm)
            for cell, value, width in zip(added.cells, row, widths, strict=True):
                cell.width = Mm(width)
                _font(cell.paragraphs[0].add_run(str(value)), BODY_FONT, 12)

    # The seal covers the issuing authority and the date, right-aligned, four characters in from the margin.
    docx.add_paragraph()
    for text in (SEAL_MARK, document.issuer, chinese_date(document.dated)):
        paragraph = docx.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)
        paragraph.paragraph_format.line_spacing = Pt(28)
        paragraph.paragraph_format.space_after = Pt(0)
        _font(paragraph.add_run(text), BODY_FONT, 16)

    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------


def render_pdf(document: OfficialDocument) -> bytes:
    song, hei = register_fonts()

    def style(name, font, size, leading, **options):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **options)

    styles = {
        "title": style("title", hei, 20, 30, alignment=TA_CENTER),
        "number": style("number", song, 14, 26, alignment=TA_RIGHT, spaceBefore=8, spaceAfter=8),
        "addressee": style("addressee", song, 14, 26),
        "body": style("body", song, 14, 26, firstLineIndent=28),
        "cell": style("cell", song, 10.5, 15),
        "head": style("head", hei, 10.5, 15),
        "sign": style("sign", song, 14, 26, alignment=TA_RIGHT, rightIndent=28 * 2),
    }

    def paragraph(text, name):
        return ChineseParagraph(markup(text, styles[name].fontName), styles[name])

    story = [paragraph(document.issuer, "title"), paragraph(document.title, "title")]
    if document.number:
        story.append(paragraph(document.number, "number"))
    else:
        story.append(Spacer(1, 8 * mm))
    if document.addressee():
        story.append(paragraph(document.addressee(), "addressee"))
    story += [paragraph(text, "body") for text in document.body()]

    if document.sheet:
        sheet = document.sheet
        data = [[paragraph(c, "head") for c in sheet.columns]]
        data += [[paragraph(str(v), "cell") for v in row] for row in sheet.rows]
        heights = [None] + [sheet.row_height_mm * mm or None] * len(sheet.rows)
        grid = PdfTable(data, repeatRows=1, colWidths=_widths(sheet, A4[0] - 50 * mm), rowHeights=heights)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("FONTNAME", (0, 0), (-1, -1), song),
                ]
            )
        )
        story += [Spacer(1, 4 * mm), grid]

    story.append(
        KeepTogether(
            [
                Spacer(1, 12 * mm),
                paragraph(SEAL_MARK, "sign"),
                paragraph(document.issuer, "sign"),
                paragraph(chinese_date(document.dated), "sign"),
            ]
        )
    )

    return official_pdf(story, title=f"{document.title} {document.number}".strip(), font=song)
