"""Streamed CSV and XLSX exports of a user's filtered rows, logged.

Rows are read with `.iterator()` and written as they come, so memory does
not grow with the row count: CSV streams straight to the client, XLSX is
written row by row (openpyxl's write-only mode) to a temporary file that is
then streamed.

Every cell goes through `csv_value` / `xlsx_cell`, which keep identifiers
as text and stop a spreadsheet from running what a user typed (below).
"""

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

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


def _formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)


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
    if IDENTIFIER.fullmatch(value):
        return "\t" + value
    if _formula_like(value):
        return "'" + value
    return value


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
        if IDENTIFIER.fullmatch(value):
            cell.number_format = "@"
        elif _formula_like(value):
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


def write_xlsx(out, headers: Sequence[str], rows: Iterable[Sequence], title: str = "Sheet1"):
    """Write the rows as one sheet of an XLSX workbook (write-only mode: row by row) into `out`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([xlsx_cell(WriteOnlyCell(sheet, value=v)) for v in row])
    workbook.save(out)


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
