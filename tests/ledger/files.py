"""Ledger files as offices make them, generated in the tests: GBK CSV, XLSX with a merged title and a totals row."""

import csv
import io
from datetime import date

import openpyxl

from tests.factories import valid_id_number

HEADER = ["序号", "登记日期", "来访人", "性别", "身份证号码", "电话", "信访形式", "问题类别", "反映问题", "诉求"]


def petition_rows(n: int = 3, *, start: date = date(2025, 3, 8)) -> list[list]:
    """`n` rows of a petitions ledger, each a different woman with a valid ID number and phone."""
    rows = []
    for i in range(n):
        rows.append(
            [
                i + 1,
                f"{start.year}-{start.month}-{start.day + i % 20}",
                f"{'陈李黄张刘王'[i % 6]}{'秀英玉兰桂芳'[i % 3 * 2 : i % 3 * 2 + 2]}{i}",
                "女",
                valid_id_number(date(1980 + i % 20, 1 + i % 12, 1 + i % 28)),
                f"138{i:08d}",
                "来访",
                "婚姻家庭/家庭暴力",
                f"丈夫酗酒后殴打她(第{i}件)。",
                "要求制止家暴",
            ]
        )
    return rows


def csv_bytes(rows, *, header=HEADER, encoding="gbk", bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, header=HEADER, title="2025年雄州街道妇联信访工作台账", totals=True) -> bytes:
    """A title row merged across the columns above the header, as offices do, and a 合计 row at the foot."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if totals:
        sheet.append(["合计", None, f"{len(rows)}人"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
