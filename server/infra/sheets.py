"""The one spreadsheet writer (CSV and XLSX) for every export.

Text is written as text, always: a cell beginning with "=", "+", "-" or "@" is
never a live formula (XLSX: an explicit string cell; CSV: a leading apostrophe,
which a spreadsheet shows and does not run), and ID numbers and phone numbers
stay text rather than 6.40102E+17. Numbers and dates stay numbers and dates.

    body = to_xlsx(Sheet("发放明细", headers, rows, number_formats={5: "0.00"}), Sheet("汇总", [], summary))
    body = to_csv(headers, rows)
    return await download("xlsx", "members", Sheet(...))   # an API export: off the event loop (below)
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import os
import pickle
import re
import struct
import sys
import tempfile
import zipfile
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Literal

if TYPE_CHECKING:
    from litestar.response import Stream

FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet runs a cell starting so as a formula


@dataclass(frozen=True)
class Query:
    """Rows an API export's writer child reads from PostgreSQL itself, on a connection of its own,
    for an export too large to pass through the API (`download`): the tenant scope's statement
    (tenancy.scope_statement: without it the query finds no table), the query and its arguments,
    and `shape`, which makes a record a row. `shape` is pickled to the child: an instance of a
    module-level class, its module light to import."""

    scope: str
    sql: str
    args: tuple[Any, ...]
    shape: Callable[[Mapping[str, Any]], list[Any]]


@dataclass
class Sheet:
    """One worksheet: a title, a header row (may be empty) and rows (or, for `download`, a Query);
    `number_formats` maps a 1-based column to an Excel number format (e.g. {5: "0.00"} for yuan)."""

    title: str
    headers: list[str]
    rows: Iterable[list[Any]] | Query
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


_EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)
_DATE, _DATETIME = "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"


def _column(n: int) -> str:
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


_NEEDS_ESCAPE = re.compile(r'[&<>"\x00-\x08\x0b\x0c\x0e-\x1f]')
needs_escape = _NEEDS_ESCAPE.search


def _esc(text: str) -> str:
    text = ILLEGAL_IN_XLSX.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _write_xlsx(target: IO[bytes], sheets: Sequence[Sheet]) -> None:
    """A workbook written as its XML parts, streamed row by row into the zip: texts as inline
    strings (never a formula, never a number), numbers and dates as numbers with their formats.
    (xlsxwriter spends some 15 microseconds a cell, far more than the CSV writer.)"""
    formats = [_DATE, _DATETIME, *dict.fromkeys(f for s in sheets for f in s.number_formats.values())]
    style = {f: n + 1 for n, f in enumerate(formats)}  # cellXfs index; 0 is the default
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        names = [spec.title[:31] for spec in sheets]
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for n in range(1, len(sheets) + 1)
            )
            + "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{_esc(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
            )
            + "</sheets></workbook>",
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{n}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        book.writestr(
            "xl/styles.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<numFmts count="{len(formats)}">'
            + "".join(f'<numFmt numFmtId="{164 + n}" formatCode="{_esc(f)}"/>' for n, f in enumerate(formats))
            + '</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(formats) + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            + "".join(
                f'<xf numFmtId="{164 + n}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                for n in range(len(formats))
            )
            + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>",
        )
        for n, spec in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                _write_sheet(part, spec, style)


def _write_sheet(part: IO[bytes], spec: Sheet, style: dict[str, int]) -> None:
    part.write(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    column_style = {c - 1: style[f] for c, f in spec.number_formats.items()}
    date_style, datetime_style = style[_DATE], style[_DATETIME]
    letters: list[str] = []
    lines: list[str] = []
    rows = itertools.chain([spec.headers] if spec.headers else [], _rows(spec))
    for r, row in enumerate(rows, start=1):
        if len(row) > len(letters):
            letters = [_column(c) for c in range(1, len(row) + 1)]
        cells = []
        for c, v in enumerate(row):
            kind = type(v)
            if kind is str:  # the common case first; most texts need no escaping at all
                text = _esc(v) if needs_escape(v) else v
                cells.append(f'<c r="{letters[c]}{r}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            elif v is None:
                continue
            elif kind is int or kind is float or kind is Decimal:
                s = column_style.get(c)
                number = float(v) if kind is Decimal else v
                ref = f"{letters[c]}{r}"
                cells.append(f'<c r="{ref}" s="{s}"><v>{number}</v></c>' if s else f'<c r="{ref}"><v>{number}</v></c>')
            elif isinstance(v, dt.datetime):
                serial = (v.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
                cells.append(f'<c r="{letters[c]}{r}" s="{column_style.get(c, datetime_style)}"><v>{serial}</v></c>')
            elif isinstance(v, dt.date):
                days = (v - _EPOCH.date()).days
                cells.append(f'<c r="{letters[c]}{r}" s="{column_style.get(c, date_style)}"><v>{days}</v></c>')
            else:  # bool, an enum, ...: their text
                text = _esc(str(v))
                cells.append(f'<c r="{letters[c]}{r}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        lines.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(lines) >= 1000:
            part.write("".join(lines).encode())
            lines.clear()
    part.write("".join(lines).encode())
    part.write(b"</sheetData></worksheet>")


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


def _write_file(target: IO[bytes], fmt: str, sheets: Sequence[Sheet]) -> None:
    if fmt == "xlsx":
        _write_xlsx(target, sheets)
    else:
        text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
        csv.writer(text).writerows(_csv_lines(sheets[0].headers, _rows(sheets[0])))
        text.flush()
        text.detach()
    target.flush()


# --- an API export: written off the event loop, and off the API's process when it is large ------
# Writing a file is pure Python work: in a thread of the API it holds the interpreter lock, and
# every other request then waits for it in turns (a 66k-member XLSX made /me 3-5x slower). So an
# export of more than SMALL_EXPORT rows is written by a child process (`python -m
# server.infra.sheets PATH`) at a lower CPU priority. Rows already in the API are sent to it in
# chunks of CHUNK through a pipe that pushes back when the child lags (the API's memory stays
# flat); rows given as a Query (a tenant's members) it reads from PostgreSQL itself, so the API
# neither decodes nor holds them. A small export costs less than starting a process and is
# written in a worker thread.
SMALL_EXPORT = 2_000
CHUNK = 200  # rows made and sent at a time: about a millisecond of the event loop
_LENGTH = struct.Struct("<I")


def _take(rows: Iterator[list[Any]], count: int) -> tuple[int, bytes]:
    """The next rows (none: the sheet is done), pickled for the child."""
    chunk = list(itertools.islice(rows, count))
    return len(chunk), pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)


def _frame(data: bytes) -> bytes:
    return _LENGTH.pack(len(data)) + data


def _read_frame(pipe: BinaryIO) -> Any:
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the API closed the pipe before the export ended")
    return pickle.loads(pipe.read(_LENGTH.unpack(head)[0]))


def _child(fd: int) -> None:
    """The child's side: the format, the database's connect arguments and the sheets (title,
    headers, formats, Query or None) from stdin; a sheet with a Query is read here, the others'
    rows come through stdin in chunks, an empty chunk ending a sheet; all written to `path`."""
    pipe = sys.stdin.buffer
    fmt, database, specs = _read_frame(pipe)

    def piped() -> Iterator[list[Any]]:
        while chunk := _read_frame(pipe):
            yield from chunk

    def rows(query: Query | None) -> Iterable[list[Any]]:
        return piped() if query is None else map(query.shape, _read(database, query))

    with os.fdopen(fd, "wb") as target:
        _write_file(
            target, fmt, [Sheet(title, headers, rows(query), formats) for title, headers, formats, query in specs]
        )


def _yield_cpu(pid: int) -> None:
    """Process `pid` runs at a lower CPU priority (nice 10): on a busy host the API's requests come
    first, the file a little later. Where that is not allowed, as it is. (SCHED_IDLE was tried:
    requests were slower beside it, the export starved under load. The database's process
    serving the child is left as it is: behind a pooler it serves others after the export.)"""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, 10)


def _read(database: dict[str, Any], query: Query) -> list[Any]:
    """The query's records, read in the tenant's scope on a connection of the child's own."""
    import asyncio

    import asyncpg

    async def read() -> list[Any]:
        connection = await asyncpg.connect(**database)
        try:
            async with connection.transaction(readonly=True):
                await connection.execute(query.scope)
                # A background read: one process, not PostgreSQL's parallel workers besides it
                await connection.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                return await connection.fetch(query.sql, *query.args)
        finally:
            await connection.close()

    return asyncio.run(read())


