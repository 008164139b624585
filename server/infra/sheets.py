"""The one spreadsheet writer (CSV and XLSX) for every export.

Text is written as text, always: a cell beginning with "=", "+", "-" or "@" is
never a live formula (XLSX: an explicit string cell; CSV: a leading apostrophe,
which a spreadsheet shows and does not run), and ID numbers and phone numbers
stay text rather than 6.40102E+17. Numbers and dates stay numbers and dates.

    body = to_xlsx(Sheet("发放明细", headers, rows, number_formats={5: "0.00"}), Sheet("汇总", [], summary))
    body = to_csv(headers, rows)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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


def to_xlsx(*sheets: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])

        def cell(v: Any, column: int, sheet: Any = sheet, spec: Sheet = spec) -> Any:
            if v is None:
                return None
            if _is_number(v) or isinstance(v, (dt.date, dt.datetime)):
                c = WriteOnlyCell(sheet, v)
                if column in spec.number_formats:
                    c.number_format = spec.number_formats[column]
                return c
            # XLSX cannot hold most control characters (openpyxl refuses them): each becomes U+FFFD.
            c = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(v)))
            c.data_type = "s"  # never a formula, never a number
            return c

        if spec.headers:
            sheet.append([cell(h, 0) for h in spec.headers])
        for row in spec.rows:
            sheet.append([cell(v, n) for n, v in enumerate(row, start=1)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM (Excel opens Chinese correctly); text cells made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [
                ""
                if v is None
                else v.isoformat()
                if isinstance(v, dt.date)
                else safe_text(v)
                if isinstance(v, str)
                else v
                for v in row
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
