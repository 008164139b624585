"""Bulk import of members, CSV and XLSX (their export: `export_rows.py`).

Import is all or nothing: every row is validated (the member's field rules by
`service.check_member_fields`, the file's own columns here); if any row is bad,
nothing is written and every bad row is reported with its line number, column
and reason. Members are matched by ID number (through its keyed hash), so
importing the same file again changes nothing. New members go in by one binary
COPY that is fed while later rows are still being validated, so PostgreSQL
stores rows on one core while Python checks on the other; their ids come from
the sequence first, so their placements follow by a second COPY. Changed
members by one `UPDATE ... FROM unnest(...)`. A savepoint takes back rows sent
before a bad row turns up. Measured (bench/orgs_import.py): the two COPYs'
index and foreign-key work in PostgreSQL, not Python, is now the longest part.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import operator
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, invalid
from server.infra.sheets import FORMULA_START
from server.infra.tenancy import conn
from server.infra.types import DATE_MAX_YEAR, DATE_MIN_YEAR
from server.messages import NOT_A_DATE, YEAR_RANGE
from server.modules.core import service as activity
from server.modules.orgs import access, idcard
from server.modules.orgs.export_shape import EXPORT_HEADERS_ZH
from server.modules.orgs.importfile import (
    RowErrors,
    Table,
    detect_format,
    read_table,
)
from server.modules.orgs.messages import (
    BAD_LINES,
    COLUMN_MISSING,
    COLUMN_TWICE,
    HEADER_UNUSABLE,
    IMPORT_CONFLICT,
    IMPORT_ORG_CLOSED,
    IMPORT_ORG_GONE,
    JOINED_TOO_LATE,
    LEVEL_NAME,
    MEMBER_OUTSIDE,
    NO_ORG,
    NO_ORG_NAMED,
    NO_ROWS,
    ORG_EMPTY,
    ORG_ID_NOT_INT,
    ORGS_SAME_NAME,
    OUTSIDE_SUBTREE,
    ROW_OUTSIDE,
    SAME_ID_AS_LINE,
    TRANSFER_SCHEDULED,
    YES_NO,
)
from server.modules.orgs.protect import keys
from server.modules.orgs.service import (
    EPOCH,
    LEVELS,
    CheckedMember,
    MemberIn,
    check_member_fields,
    today,
)
from server.modules.orgs.service.common import closed_error
from server.platform.roles import SYSTEM, Actor

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Canonical field -> accepted headers (compared case-insensitively, spaces/underscores ignored).
HEADERS: dict[str, list[str]] = {
    "name": ["姓名", "name", "名字"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "身份证", "id_number", "idnumber", "idcard", "id_card"],
    "org_id": ["组织编号", "工会编号", "org_id", "orgid", "union_id"],
    "org": ["所属工会", "工会", "工会名称", "组织", "org", "org_name", "union", "union_name"],
    "phone": ["手机号", "手机", "手机号码", "电话", "联系电话", "phone", "mobile"],
    "gender": ["性别", "gender", "sex"],
    "birth_date": ["出生日期", "birth_date", "birthdate", "birthday"],
    "trade": ["工种", "技能", "trade", "skill"],
    "level": ["职业资格等级", "职业资格", "技能等级", "等级", "level", "qualification"],
    "migrant": ["农民工", "是否农民工", "migrant", "migrant_worker"],
    "joined_on": ["入会日期", "入会时间", "joined_on", "joined", "join_date"],
    "left_on": ["离会日期", "离会时间", "left_on", "left", "leave_date"],
}


def _key(header: str) -> str:
    return "".join(header.strip().lower().replace("_", "").split())


HEADER_INDEX = {_key(h): field for field, names in HEADERS.items() for h in names}
TRUE = {"是", "y", "yes", "true", "1", "t", "√"}
FALSE = {"否", "n", "no", "false", "0", "f", ""}
LEVEL_BY_NAME = {v: k for k, v in LEVELS.items()}


MOVES_LISTED = 1_000  # the moves an import result lists (`moved` counts them all)


class MemberMove(msgspec.Struct):
    """An existing member the file puts in another union."""

    member_id: int
    name: str
    from_org_id: int | None
    from_org: str
    to_org_id: int
    to_org: str


class ImportResult(msgspec.Struct):
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool = False
    moved: int = 0  # existing members the file moves to another union (a dry run: would move)
    moves: list[MemberMove] = []  # the first MOVES_LISTED of them, in file order


# --- validating ---------------------------------------------------------------------------


def _columns(headers: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    errors = []
    for i, header in enumerate(headers):
        field = HEADER_INDEX.get(_key(header))
        if field is None:
            continue  # extra columns (序号, 备注 ...) are ignored
        if field in columns:
            errors.append(FieldError(header, COLUMN_TWICE, 1, first=headers[columns[field]]))
        columns[field] = i
    missing = [f for f in ("name", "id_number") if f not in columns]
    if "org" not in columns and "org_id" not in columns:
        missing.append("org")
    for field in missing:
        errors.append(
            FieldError(
                EXPORT_HEADERS_ZH[field], COLUMN_MISSING, 1, names=", ".join(HEADERS[field][:3] + HEADERS[field][-2:])
            )
        )
    if errors:
        raise InvalidInput(errors, HEADER_UNUSABLE, code="invalid_input")
    return columns


@lru_cache(maxsize=8192)  # the same join dates recur down a file
def _parse_date(text: str) -> dt.date:
    text = text.strip().replace("/", "-").replace(".", "-")
    if "年" in text:
        text = text.replace("年", "-").replace("月", "-").replace("日", "")
    return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")) if "-" in text else text)


GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}


class _RowChecker:
    """One row of the file to a `CheckedMember` or its errors: the file's own columns (org by
    name or number, level names, 是/否, dates) here; the member's field rules stay in
    `service.check_member_fields`, which every row goes through."""

    def __init__(self, headers: list[str], orgs: list[Any], allowed: set[int] | None, day: dt.date):
        columns = _columns(headers)
        self.header_of = {field: headers[i] for field, i in columns.items()}
        self.org_header = self.header_of.get("org") or self.header_of["org_id"]
        self.width = len(headers)
        # A column the file lacks reads the empty cell appended after the row (index -1).
        self.at = {field: columns.get(field, -1) for field in HEADERS}
        # What the file does not have a column for, it says nothing about: an existing member keeps it.
        self.absent = tuple(f for f in COMPARED if f not in columns and f != "org_id")
        self.org_by_id = {r["id"]: r for r in orgs}
        self.by_name: dict[str, list[int]] = {}
        for r in orgs:  # by name: the orgs open today (one closing later is refused below, with its date)
            if r["closed_on"] is None or r["closed_on"] > day:
                self.by_name.setdefault(r["name"].strip(), []).append(r["id"])
        self.allowed = allowed
        self.day = day
        self._fields = operator.itemgetter(*self.at.values())  # a padded row's cells, field by field
        self._fingerprint = keys().fingerprint
        self._org_of: dict[tuple[str, str], int | None] = {}  # the union a row's cells name, when valid

    @classmethod
    async def load(cls, headers: list[str], actor: Actor) -> _RowChecker:
        _columns(headers)  # a bad header row is refused before any query
        orgs = await conn().fetch("SELECT id, name, closed_on FROM org")
        visible = await access.visible_org_ids(actor)
        allowed = None if visible is None else set(visible)
        return cls(headers, orgs, allowed, today())

    def id_cell(self, cells: list[str]) -> str:
        i = self.at["id_number"]
        return idcard.normalize(cells[i]) if i < len(cells) else ""

    def padded(self, cells: list[str]) -> list[str]:
        """The row as wide as the header, and the empty cell a missing column reads after it."""
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        return cells + [""]

    def mark(self, cells: list[str], values: tuple[Any, ...]) -> bytes:
        """The import hash of a (padded) row and the member's COMPARED values it leaves: keyed (the
        row holds an ID number), and with the file's columns in it (a column the file lacks keeps the
        member's value, an empty one clears it)."""
        text = "\x1f".join(self._fields(cells))
        return self._fingerprint(f"{self.absent}\x1e{text}\x1e{values!r}".encode())

    def unchanged(self, line: int, cells: list[str], old: Any) -> bytes | None:
        """The row's import hash when it is the one that left `old` as it is (so the full check
        would find it valid and the member unchanged), else None. The row's union is looked up
        again all the same: the orgs (closed, renamed, out of an officer's reach) may have moved."""
        stored = old["import_hash"]
        if stored is None:
            return None
        marked = self.mark(cells, _compared(old))
        if marked != stored:
            return None
        key = (cells[self.at["org_id"]], cells[self.at["org"]])
        if (found := self._org_of.get(key)) is None:  # a file names a few unions many times over
            scratch: list[FieldError] = []
            org_id = self.org(line, cells, scratch)
            self._org_of[key] = found = None if scratch else org_id
        return marked if found == old["org_id"] else None

    def org(self, line: int, cells: list[str], row_errors: list[FieldError]) -> int | None:
        """The row's union (by number or by name), open and within the importer's reach."""
        at = self.at
        org_id = None
        org_text = cells[at["org_id"]].strip()
        if org_text:
            try:
                org_id = int(org_text)
            except ValueError:
                row_errors.append(FieldError("org_id", ORG_ID_NOT_INT, line))
            else:
                if org_id not in self.org_by_id:
                    row_errors.append(FieldError("org_id", NO_ORG, line, org=org_id))
                    org_id = None
        elif org_text := _text(cells[at["org"]]):
            ids = self.by_name.get(org_text, [])
            if len(ids) == 1:
                org_id = ids[0]
            elif not ids:
                row_errors.append(FieldError("org", NO_ORG_NAMED, line, name=org_text))
            else:
                row_errors.append(FieldError("org", ORGS_SAME_NAME, line, count=len(ids)))
        else:
            row_errors.append(FieldError("org", ORG_EMPTY, line))
        if org_id is not None:
            if (closed_on := self.org_by_id[org_id]["closed_on"]) is not None:
                row_errors.append(closed_error("org", closed_on, line))
            elif self.allowed is not None and org_id not in self.allowed:
                row_errors.append(FieldError("org", ROW_OUTSIDE, line))
        return org_id

    def check(self, line: int, cells: list[str], errors: RowErrors) -> CheckedMember | None:
        """Append this row's errors (under the file's own headers) and return None, or the checked
        member. `cells`: the row `padded`."""
        at = self.at
        row_errors: list[FieldError] = []
        org_id = self.org(line, cells, row_errors)
        level = None
        if text := cells[at["level"]].strip():
            level = LEVEL_BY_NAME.get(text)
            if level is None:
                try:
                    level = int(text)
                except ValueError:
                    row_errors.append(FieldError("level", LEVEL_NAME, line))
        migrant = False
        if flag := cells[at["migrant"]].strip().lower():
            if flag in TRUE:
                migrant = True
            elif flag not in FALSE:
                row_errors.append(FieldError("migrant", YES_NO, line))
        dates: list[dt.date | None] = []
        for field in ("joined_on", "left_on", "birth_date"):
            value = None
            if text := cells[at[field]].strip():
                try:
                    value = _parse_date(text)
                except ValueError:
                    row_errors.append(FieldError(field, NOT_A_DATE, line))
                else:
                    if not DATE_MIN_YEAR <= value.year <= DATE_MAX_YEAR:  # the API's range (infra.edge)
                        row_errors.append(FieldError(field, YEAR_RANGE, line, low=DATE_MIN_YEAR, high=DATE_MAX_YEAR))
                        value = None
            dates.append(value)
        joined_on, left_on, birth_date = dates
        gender = cells[at["gender"]].strip() or None
        if gender is not None:
            gender = GENDERS.get(gender.lower(), gender)
        data = MemberIn(
            name=_text(cells[at["name"]]),
            id_number=cells[at["id_number"]].strip(),
            org_id=org_id or 0,
            phone=cells[at["phone"]].strip() or None,
            trade=_text(cells[at["trade"]]) or None,
            level=level,
            migrant=migrant,
            joined_on=joined_on,
            gender=gender,
            birth_date=birth_date,
        )
        checked = check_member_fields(data, row_errors, line, left_on=left_on, day=self.day)
        if not row_errors:
            return checked
        header_of = self.header_of
        errors.extend(
            FieldError(header_of.get(e.field, EXPORT_HEADERS_ZH.get(e.field, e.field)), e.text, e.row, **e.params)
            for e in row_errors
        )
        return None


