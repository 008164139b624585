"""Reading an uploaded XLSX safely: refuse, before a reader parses a byte, a workbook whose
XML declares a DTD or entities (external entities, "billion laughs") or that unpacks to more
than `MAX_UNPACKED` bytes (issue 13). `first_sheet` is the one reader: it checks the workbook,
then reads it with calamine (Rust; many times openpyxl's speed)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO, Any

from server import messages
from server.errors import invalid

MAX_UNPACKED = 200 * 1024 * 1024
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20


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
    or that unpacks too large. A file that is not a zip at all is left to the reader."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise invalid(field, messages.XLSX_TOO_LARGE, limit=MAX_UNPACKED // (1024 * 1024))
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(info) as part:
                    if _declares_dtd(part):
                        raise invalid(field, messages.XLSX_DTD, part=info.filename)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                return  # a damaged archive: the reader says it is not a workbook


class NotAWorkbook(ValueError):
    """The bytes are no workbook the reader can read; its text says why."""


def first_sheet(content: bytes, field: str = "file") -> list[list[Any]]:
    """The first sheet's rows from A1, every row as wide as the sheet: texts, numbers as float,
    dates as `date`/`datetime`, empty cells as "". `check_workbook` first (InvalidInput naming
    `field`); bytes that are no workbook raise NotAWorkbook."""
    check_workbook(content, field)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError, OSError) as exc:
        raise NotAWorkbook(str(exc) or type(exc).__name__) from None