def _prefetch(fmt: str, sheets: Sequence[Sheet]) -> tuple[list[Sheet], bool]:
    """The sheets to write (CSV: the first) with up to SMALL_EXPORT rows taken in all, and
    whether that was every row. The rows taken stay in front of the rest."""
    budget = SMALL_EXPORT
    taken: list[Sheet] = []
    for spec in sheets[:1] if fmt == "csv" else sheets:
        rest = iter(_rows(spec))
        head = list(itertools.islice(rest, max(budget + 1, 0)))
        budget -= len(head)
        taken.append(
            Sheet(spec.title, spec.headers, itertools.chain(head, rest) if budget < 0 else head, spec.number_formats)
        )
    return taken, budget >= 0


def _query(spec: Sheet) -> Query | None:
    return spec.rows if isinstance(spec.rows, Query) else None


def _rows(spec: Sheet) -> Iterable[list[Any]]:
    if isinstance(spec.rows, Query):
        raise TypeError(f"sheet {spec.title!r}: a Query is read by the export's writer child (download)")
    return spec.rows


def database() -> dict[str, Any]:
    """The database's connect arguments, for a child reading a Query."""
    from server.infra.db import DB

    return dict(DB.config)


def _pipe_protocol() -> Any:
    """The write end of the child's stdin as an asyncio protocol: `drain()` waits while the pipe
    is full (the child lags), and raises once the child has gone."""
    import asyncio

    class Pipe(asyncio.Protocol):
        def __init__(self) -> None:
            self.ready = asyncio.Event()
            self.ready.set()
            self.lost: BaseException | None = None

        def pause_writing(self) -> None:
            self.ready.clear()

        def resume_writing(self) -> None:
            self.ready.set()

        def connection_lost(self, exc: BaseException | None) -> None:
            self.lost = exc or BrokenPipeError("the export's writer closed its input")
            self.ready.set()

        async def drain(self) -> None:
            await self.ready.wait()
            if self.lost is not None:
                raise self.lost

    return Pipe()


