"""Reading an uploaded XLSX safely: refuse, before a reader parses a byte, a workbook whose
XML declares a DTD or entities (external entities, "billion laughs"), that unpacks to more
than `MAX_UNPACKED` bytes (issue 13), or whose cells span more than `MAX_CELLS` (rows × columns
from A1). `first_sheet` is the one reader: it checks the workbook, then reads it with calamine
(Rust; many times openpyxl's speed).

calamine makes a sheet dense: it allocates rows × columns from the first cell to the last, and
`to_python(skip_empty_area=False)` pads that from A1. Two cells at A1 and XFD1048576 (a few
kilobytes) asked for 550 GB and aborted the process, the API server with it (calamine issue
693); the area is therefore bounded from the sheet's XML first (`_Area`)."""

from __future__ import annotations

import io
import operator
import re
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from server import messages
from server.errors import invalid

MAX_UNPACKED = 200 * 1024 * 1024
# The cells calamine may hold for one sheet: an honest file under MAX_UNPACKED has fewer (some
# 600,000 members of twelve columns); 26 million took a gigabyte and seconds.
MAX_CELLS = 15_000_000
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20

# Every row and cell element (a namespace prefix allowed)...
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])")
# ... and those that say where they are: an `r` attribute after any others, each other attribute
# read whole (so a quoted value that looks like a reference is not taken for one). calamine reads
# the reference as it is written (no entities; a letter in either case; quotes of either kind).
# (Twelve digits or letters are far past any sheet, and int() never meets a number of thousands.)
_OTHER_ATTRIBUTES = rb"""(?:\s+(?!r\s*=)[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s+r\s*=\s*["']"""
_PLACED_ROW = re.compile(rb"<(?:[\w.-]+:)?row" + _OTHER_ATTRIBUTES + rb"([0-9]{0,12})")
_PLACED_CELL = re.compile(rb"<(?:[\w.-]+:)?c" + _OTHER_ATTRIBUTES + rb"([A-Za-z]{0,12})([0-9]{0,12})")
# What Excel, WPS and openpyxl write: the reference first, in double quotes, no prefix. A chunk where
# every `<c` and `<row` is so (counted) is read by these alone, several times faster.
_PLAIN_ROW = re.compile(rb'<row r="([0-9]{0,12})"')
_PLAIN_CELL = re.compile(rb'<c r="([A-Za-z]{0,12})([0-9]{0,12})"')
_PREFIXED = re.compile(rb":(?:row|c)[\s/>]")


_first, _second = operator.itemgetter(0), operator.itemgetter(1)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _largest(numbers: Iterable[bytes]) -> int:
    return max(map(int, filter(None, set(numbers))), default=0)


class _Area:
    """An upper bound of the rows and columns calamine makes of a sheet's XML, fed chunk by chunk,
    each ending before a `<` (no tag is split: a `<` starts markup and nowhere else). A cell or row
    with a reference is where it says; one without follows the one before it (the next column of
    its row, the row after the last), so the bound adds those to the largest reference."""

    def __init__(self) -> None:
        self.rows = 0  # the largest row a reference names
        self.columns = 0  # the largest column
        self.unplaced_rows = 0
        self.run = 0  # unplaced cells so far in the row being read
        self.widest_run = 0

    def _placed(self, rows: list[bytes], cells: list[tuple[bytes, bytes]]) -> None:
        if cells:
            self.rows = max(self.rows, _largest(map(_second, cells)))
            self.columns = max(self.columns, max(map(_column, set(map(_first, cells)))))
        self.rows = max(self.rows, _largest(rows))

    def feed(self, chunk: bytes) -> None:
        rows, cells = _PLAIN_ROW.findall(chunk), _PLAIN_CELL.findall(chunk)
        if chunk.count(b"<c") == len(cells) and chunk.count(b"<row") == len(rows) and not _PREFIXED.search(chunk):
            self._placed(rows, cells)
            if rows:
                self.run = 0  # every cell is placed: the row being read has no unplaced one
            return
        # Anything else (a prefix, the reference later or in single quotes, none at all; or just
        # <cols>, <rowBreaks> and the like around the cells): element by element.
        rows, cells = _PLACED_ROW.findall(chunk), _PLACED_CELL.findall(chunk)
        self._placed(rows, cells)
        for m in _ROW_OR_CELL.finditer(chunk):
            if m[1] == b"row":
                self.run = 0
                if not _PLACED_ROW.match(chunk, m.start()):
                    self.unplaced_rows += 1
            elif not _PLACED_CELL.match(chunk, m.start()):
                self.run += 1
                self.widest_run = max(self.widest_run, self.run)

    def cells(self) -> tuple[int, int]:
        return self.rows + self.unplaced_rows, self.columns + self.widest_run


def _check_area(part: IO[bytes], field: str) -> None:
    area = _Area()
    pending: list[bytes] = []  # read since the last `<`
    while chunk := part.read(_CHUNK):
        cut = chunk.rfind(b"<")
        if cut < 0:
            pending.append(chunk)
            continue
        area.feed(b"".join([*pending, chunk[:cut]]))
        pending = [chunk[cut:]]
    area.feed(b"".join(pending))
    rows, columns = area.cells()
    if rows * columns > MAX_CELLS:
        raise invalid(field, messages.XLSX_TOO_MANY_CELLS, rows=rows, columns=columns, limit=MAX_CELLS)


def _declares_dtd(part: IO[bytes]) -> bool:
    tail = b""
    first = True
    while chunk := part.read(_CHUNK):
        if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: look at the text
            chunk = (chunk + part.read()).decode("utf-16", errors="ignore").encode()
        first = False
        if _DECLARATION.search(tail + chunk):
            return True
        tail = chunk[-16:]
    return False


def check_workbook(content: bytes, field: str = "file") -> None:
    """Raise InvalidInput (422 naming `field`) for a workbook that declares a DTD or entities,
    that unpacks too large, or whose cells span too many rows × columns. A file that is not a zip
    at all is left to the reader."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise invalid(field, messages.XLSX_TOO_LARGE, limit=MAX_UNPACKED // (1024 * 1024))
        for info in archive.infolist():
            try:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(info) as part:
                        if _declares_dtd(part):
                            raise invalid(field, messages.XLSX_DTD, part=info.filename)
                with archive.open(info) as part:  # every part: the workbook may name a sheet any way
                    _check_area(part, field)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                continue  # a damaged part: the reader says it is not a workbook if it needs it


class NotAWorkbook(ValueError):
    """The bytes are no workbook the reader can read; its text says why."""


def _only_xlsx(content: bytes) -> None:
    """calamine guesses the format from the bytes and reads XLS, XLSB and ODS as well, whose cells
    `check_workbook` does not see (an ODS row "repeated" 100,000 times, 25 cells wide, is a kilobyte):
    only an XLSX reaches it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotAWorkbook("not an XLSX file (no zip archive)") from None
    if "xl/workbook.xml" not in names or names & {"xl/workbook.bin", "content.xml"}:
        raise NotAWorkbook("not an XLSX file (no xl/workbook.xml, or the parts of another format)")


def first_sheet(content: bytes, field: str = "file") -> list[list[Any]]:
    """The first sheet's rows from A1, every row as wide as the sheet: texts, numbers as float,
    dates as `date`/`datetime`, empty cells as "". `check_workbook` first (InvalidInput naming
    `field`); bytes that are no workbook raise NotAWorkbook."""
    check_workbook(content, field)
    _only_xlsx(content)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError, OSError) as exc:
        raise NotAWorkbook(str(exc) or type(exc).__name__) from None