def _refuse(errors: RowErrors) -> InvalidInput:
    kept = sorted(errors.kept, key=lambda e: e.row or 0)  # stable: a row's errors keep their order
    extra = {}
    if errors.count > len(kept):  # the list stops at MAX_ROW_ERRORS: say so, and how many there are
        extra = {"errors_truncated": True, "error_count": errors.count, "bad_rows": errors.bad_rows}
    return InvalidInput(kept, BAD_LINES, code="invalid_input", bad=errors.bad_rows, extra=extra)


# --- writing ----------------------------------------------------------------------------

COMPARED = ("name", "phone", "org_id", "trade", "level", "migrant", "joined_on", "left_on")
_compared = operator.itemgetter(*COMPARED)  # a stored member's COMPARED values, as a tuple
_compared_of = operator.attrgetter(*COMPARED)  # a checked member's
MEMBER_COPY = (
    "id",
    "name",
    "id_hash",
    "id_cipher",
    "id_masked",
    "gender",
    "birth_date",
    "phone",
    "org_id",
    "trade",
    "level",
    "migrant",
    "joined_on",
    "left_on",
    "import_hash",
)  # created_at, updated_at: their default, now()
PLACEMENT_COPY = ("member_id", "org_id", "valid_from", "valid_to", "reason")
CHUNK = 2000  # rows validated, encrypted and handed to COPY at a time


