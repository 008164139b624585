"""The one spreadsheet writer (CSV and XLSX) for every export.

Text is written as text, always: a cell beginning with "=", "+", "-" or "@" is
never a live formula (XLSX: an explicit string cell; CSV: a leading apostrophe,
which a spreadsheet shows and does not run), and ID numbers and phone numbers
stay text rather than 6.40102E+17. Numbers and dates stay numbers and dates.

    body = to_xlsx(Sheet("发放明细", headers, rows, number_formats={5: "0.00"}), Sheet("汇总", [], summary))
    body = to_csv(headers, rows)
    return await download("xlsx", "members", Sheet(...))   # an API export: written off the event loop
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import anyio.to_thread

if TYPE_CHECKING:
    from litestar.response import Stream

FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet runs a cell starting so as a formula


@dataclass
class Sheet:
    """One worksheet: a title, a header row (may be empty) and rows; `number_formats` maps a
    1-based column to an Excel number format (e.g. {5: "0.00"} for yuan)."""

    title: str
    headers: list[str]
    rows: Iterable[list[Any]]
    number_formats: dict[int, str] = field(default_factory=dict)


def safe_text(value: str) -> str:
    """A text for CSV that no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


# XLSX cannot hold most control characters: each becomes U+FFFD (the set openpyxl refuses).
ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _write_xlsx(target: str | io.BytesIO, sheets: Sequence[Sheet]) -> None:
    """xlsxwriter, told never to turn a text into a formula, a number or a link. Writing to a
    file it keeps one row in memory (`constant_memory`), whatever the number of rows."""
    import xlsxwriter

    in_memory = isinstance(target, io.BytesIO)
    book = xlsxwriter.Workbook(
        target,
        {
            "in_memory": in_memory,
            "constant_memory": not in_memory,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for spec in sheets:
        sheet = book.add_worksheet(spec.title[:31])
        formats = {column - 1: book.add_format({"num_format": f}) for column, f in spec.number_formats.items()}
        write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
        n = 0
        if spec.headers:
            for c, h in enumerate(spec.headers):
                write_string(0, c, ILLEGAL_IN_XLSX.sub("\ufffd", str(h)))
            n = 1
        for row in spec.rows:
            for c, v in enumerate(row):
                if v is None:
                    continue
                if type(v) is str:  # the common case first
                    write_string(n, c, ILLEGAL_IN_XLSX.sub("\ufffd", v))  # never a formula, never a number
                elif _is_number(v):
                    write_number(n, c, float(v) if isinstance(v, Decimal) else v, formats.get(c))
                elif isinstance(v, dt.datetime):
                    write_datetime(n, c, v, formats.get(c, datetime_format))
                elif isinstance(v, dt.date):
                    write_datetime(n, c, v, formats.get(c, date_format))
                else:
                    write_string(n, c, ILLEGAL_IN_XLSX.sub("\ufffd", str(v)))
            n += 1
    book.close()


def to_xlsx(*sheets: Sheet) -> bytes:
    out = io.BytesIO()
    _write_xlsx(out, sheets)
    return out.getvalue()


def _csv_lines(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
    yield headers
    for row in rows:
        yield [
            "" if v is None else v.isoformat() if isinstance(v, dt.date) else safe_text(v) if isinstance(v, str) else v
            for v in row
        ]


def _write_file(fmt: str, sheets: Sequence[Sheet]) -> BinaryIO:
    """The file written to a temporary path, open for reading and already unlinked (the space
    is freed when the handle closes, however the download ends)."""
    fd, name = tempfile.mkstemp(prefix="saishang-export-", suffix=f".{fmt}")
    try:
        if fmt == "xlsx":
            os.close(fd)
            _write_xlsx(name, sheets)
        else:
            with open(fd, "w", encoding="utf-8-sig", newline="") as text:
                csv.writer(text).writerows(_csv_lines(sheets[0].headers, sheets[0].rows))
        return open(name, "rb")  # noqa: SIM115 - closed by the download's generator
    finally:
        os.unlink(name)


async def download(fmt: Literal["csv", "xlsx"], filename: str, *sheets: Sheet) -> Stream:
    """A spreadsheet download (CSV: the first sheet). Read the rows inside the tenant scope and
    close it first: the file is written in a worker thread, so the event loop keeps answering
    other requests and no transaction stays open while it is written, then it is streamed."""
    from litestar.response import Stream

    handle = await anyio.to_thread.run_sync(_write_file, fmt, sheets)
    size = os.fstat(handle.fileno()).st_size

    async def chunks() -> AsyncIterator[bytes]:
        try:
            while chunk := await anyio.to_thread.run_sync(handle.read, 1 << 20):
                yield chunk
        finally:
            handle.close()

    return Stream(
        chunks(),
        media_type=XLSX if fmt == "xlsx" else CSV,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"', "Content-Length": str(size)},
    )


def to_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM (Excel opens Chinese correctly); text cells made formula-safe."""
    out = io.StringIO()
    csv.writer(out).writerows(_csv_lines(headers, rows))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
