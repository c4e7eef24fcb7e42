"""The template a user downloads for each kind of ledger (XLSX with a notes sheet, or CSV)."""

import csv
import io

from django.utils.translation import gettext as _

from directory.exports import csv_value, xlsx_cell

from .spec import Kind

TEXT_COLUMNS = {"id_number", "phone"}  # kept as text, or Excel drops the X and the leading digits


def template_xlsx(spec: Kind) -> bytes:
    import openpyxl  # some 20 MB, loaded by the process that writes a template, not with the pages
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Ledger")
    sheet.append([column.label for column in spec.columns])
    sheet.append([column.example for column in spec.columns])
    for index, column in enumerate(spec.columns, start=1):
        xlsx_cell(sheet.cell(row=2, column=index))
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.label) * 3)
        if column.key in TEXT_COLUMNS:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    notes = book.create_sheet(_("Notes"))
    notes.append([_("Column"), _("Required"), _("Also accepted as"), _("How to fill it in")])
    for column in spec.columns:
        notes.append(
            [
                column.label,
                _("yes") if column.required else "",
                "、".join(column.synonyms),
                str(column.note),
            ]
        )
    notes.append([])
    notes.append(
        [
            _(
                "Delete the example row before importing. A title row above the header and a totals row (合计) at the end are ignored."
            )
        ]
    )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def template_csv(spec: Kind) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([column.label for column in spec.columns])
    writer.writerow([csv_value(column.example) for column in spec.columns])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