class Digests:
    """The rows' keyed ID-number hashes packed in one buffer (32 bytes a row, not a `bytes` object
    and a list slot each: about a third of the memory an all-bad upload once needed)."""

    SIZE = 32  # HMAC-SHA256

    def __init__(self, digests: Iterable[bytes]):
        buf = bytearray()
        for d in digests:
            assert len(d) == self.SIZE
            buf += d
        self.packed = bytes(buf)

    def __len__(self) -> int:
        return len(self.packed) // self.SIZE

    def __iter__(self) -> Iterator[bytes]:
        size = self.SIZE
        return (self.packed[i : i + size] for i in range(0, len(self.packed), size))

    def between(self, start: int, stop: int) -> list[bytes]:
        size = self.SIZE
        return [self.packed[i : i + size] for i in range(start * size, min(stop, len(self)) * size, size)]


class _Pass:
    """One pass over the file: validates every row, and yields the new members' finished
    rows to COPY as it goes, so PostgreSQL stores chunk N while Python checks chunk N+1.
    After a bad row it keeps checking (every bad row is reported) but yields nothing more."""

    def __init__(
        self,
        table: Table,
        checker: _RowChecker,
        digests: Digests,
        existing: dict[bytes, Any],
        ids: list[int],
        progress: Progress | None,
    ):
        self.table, self.checker, self.digests, self.existing = table, checker, digests, existing
        self.ids = ids
        self.progress = progress
        self.errors = RowErrors()
        self.created = 0
        self.changed: list[tuple[Any, CheckedMember, bytes]] = []
        # Unchanged members whose import hash is not this file's row yet (imported before there was
        # one, or the same values written differently): stored, so the next import skips them.
        self.marked: list[tuple[int, bytes]] = []
        self.skipped = 0  # unchanged rows known by their import hash: not checked again
        self.placements: list[tuple[int, int, dt.date, dt.date | None, str]] = []

    async def members(self) -> AsyncIterator[tuple[Any, ...]]:
        rows, digests, existing, errors = self.table.rows(), self.digests, self.existing, self.errors
        check = self.checker.check
        k = keys()
        ids = iter(self.ids)
        ids_left = bool(self.ids)  # none drawn: a dry run, or nothing new
        total = len(digests)
        seen: dict[bytes, int] = {}
        allowed, absent = self.checker.allowed, self.checker.absent
        padded, mark, unchanged = self.checker.padded, self.checker.mark, self.checker.unchanged
        for start in range(0, total, CHUNK):
            fresh: list[tuple[bytes, CheckedMember, bytes]] = []
            for (line, raw), digest in zip(itertools.islice(rows, CHUNK), digests.between(start, start + CHUNK)):
                cells = padded(raw)
                old = existing.get(digest)
                if old is not None and old["import_hash"] is not None:
                    # The row that left this member as it is, met again: nothing to check or write.
                    if unchanged(line, cells, old) is not None:
                        first = seen.setdefault(digest, line)
                        if first != line:
                            errors.append(
                                FieldError(self.checker.header_of["id_number"], SAME_ID_AS_LINE, line, first=first)
                            )
                        elif allowed is not None and old["org_id"] not in allowed:
                            errors.append(FieldError(self.checker.header_of["id_number"], MEMBER_OUTSIDE, line))
                        else:
                            self.skipped += 1
                        continue
                checked = check(line, cells, errors)
                if checked is None:
                    continue
                first = seen.setdefault(digest, line)  # digest of the normalised number: one per person
                if first != line:
                    errors.append(FieldError(self.checker.header_of["id_number"], SAME_ID_AS_LINE, line, first=first))
                    continue
                if old is None:
                    fresh.append((digest, checked, mark(cells, _compared_of(checked))))
                    continue
                if allowed is not None and old["org_id"] not in allowed:
                    # An org officer's file cannot reach (or learn about) a member elsewhere in the tenant.
                    errors.append(FieldError(self.checker.header_of["id_number"], MEMBER_OUTSIDE, line))
                    continue
                if absent:
                    checked = msgspec.structs.replace(checked, **{f: old[f] for f in absent})
                if (
                    checked.joined_on != old["joined_on"]
                    and old["first_to"] is not None
                    and (checked.joined_on or EPOCH) >= old["first_to"]
                ):
                    # The first union placement ended (a transfer, a leave) before the new join date.
                    errors.append(
                        FieldError(
                            self.checker.header_of.get("joined_on", "joined_on"),
                            JOINED_TOO_LATE,
                            line,
                            date=old["first_to"].isoformat(),
                        )
                    )
                    continue
                if any(getattr(checked, f) != old[f] for f in COMPARED):
                    scheduled = old["open_from"]
                    if (
                        scheduled is not None
                        and scheduled > self.checker.day
                        and (checked.org_id != old["org_id"] or checked.left_on != old["left_on"])
                    ):
                        # A transfer dated later is pending: the file's "now" cannot say what happens to it.
                        errors.append(
                            FieldError(self.checker.org_header, TRANSFER_SCHEDULED, line, date=scheduled.isoformat())
                        )
                        continue
                    self.changed.append((old, checked, mark(cells, _compared_of(checked))))
                elif (marked := mark(cells, _compared(old))) != old["import_hash"]:
                    self.marked.append((old["id"], marked))
            self.created += len(fresh)
            if fresh and ids_left and not errors:
                ciphers = k.encrypt_many([m.id_number for _, m, _ in fresh])
                mask = idcard.mask
                for (digest, m, marked), cipher in zip(fresh, ciphers):
                    member_id = next(ids)
                    self.placements.append((member_id, m.org_id, m.joined_on or EPOCH, m.left_on, "imported"))
                    yield (
                        member_id,
                        m.name,
                        digest,
                        cipher,
                        mask(m.id_number),
                        m.gender,
                        m.birth_date,
                        m.phone,
                        m.org_id,
                        m.trade,
                        m.level,
                        m.migrant,
                        m.joined_on,
                        m.left_on,
                        marked,
                    )
            done = min(start + CHUNK, total)
            if self.progress:
                self.progress("validate", done, total)
                if not errors and self.ids:  # a dry run copies nothing
                    self.progress("copy", self.created, len(self.ids))
            await asyncio.sleep(0)  # let the socket drain to PostgreSQL, and other requests run

    async def check_only(self) -> None:
        async for _ in self.members():
            pass


