"""From an uploaded file to rows of cells: XLSX through openpyxl, CSV through the csv module, in any of the encodings offices save."""

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .cells import key, text

ENCODINGS = [
    ("auto", gettext_lazy("Detect")),
    ("utf-8", "UTF-8"),
    ("utf-8-sig", gettext_lazy("UTF-8 with BOM")),
    ("gbk", "GBK"),
    ("gb18030", "GB18030"),
]
# Rows that close a ledger rather than record anything in it.
CLOSING_WORDS = (
    "合计",
    "总计",
    "小计",
    "共计",
    "填表人",
    "制表人",
    "填报人",
    "审核人",
    "注:",
    "注：",
    "说明:",
    "说明：",
)
HEADER_SEARCH_ROWS = 10


class FileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, wrong encoding, no header)."""


@dataclass
class Sheet:
    encoding: str  # "" for XLSX
    rows: Iterator[tuple[int, list]]  # (line number as the office sees it, cells)


def open_sheet(data: bytes, file_name: str, encoding: str = "auto") -> Sheet:
    """The first worksheet of an XLSX file, or a CSV file decoded as asked (or as detected)."""
    if data[:4] == b"PK\x03\x04":
        return Sheet("", _xlsx_rows(data))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or file_name.lower().endswith(".xls"):
        raise FileError(_("This is an old Excel file (.xls): save it as .xlsx or CSV and upload that."))
    text_value, used = decode(data, encoding)
    return Sheet(used, _csv_rows(text_value))


def decode(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if encoding and encoding != "auto":
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            raise FileError(
                _("The file cannot be read as %(encoding)s; choose another encoding or let it be detected.")
                % {"encoding": encoding.upper()}
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig"), "utf-8-sig"
    for candidate in ("utf-8", "gbk", "gb18030"):
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file's encoding is not UTF-8, GBK or GB18030; save it again as CSV (UTF-8)."))


def _xlsx_rows(data: bytes):
    import openpyxl  # some 20 MB, loaded by the process that reads a workbook, not with the pages

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileError(_("This file is not an Excel workbook (.xlsx) that can be read.")) from None

    def rows():
        try:
            sheet = book.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()

    return rows()


def _csv_rows(value: str):
    # Read as a stream (quotes, commas inside cells, line breaks inside quotes): a large
    # ledger is never held as a second copy, cell by cell, while its rows are checked.
    try:
        yield from enumerate(csv.reader(io.StringIO(value, newline="")), start=1)
    except csv.Error as error:
        raise FileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None


def split_header(rows, labels: dict[str, str]):
    """(header line, {position: key}, {position: header as written}, the data rows after it)."""
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    line, columns, written = find_header(head, labels)
    return line, columns, written, itertools.chain((row for row in head if row[0] > line), rows)


def find_header(rows, labels: dict[str, str]) -> tuple[int, dict[int, str], dict[int, str]]:
    """The header row among the first few (a title row merged across the columns often sits above it).

    `labels` maps each accepted column name (compared loosely) to a column key.
    Returns (the header's line, {position: column key}, {position: the header as written}).
    """
    best = (0, None, {}, {})
    for number, cells in rows:
        found, written = {}, {}
        for position, cell in enumerate(cells):
            column = labels.get(key(cell))
            if column and column not in found.values():
                found[position], written[position] = column, text(cell)
        if len(found) > best[0]:
            best = (len(found), number, found, written)
    if best[0] < 2:
        raise FileError(_("No header row was found in the first rows: use the template's column names."))
    return best[1], best[2], best[3]


def is_blank(cells) -> bool:
    return all(text(cell) == "" for cell in cells)


def is_closing(cells) -> bool:
    """A totals row (合计) or a signature line at the foot of the ledger."""
    for cell in cells:
        value = text(cell).replace(" ", "")
        if value:
            return value.startswith(CLOSING_WORDS)
    return False


def count_rows(data: bytes) -> int:
    """About how many rows a file holds (header and title included), without reading its cells."""
    if data[:4] == b"PK\x03\x04":
        import openpyxl  # as in _xlsx_rows

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return 0
        try:
            sheet = book.worksheets[0]
            if sheet.max_row:  # the dimension the workbook declares
                return sheet.max_row
            return sum(1 for _row in sheet.iter_rows(values_only=True))
        finally:
            book.close()
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
