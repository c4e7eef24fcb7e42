"""Streamed CSV and XLSX exports of a user's filtered rows, logged.

Rows are read with `.iterator()` and written as they come, so memory does
not grow with the row count: CSV streams straight to the client, XLSX is
written row by row to a temporary file that is then streamed.

Every cell goes through `csv_value` / `xlsx_cell` (or, in `write_xlsx`, the
same rule as a cell style), which keep identifiers as text and stop a
spreadsheet from running what a user typed (below).

`write_xlsx` writes the workbook's XML itself rather than through openpyxl:
openpyxl makes and serialises an object per cell (some 15 µs), which made a
whole-register export of a million petitions take over a quarter of an hour;
the file it writes is the one openpyxl's write-only mode writes (inline
strings, the same styles), read back by openpyxl in the tests.
"""

import csv
import datetime
import io
import math
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import quoteattr

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .privacy import log_access, require_export_format

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


# Digits a spreadsheet would turn into a number and mangle: an 18-digit ID number becomes
# 4.40282E+17 (and loses its last three digits past 15), a leading zero disappears.
# Eleven-digit mobile numbers survive as numbers, so they are left alone.
IDENTIFIER = re.compile(r"\d{12,}|0\d+")
# A cell starting with one of these is a formula (or becomes one once the spreadsheet
# strips the tab or CR) - a user who typed "=HYPERLINK(...)" into a note could run it on
# the manager's machine (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")  # "-5", "+3.5": a number, not a formula


# Neither rule can apply to a text that starts with none of these (most of them).
_RISKY_START = frozenset("0123456789=+-@\t\r")
IDENTIFIER_TEXT, FORMULA_TEXT = "identifier", "formula"


def _formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)


def text_kind(text: str) -> str | None:
    """IDENTIFIER_TEXT, FORMULA_TEXT, or None for a text a spreadsheet shows as it is."""
    if not text or text[0] not in _RISKY_START:
        return None
    if IDENTIFIER.fullmatch(text):
        return IDENTIFIER_TEXT
    if _formula_like(text):
        return FORMULA_TEXT
    return None


def csv_value(value):
    """A value as a CSV cell that Excel, WPS and LibreOffice Calc show as it was meant.

    Identifiers get a leading tab: all three read a field that does not start with a digit
    as text and keep every digit, and the tab does not show. (The other usual trick,
    ="440282…", is a formula: Calc shows it literally unless formulas are evaluated on
    import, and it is the very thing the next rule forbids. A leading apostrophe shows as
    an apostrophe in a CSV.) A text a user typed that starts like a formula gets the
    apostrophe, as OWASP recommends: it is then shown, never run. Real numbers (int,
    Decimal, float, negative or not) are written as numbers.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    kind = text_kind(value)
    if kind is None:
        return value
    return ("\t" if kind == IDENTIFIER_TEXT else "'") + value


def xlsx_cell(cell):
    """Type an openpyxl cell holding a user's text as text.

    openpyxl stores any string starting with "=" as a formula; a text cell with Excel's
    quote prefix (the apostrophe a user types before "=…", kept as a style, not as a
    character) shows the text and is never evaluated, even after the cell is edited.
    Identifiers get the text number format "@" so that editing them keeps every digit.
    """
    value = cell.value
    if isinstance(value, str):
        cell.data_type = "s"
        kind = text_kind(value)
        if kind == IDENTIFIER_TEXT:
            cell.number_format = "@"
        elif kind == FORMULA_TEXT:
            cell.quotePrefix = True
    return cell


class _Echo:
    def write(self, value):
        return value


def csv_stream(headers: Sequence[str], rows: Iterable[Sequence]):
    writer = csv.writer(_Echo())
    # A BOM so that Excel opens UTF-8 with Chinese text correctly.
    yield "\ufeff" + writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row])


def write_csv(out, headers: Sequence[str], rows: Iterable[Sequence]):
    """Write the rows as CSV (UTF-8 with a BOM, as csv_stream) into the binary file `out`."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    text.write("\ufeff")
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    text.flush()
    text.detach()  # leave `out` open for its owner


# The parts of a one-sheet workbook besides the sheet. Cell styles (cellXfs, by index):
# 0 plain; 1 text number format "@" (identifiers); 2 quote prefix (text that starts like
# a formula: shown, never evaluated); 3 a date; 4 a date and time.
_XLSX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="styles.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>'
    "</Relationships>"
)
_XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<bookViews><workbookView/></bookViews>"
    '<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
_XLSX_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_XLSX_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_XLSX_SHEET_END = "</sheetData></worksheet>"
_TEXT_STYLE = {None: "", IDENTIFIER_TEXT: ' s="1"', FORMULA_TEXT: ' s="2"'}
# What XML text cannot hold as it is: markup, a carriage return (a parser would read a
# line feed), and the control characters XML 1.0 forbids (dropped, as a spreadsheet cannot show them).
_XML_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_TEXT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
    | dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
)
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
# Rows gathered before one write to the sheet's file.
_XLSX_ROWS_PER_WRITE = 500