async def import_members(
    content: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    actor: Actor = SYSTEM,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Parse, validate every row, upsert by ID number (all or nothing). Runs in the caller's tenant scope.

    New members go in by one binary COPY fed while the rows are being validated (their ids
    drawn from the sequence first, so their placements follow by a second COPY); changed
    members by one `UPDATE ... FROM unnest(...)`. A savepoint keeps the caller's transaction
    clean when a bad row turns up after some rows were already sent: nothing is written."""
    fmt = detect_format(filename, content_type, content)
    if progress:
        progress("read", 0, len(content))  # bytes
    table = read_table(content, fmt)
    if progress:
        progress("read", len(content), len(content))
    if next(table.rows(), None) is None:
        raise invalid("file", NO_ROWS)
    checker = await _RowChecker.load(table.headers, actor)
    c = conn()
    k = keys()
    id_cell = checker.id_cell
    digests = Digests(k.digest(id_cell(cells)) for _, cells in table.rows())
    total = len(digests)
    if progress:
        progress("match", 0, total)
    existing = {
        bytes(e["id_hash"]): e
        for e in await c.fetch(
            """SELECT m.id, m.id_hash, m.name, m.phone, m.org_id, m.trade, m.level, m.migrant, m.joined_on, m.left_on,
                  m.import_hash, p.valid_from AS open_from,
                  (SELECT f.valid_to FROM placement f WHERE f.member_id = m.id
                    ORDER BY f.valid_from, f.id LIMIT 1) AS first_to
           FROM member m LEFT JOIN placement p ON p.member_id = m.id AND p.valid_to IS NULL
           WHERE m.id_hash IN (SELECT substring($1::bytea FROM i * 32 + 1 FOR 32)
                               FROM generate_series(0, length($1::bytea) / 32 - 1) AS i)""",
            digests.packed,
        )
    }
    unknown = sum(1 for d in digests if d not in existing)  # at most this many new members
    if progress:
        progress("match", total, total)
    if dry_run or not unknown:
        ids: list[int] = []
    else:
        ids = sorted(
            await c.fetchval(
                "SELECT array(SELECT nextval(pg_get_serial_sequence('member', 'id')) FROM generate_series(1, $1))",
                unknown,
            )
        )
    run = _Pass(table, checker, digests, existing, ids, progress)
    if dry_run or not unknown:
        await run.check_only()
        if run.errors:
            raise _refuse(run.errors)
        moved, moves = await _moves(run.changed)
        result = ImportResult(
            rows=total,
            created=run.created,
            updated=len(run.changed),
            unchanged=total - run.created - len(run.changed),
            dry_run=dry_run,
            moved=moved,
            moves=moves,
        )
        if dry_run:
            return result
        try:
            await _hold_orgs(run, actor)
            await _write_changes(run.changed, run.marked, result, actor, progress)
        except asyncpg.ForeignKeyViolationError:
            raise Conflict(IMPORT_ORG_GONE) from None
        return result
    try:
        async with c.transaction():  # a savepoint: rows sent before a bad one are taken back
            await c.copy_records_to_table("member", records=run.members(), columns=MEMBER_COPY)
            if run.errors:
                raise _refuse(run.errors)
            if progress:
                progress("placements", 0, len(run.placements))
            await c.copy_records_to_table("placement", records=run.placements, columns=PLACEMENT_COPY)
            if progress:
                progress("placements", len(run.placements), len(run.placements))
            moved, moves = await _moves(run.changed)
            result = ImportResult(
                rows=total,
                created=run.created,
                updated=len(run.changed),
                unchanged=total - run.created - len(run.changed),
                moved=moved,
                moves=moves,
            )
            await _hold_orgs(run, actor)
            await _write_changes(run.changed, run.marked, result, actor, progress)
    except (asyncpg.UniqueViolationError, asyncpg.DeadlockDetectedError):
        # Another import or request added the same person meanwhile (or two imports met in opposite orders).
        raise Conflict(IMPORT_CONFLICT) from None
    except asyncpg.ForeignKeyViolationError:
        # A union of the file was deleted meanwhile (the plan that created it rolled back).
        raise Conflict(IMPORT_ORG_GONE) from None
    return result


async def _moves(changed: list[tuple[Any, CheckedMember, bytes]]) -> tuple[int, list[MemberMove]]:
    """The existing members the file puts in another union: how many, and the first MOVES_LISTED
    with both unions' names (what a dry run shows before anyone is moved)."""
    moving = [(old, m) for old, m, _ in changed if old["org_id"] != m.org_id]
    listed = moving[:MOVES_LISTED]
    org_ids = sorted({old["org_id"] for old, _ in listed if old["org_id"] is not None} | {m.org_id for _, m in listed})
    names = dict(await conn().fetch("SELECT id, name FROM org WHERE id = ANY($1::int[])", org_ids)) if org_ids else {}
    return len(moving), [
        MemberMove(
            member_id=old["id"],
            name=m.name,
            from_org_id=old["org_id"],
            from_org=names.get(old["org_id"], ""),
            to_org_id=m.org_id,
            to_org=names.get(m.org_id, ""),
        )
        for old, m in listed
    ]


async def _hold_orgs(run: _Pass, actor: Actor) -> None:
    """The unions the file puts members in, read again FOR SHARE once the rows are written: a closing
    (which locks the org's row) either waits for this import and then finds its members, or has
    closed the org first and the import is refused here (the orgs were read once, unlocked). So does
    a move (it updates the org's row): an org officer's subtree, read at the start, is read again, and
    a union a move took out of it meanwhile refuses the import (403 `outside_subtree`); the members
    the file moves are checked where they were as well."""
    used = sorted({p[1] for p in run.placements} | {m.org_id for _, m, _ in run.changed})
    if not used:
        return
    rows = await conn().fetch("SELECT name, closed_on FROM org WHERE id = ANY($1::int[]) ORDER BY id FOR SHARE", used)
    if closed := [r["name"] for r in rows if r["closed_on"] is not None]:  # the rows as the closing left them
        raise Conflict(IMPORT_ORG_CLOSED, names="、".join(closed))
    if run.checker.allowed is not None:
        visible = set(await access.visible_org_ids(actor) or ())
        touched = [*used, *(old["org_id"] for old, _, _ in run.changed)]
        if gone := next((org_id for org_id in touched if org_id not in visible), None):
            raise Forbidden(OUTSIDE_SUBTREE, org=gone)


async def _hold_members(changed: list[tuple[Any, CheckedMember, bytes]]) -> None:
    """Lock the members the file changes and refuse the import if any is no longer as it was read
    (unlocked, at the start): another import or a transfer got there first. Two racing imports of a
    file that moves members both closed the open placement and opened another, so each member's
    history held the new union twice, once for no days at all."""
    read = {old["id"]: old for old, _, _ in changed}
    rows = await conn().fetch(
        """SELECT m.id, m.name, m.phone, m.org_id, m.trade, m.level, m.migrant, m.joined_on, m.left_on,
                  p.valid_from AS open_from
           FROM member m LEFT JOIN placement p ON p.member_id = m.id AND p.valid_to IS NULL
           WHERE m.id = ANY($1::int[]) ORDER BY m.id FOR UPDATE OF m""",
        sorted(read),
    )
    if len(rows) != len(read) or any(
        _compared(r) != _compared(read[r["id"]]) or r["open_from"] != read[r["id"]]["open_from"] for r in rows
    ):
        raise Conflict(IMPORT_CONFLICT)


async def _write_changes(
    changed: list[tuple[Any, CheckedMember, bytes]],
    marked: list[tuple[int, bytes]],
    result: ImportResult,
    actor: Actor,
    progress: Progress | None,
) -> None:
    c = conn()
    day = today()
    if changed:
        await _hold_members(changed)
    if marked:  # bookkeeping only: the members are unchanged
        await c.execute(
            """UPDATE member m SET import_hash = u.import_hash
               FROM unnest($1::int[], $2::bytea[]) AS u(id, import_hash) WHERE m.id = u.id""",
            *[list(x) for x in zip(*marked)],
        )
    if changed:
        if progress:
            progress("write", 0, len(changed))
        cols = list(
            zip(
                *[
                    (old["id"], m.name, m.phone, m.org_id, m.trade, m.level, m.migrant, m.joined_on, m.left_on, h)
                    for old, m, h in changed
                ]
            )
        )
        await c.execute(
            """UPDATE member m SET name = u.name, phone = u.phone, org_id = u.org_id, trade = u.trade,
                   level = u.level, migrant = u.migrant, joined_on = u.joined_on, left_on = u.left_on,
                   import_hash = u.import_hash, updated_at = now()
               FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::smallint[], $7::bool[],
                           $8::date[], $9::date[], $10::bytea[])
                    AS u(id, name, phone, org_id, trade, level, migrant, joined_on, left_on, import_hash)
               WHERE m.id = u.id""",
            *[list(col) for col in cols],
        )
        # A corrected join date: the first placement starts then (unless it ended before).
        rejoined = [(old["id"], m.joined_on or EPOCH) for old, m, _ in changed if old["joined_on"] != m.joined_on]
        if rejoined:
            await c.execute(
                """UPDATE placement p SET valid_from = u.joined_on
                   FROM unnest($1::int[], $2::date[]) AS u(member_id, joined_on)
                   WHERE p.id = (SELECT f.id FROM placement f WHERE f.member_id = u.member_id
                                 ORDER BY f.valid_from, f.id LIMIT 1)
                     AND (p.valid_to IS NULL OR p.valid_to > u.joined_on)""",
                *[list(x) for x in zip(*rejoined)],
            )
        # Transfers and leavings keep history: close the open placement, open the new one.
        moved = [
            (old["id"], m.org_id, m.left_on)
            for old, m, _ in changed
            if old["org_id"] != m.org_id or old["left_on"] != m.left_on
        ]
        if moved:
            ids, orgs, lefts = (list(x) for x in zip(*moved))
            await c.execute(
                """UPDATE placement p SET valid_to = GREATEST(p.valid_from, coalesce(u.left_on, $3::date))
                   FROM unnest($1::int[], $2::date[]) AS u(member_id, left_on)
                   WHERE p.member_id = u.member_id AND p.valid_to IS NULL""",
                ids,
                lefts,
                day,
            )
            transfers = [(i, o, day) for i, o, left in moved if left is None]
            if transfers:
                await c.execute(
                    """INSERT INTO placement (member_id, org_id, valid_from, reason)
                       SELECT u.member_id, u.org_id, u.day, 'imported' FROM unnest($1::int[], $2::int[], $3::date[])
                       AS u(member_id, org_id, day)""",
                    *[list(x) for x in zip(*transfers)],
                )
        if progress:
            progress("write", len(changed), len(changed))
    if result.created or result.updated:
        await activity.record(
            "orgs.members.imported",
            "members",
            {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            actor,
        )


def _text(cell: str) -> str:
    """A free-text cell as the member has it: our own export's quote before a formula character undone."""
    cell = cell.strip()
    return cell[1:] if cell[:1] == "'" and cell[1:2] and cell[1] in FORMULA_START else cell
