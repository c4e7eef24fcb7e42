"""Streamed CSV and XLSX exports of a user's filtered rows, logged.

Rows are read with `.iterator()` and written as they come, so memory does
not grow with the row count: CSV streams straight to the client, XLSX is
written row by row (openpyxl's write-only mode) to a temporary file that is
then streamed.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .privacy import log_access

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


class _Echo:
    def write(self, value):
        return value


def csv_stream(headers: Sequence[str], rows: Iterable[Sequence]):
    writer = csv.writer(_Echo())
    # A BOM so that Excel opens UTF-8 with Chinese text correctly.
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow(["" if v is None else v for v in row])


def xlsx_file(headers: Sequence[str], rows: Iterable[Sequence], title: str = "Sheet1"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_response(
    *, request, queryset, columns: Sequence[Column], fmt: str, basename: str, detail: dict | None = None
):
    """Stream `queryset` (already scoped and filtered) as CSV or XLSX and log it."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    count = queryset.count()
    headers = [str(c.header) for c in columns]
    rows = ([c.value(obj) for c in columns] for obj in queryset.iterator(chunk_size=1000))
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