def _xlsx_cell_xml(ref: str, value) -> str:
    """One <c> element: the value typed as `xlsx_cell` would type it."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value if _XML_SPECIAL.search(value) is None else value.translate(_XML_TEXT)
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'<c r="{ref}" t="inlineStr"{_TEXT_STYLE[text_kind(value)]}><is><t{space}>{text}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | Decimal) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - _EXCEL_EPOCH) / datetime.timedelta(days=1)
        return f'<c r="{ref}" s="4"><v>{serial}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="3"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
    return _xlsx_cell_xml(ref, str(value))


def write_xlsx(out, headers: Sequence[str], rows: Iterable[Sequence], title: str = "Sheet1"):
    """Write the rows as one sheet of an XLSX workbook into the binary file `out`, row by row.

    Memory stays flat: the sheet's XML goes to a temporary file, which is then
    compressed into the workbook (as openpyxl's write-only mode does; the
    archive uses ZIP64 only if the sheet outgrows 2 GB). Text is stored inline,
    typed as `xlsx_cell` types it: identifiers with the text format "@", text
    that starts like a formula with the quote prefix.
    """
    # openpyxl (some 20 MB) is loaded by the XLSX export only, not by every process that imports this module.
    from openpyxl.utils import get_column_letter

    letters: list[str] = []

    def refs(n: int) -> list[str]:
        while len(letters) < n:
            letters.append(get_column_letter(len(letters) + 1))
        return letters

    name = _SHEET_TITLE_FORBIDDEN.sub(" ", title)[:31] or "Sheet1"
    with tempfile.TemporaryFile(suffix=".xml") as sheet:
        text = io.TextIOWrapper(sheet, encoding="utf-8", newline="", write_through=False)
        text.write(_XLSX_SHEET_START)
        pending = []
        for number, row in enumerate(_with_headers(headers, rows), 1):
            columns = refs(len(row))
            pending.append(
                f'<row r="{number}">'
                + "".join([_xlsx_cell_xml(f"{columns[i]}{number}", v) for i, v in enumerate(row)])
                + "</row>"
            )
            if len(pending) >= _XLSX_ROWS_PER_WRITE:
                text.write("".join(pending))
                pending.clear()
        text.write("".join(pending))
        text.write(_XLSX_SHEET_END)
        text.flush()
        text.detach()
        sheet.seek(0)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", _XLSX_CONTENT_TYPES)
            archive.writestr("_rels/.rels", _XLSX_RELS)
            archive.writestr("xl/workbook.xml", _XLSX_WORKBOOK.format(name=quoteattr(name)))
            archive.writestr("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS)
            archive.writestr("xl/styles.xml", _XLSX_STYLES)
            size = sheet.seek(0, io.SEEK_END)
            sheet.seek(0)
            info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=timezone.localtime().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=size > zipfile.ZIP64_LIMIT) as member:
                while chunk := sheet.read(1 << 20):
                    member.write(chunk)


def _with_headers(headers, rows):
    yield list(headers)
    yield from rows


def xlsx_file(headers: Sequence[str], rows: Iterable[Sequence], title: str = "Sheet1"):
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the FileResponse
    write_xlsx(handle, headers, rows, title)
    handle.seek(0)
    return handle


def column_rows(queryset, columns: Sequence[Column]):
    """The rows of `columns` over the model instances of `queryset`, read a chunk at a time."""
    return ([c.value(obj) for c in columns] for obj in queryset.iterator(chunk_size=1000))


def export_response(
    *,
    request,
    queryset,
    columns: Sequence[Column] = (),
    fmt: str,
    basename: str,
    detail: dict | None = None,
    headers: Sequence[str] | None = None,
    rows: Iterable[Sequence] | None = None,
    count: int | None = None,
):
    """Stream `queryset` (already scoped and filtered) as CSV or XLSX and log it.

    Either `columns` over its instances, or `headers` and `rows` made another way
    (from `.values()`, say) with the queryset still given for the count.
    """
    if fmt not in FORMATS:
        raise ValueError(fmt)
    require_export_format(request.user, fmt)
    count = queryset.count() if count is None else count
    if rows is None:
        headers = [str(c.header) for c in columns]
        rows = column_rows(queryset, columns)
    headers = [str(h) for h in headers]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{basename}-{stamp}.{fmt}"
    log_access(
        user=request.user,
        action="export",
        label=filename,
        detail={"rows": count, "format": fmt, "filter": dict(request.GET.lists()), **(detail or {})},
        request=request,
    )
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(headers, rows), content_type=CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        xlsx_file(headers, rows, basename), as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )
