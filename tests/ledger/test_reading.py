"""Cells and files read as offices write them."""

import codecs
from datetime import date

import pytest

from ledger.cells import CellError, parse_bool, parse_date
from ledger.reading import FileError, decode, open_sheet

from .files import csv_bytes, petition_rows


@pytest.mark.parametrize(
    "written",
    ["2025-3-8", "2025/03/08", "2025年3月8日", "2025.3.8", "20250308", 45724, 45724.0, "45724", "2025-03-08 10:30"],
)
def test_a_date_is_read_in_every_style_offices_write(written):
    assert parse_date(written) == date(2025, 3, 8)


@pytest.mark.parametrize("written", ["3月8日", "2025-2-30", "下周一", 12])
def test_a_cell_that_is_no_date_says_so(written):
    with pytest.raises(CellError):
        parse_date(written)


def test_yes_and_no_are_read_in_chinese():
    assert (parse_bool("是"), parse_bool("否"), parse_bool(""), parse_bool("√")) == (True, False, None, True)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", "来访日期,姓名\n".encode()),
        ("utf-8-sig", codecs.BOM_UTF8 + "来访日期,姓名\n".encode()),
        ("gbk", "来访日期,姓名\n".encode("gbk")),
        ("gb18030", "来访日期,姓名,𠀀\n".encode("gb18030")),
    ],
)
def test_the_encoding_of_a_csv_file_is_detected(encoding, data):
    text, used = decode(data)
    assert used == encoding
    assert text.startswith("来访日期,姓名")


def test_a_gbk_file_read_as_utf8_on_request_is_refused_with_a_message():
    with pytest.raises(FileError, match="UTF-8"):
        decode(csv_bytes(petition_rows(1)), "utf-8")


def test_an_old_xls_file_is_refused_with_a_message():
    with pytest.raises(FileError, match=".xls"):
        open_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "台账.xls")