async def _write_in_child(target: IO[bytes], fmt: str, sheets: Sequence[Sheet]) -> None:
    import asyncio
    import subprocess

    # Started by subprocess (vfork on Linux) rather than the event loop's own spawn: uvloop forks,
    # copying the API's page tables, and held every request for some 10 ms at each export.
    child = subprocess.Popen(
        [sys.executable, "-m", "server.infra.sheets", str(target.fileno())],
        pass_fds=(target.fileno(),),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stderr is not None
    _yield_cpu(child.pid)  # from its first steps: starting Python is some 50 ms of work
    # read all along (a full pipe would stall the child), in a thread: a blocking read
    errors = asyncio.ensure_future(asyncio.to_thread(child.stderr.read))
    try:
        transport, pipe = await asyncio.get_running_loop().connect_write_pipe(_pipe_protocol, child.stdin)
        try:
            specs = [(spec.title, spec.headers, spec.number_formats, _query(spec)) for spec in sheets]
            transport.write(_frame(pickle.dumps((fmt, database(), specs))))
            for spec in sheets:
                if isinstance(spec.rows, Query):
                    continue  # the child reads it
                rows, count = iter(spec.rows), CHUNK
                while count:
                    # The rows are made (an ID number decrypted) here on the event loop, a small
                    # chunk at a time between other requests' steps: in a worker thread they held
                    # the interpreter lock against those requests instead.
                    count, data = _take(rows, CHUNK)
                    transport.write(_frame(data))
                    await pipe.drain()
                    await asyncio.sleep(0)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the child failed: its error follows
        finally:
            transport.close()
        error = await errors
        if await asyncio.to_thread(child.wait) != 0:
            raise RuntimeError(f"the export's writer failed: {error.decode(errors='replace')[-2000:]}")
    finally:
        if child.poll() is None:
            child.kill()
            await asyncio.to_thread(child.wait)
        if not errors.done():
            with contextlib.suppress(Exception):
                await errors  # at its end now: the child is gone
        child.stderr.close()


async def download(fmt: Literal["csv", "xlsx"], filename: str, *sheets: Sheet) -> Stream:
    """A spreadsheet download (CSV: the first sheet). Read the rows inside the tenant scope and
    close it first, or give a Query the child reads on a connection of its own: the file is
    written in a worker thread or a child process (above), so the event loop keeps answering
    other requests and no transaction of the request stays open while it is written; then it is
    streamed from a temporary file that has no name (the child writes it through the handle it
    is given): its space is freed when the handle closes, however the download ends, even with
    the API killed half-way."""
    import anyio.to_thread
    from litestar.response import Stream

    handle = tempfile.TemporaryFile(prefix="saishang-export-")  # noqa: SIM115 - closed by the download's generator
    try:
        if any(isinstance(spec.rows, Query) for spec in sheets):
            await _write_in_child(handle, fmt, sheets[:1] if fmt == "csv" else sheets)
        else:
            taken, small = await anyio.to_thread.run_sync(_prefetch, fmt, sheets)
            if small:
                await anyio.to_thread.run_sync(_write_file, handle, fmt, taken)
            else:
                await _write_in_child(handle, fmt, taken)
        handle.seek(0)
        size = os.fstat(handle.fileno()).st_size
    except BaseException:
        handle.close()
        raise

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


if __name__ == "__main__":
    _child(int(sys.argv[1]))
