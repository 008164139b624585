"""Reading an import file: CSV (UTF-8 or GBK, decoded and parsed as it is read) or XLSX, to a
`Table` of its header row and non-blank rows; and the capped list of the rows' errors."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from server.errors import FieldError, InvalidInput, invalid
from server.infra.xlsx import NotAWorkbook, first_sheet
from server.modules.orgs.messages import (
    CSV_ENCODING,
    CSV_ERROR,
    FILE_EMPTY,
    NOT_CSV,
    NOT_XLSX,
    SHEET_EMPTY,
    UNKNOWN_FILE,
)

# A file with more bad rows than this answers with the first ones only, says so (`errors_truncated`)
# and gives the total (`error_count`, `bad_rows`): an all-bad upload of 58 MB once answered with a
# 103.7 MB problem body. Rows past the limit are still checked, to count them, but not kept.
MAX_ROW_ERRORS = 1000


class Table:
    """A file's header row and its non-blank rows. `rows()` reads them again each time it is called
    (a CSV is parsed from its bytes as it is read, never held as a list of rows)."""

    def __init__(self, headers: list[str], rows: Callable[[], Iterator[tuple[int, list[str]]]]):
        self.headers = headers
        self.rows = rows  # (line number in the file, cells)


class RowErrors:
    """The row errors of one import, in file order: the first `limit` kept, every one counted."""

    def __init__(self, limit: int = MAX_ROW_ERRORS):
        self.kept: list[FieldError] = []
        self.limit = limit
        self.count = 0
        self.bad_rows = 0
        self._last_row: int | None = None

    def append(self, error: FieldError) -> None:
        self.count += 1
        if error.row != self._last_row:  # a row's errors come together
            self.bad_rows += 1
            self._last_row = error.row
        if len(self.kept) < self.limit:
            self.kept.append(error)

    def extend(self, errors: Iterable[FieldError]) -> None:
        for e in errors:
            self.append(e)

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count


# --- reading files -------------------------------------------------------------------


def detect_format(filename: str | None = None, content_type: str | None = None, content: bytes = b"") -> str:
    name = (filename or "").lower()
    ctype = (content_type or "").lower()
    if name.endswith(".xlsx") or "spreadsheetml" in ctype or content[:2] == b"PK":
        return "xlsx"
    if name.endswith((".csv", ".txt")) or "csv" in ctype or "text/" in ctype or content:
        return "csv"
    raise invalid("file", UNKNOWN_FILE)


def read_table(content: bytes, fmt: str) -> Table:
    if fmt == "xlsx":
        return _read_xlsx(content)
    return _read_csv(content)


def _decodes_as(content: bytes, encoding: str, chunk: int = 1 << 20) -> bool:
    """Does the whole of `content` decode as `encoding`? Checked piece by piece, nothing kept."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(content)
    try:
        for start in range(0, len(view), chunk):
            decoder.decode(view[start : start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _read_csv(content: bytes) -> Table:
    """The CSV read as a stream over its bytes: decoded and parsed as the rows are consumed, so an
    import holds the file once (its bytes), not also its text and a list of every row's cells."""
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        if _decodes_as(content, encoding):
            break
    else:
        raise invalid("file", CSV_ENCODING)

    def reader() -> Any:  # csv's reader type is private
        return csv.reader(io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline=""))

    first = reader()
    try:
        headers = next(first)
    except StopIteration:
        raise invalid("file", FILE_EMPTY) from None
    except csv.Error as exc:
        raise invalid("file", NOT_CSV, error=str(exc)) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        r = reader()
        try:
            next(r)  # the header row
            for cells in r:
                if "".join(cells).strip():  # skip blank lines (one join, not a strip per cell)
                    yield r.line_num, cells
        except csv.Error as exc:
            raise InvalidInput(FieldError("file", CSV_ERROR, r.line_num, error=str(exc))) from None

    return Table(headers, rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(content: bytes) -> Table:
    try:
        values = first_sheet(content)  # a DTD or entity declaration, or a zip bomb, is refused first
    except NotAWorkbook as exc:
        raise invalid("file", NOT_XLSX, error=str(exc)) from None
    if not values:
        raise invalid("file", SHEET_EMPTY)
    headers = [_cell(h) for h in values[0]]
    rows = []
    for line, row in enumerate(values[1:], start=2):
        cells = [_cell(v) for v in row]
        if any(c.strip() for c in cells):
            rows.append((line, cells))
    return Table(headers, lambda: iter(rows))
