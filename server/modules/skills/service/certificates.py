"""Promotion (晋级): vocational qualification certificates, their import, and the member's level.

A certificate names a member, a level (1 高级技师 … 5 初级工), an issue date, a route (a
competition or an exam) and an issuer. Recording it raises the member's level through
`orgs.service.raise_member_levels` (never lowers it). Certificates are imported from CSV or
XLSX all or nothing: every bad row is listed with its line, and nothing is written."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import ID_MAX, Id, Level, Text
from server.infra.xlsx import NotAWorkbook, first_sheet
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.skills import messages as msg
from server.modules.skills.service.shared import (
    LEVELS,
    Short,
    is_federation,
    level,
    one_of,
    text,
    today,
)
from server.modules.welfare import disbursement
from server.platform.roles import SYSTEM, Actor, Role

ROUTES = {"competition": "竞赛", "exam": "考试"}
# The activity log inserts one bound row per member raised; PostgreSQL takes 32,767 parameters.
RAISE_CHUNK = 4000
ACCOUNT_RE = disbursement.ACCOUNT_RE  # what the engine accepts


class CertificateIn(msgspec.Struct, forbid_unknown_fields=True):
    number: Text
    member_id: Id
    level: Level  # 1 高级技师 … 5 初级工
    issued_on: dt.date
    route: Short  # competition | exam
    issuer: Text
    competition_id: Id | None = None
    bank_account: Short | None = None  # where a reward is paid


class CertificateOut(msgspec.Struct):
    id: int
    number: str
    member_id: int
    org_id: int
    level: int
    issued_on: dt.date
    route: str
    issuer: str
    competition_id: int | None
    rewarded: bool


class CertificateRepeat(msgspec.Struct):
    """A certificate recorded at a level its member already holds (a re-issue, a re-entry): recorded,
    since a re-issued certificate is legitimate, but a person is rewarded once per level, so no run
    pays it. `zh` and `en` say so, naming the other certificate."""

    code: str  # repeat_level
    row: int  # the item's line in the file (1-based position otherwise)
    member_id: int
    level: int
    number: str
    other_number: str  # the member's certificate of that level a reward goes (or went) to
    zh: str
    en: str


class ImportOut(msgspec.Struct):
    rows: int
    created: int
    members_raised: int
    repeats: list[CertificateRepeat] = []


class CertificateRecorded(CertificateOut):
    """A certificate just recorded, with the warning when its member already holds its level."""

    repeats: list[CertificateRepeat] = []


CERT_SELECT = (
    "SELECT c.id, c.number, c.member_id, c.org_id, c.level, c.issued_on, c.route, c.issuer, c.competition_id, "
    "EXISTS (SELECT 1 FROM skill_reward_line l WHERE l.certificate_id = c.id) AS rewarded FROM skill_certificate c"
)


async def record_certificates(
    items: Sequence[CertificateIn],
    actor: Actor = SYSTEM,
    rows: Sequence[int] | None = None,
    unreadable: Sequence[FieldError] = (),
) -> ImportOut:
    """Record certificates all or nothing; `rows` are the file's line numbers of the items (1-based
    positions otherwise), `unreadable` the errors of rows that could not even be read. Then each
    member's level is raised to their best new level."""
    if actor.role is not Role.org_officer and not is_federation(actor):
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")
    lines = list(rows) if rows is not None else list(range(1, len(items) + 1))
    c = conn()
    errors: list[FieldError] = list(unreadable)
    found = await orgs.get_members(sorted({i.member_id for i in items if isinstance(i.member_id, int)}))
    numbers = [i.number.strip() if isinstance(i.number, str) else "" for i in items]
    taken = {  # (a number holding a NUL, which PostgreSQL cannot even compare, is refused by text() below)
        r["number"]
        for r in await c.fetch(
            "SELECT number FROM skill_certificate WHERE number = ANY($1)", [n for n in numbers if "\x00" not in n]
        )
    }
    competitions = {
        r["id"]
        for r in await c.fetch(
            "SELECT id FROM skill_competition WHERE id = ANY($1::int[])",
            [i.competition_id for i in items if i.competition_id is not None],
        )
    }
    first: dict[str, int] = {}
    day = today()
    for item, number, n in zip(items, numbers, lines):
        text(item.number, "number", errors, 40, row=n)
        if number and first.setdefault(number, n) != n:
            errors.append(FieldError("number", msg.LISTED_TWICE, row=n, first=first[number]))
        elif number in taken:
            errors.append(FieldError("number", msg.NUMBER_TAKEN, row=n, number=number))
        if item.member_id not in found:
            errors.append(FieldError("member_id", msg.NO_SUCH_MEMBER, row=n, member=item.member_id))
        level(item.level, "level", errors, row=n)
        if not isinstance(item.issued_on, dt.date):
            errors.append(FieldError("issued_on", msg.NOT_A_DATE, row=n))
        elif item.issued_on > day:
            errors.append(FieldError("issued_on", msg.NOT_IN_FUTURE, row=n))
        one_of(item.route, "route", errors, ROUTES, row=n)
        text(item.issuer, "issuer", errors, 200, row=n)
        if item.competition_id is not None and item.competition_id not in competitions:
            errors.append(FieldError("competition_id", msg.NO_SUCH_COMPETITION, row=n, competition=item.competition_id))
        if item.bank_account is not None and not ACCOUNT_RE.fullmatch(item.bank_account):
            errors.append(FieldError("bank_account", msg.BANK_ACCOUNT, row=n))
    if errors:
        bad = len({e.row for e in errors})
        raise InvalidInput(sorted(errors, key=lambda e: e.row or 0), detail=msg.IMPORT_REFUSED, bad=bad)
    await access.check_members_visible(actor, [i.member_id for i in items])
    if not items:
        return ImportOut(0, 0, 0)
    try:
        await c.execute(
            "INSERT INTO skill_certificate (number, member_id, org_id, level, issued_on, route, issuer, competition_id, "
            "bank_account, created_at) SELECT *, now() FROM unnest($1::text[], $2::int[], $3::int[], $4::smallint[], "
            "$5::date[], $6::text[], $7::text[], $8::int[], $9::text[])",
            numbers,
            [i.member_id for i in items],
            [found[i.member_id].org_id for i in items],
            [i.level for i in items],
            [i.issued_on for i in items],
            [i.route for i in items],
            [i.issuer.strip() for i in items],
            [i.competition_id for i in items],
            [i.bank_account for i in items],
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.NUMBER_TAKEN, code="certificate_exists", number="") from None
    raised = await raise_levels([(i.member_id, i.level, i.issued_on) for i in items], actor)
    await activity.record("skills.certificates.recorded", "certificates", {"count": len(items)}, actor)
    repeats = await _repeats(dict(zip(numbers, lines)), {m: f.name for m, f in found.items()})
    return ImportOut(len(items), len(items), raised, repeats)


async def _repeats(rows: dict[str, int], names: dict[int, str]) -> list[CertificateRepeat]:
    """The certificates just recorded that no run will pay: their member holds another certificate
    of the level that is rewarded already, or comes first (issued earlier) and so is the one paid."""
    found = await conn().fetch(
        """SELECT c.number, c.member_id, c.level, o.number AS other_number
             FROM skill_certificate c
             JOIN LATERAL (SELECT o.number FROM skill_certificate o
                            WHERE o.member_id = c.member_id AND o.level = c.level AND o.id <> c.id
                              AND ((o.issued_on, o.id) < (c.issued_on, c.id)
                                   OR EXISTS (SELECT 1 FROM skill_reward_line l WHERE l.certificate_id = o.id))
                            ORDER BY o.issued_on, o.id LIMIT 1) o ON true
            WHERE c.number = ANY($1::text[])""",
        list(rows),
    )
    out = []
    for r in found:
        params = {
            "name": names.get(r["member_id"], ""),
            "member": r["member_id"],
            "level": r["level"],
            "level_name": LEVELS.get(r["level"], ""),
            "number": r["number"],
            "other": r["other_number"],
        }
        out.append(
            CertificateRepeat(
                code="repeat_level",
                row=rows[r["number"]],
                zh=msg.CERTIFICATE_REPEAT_LEVEL.render("zh-CN", params),
                en=msg.CERTIFICATE_REPEAT_LEVEL.render("en", params),
                **dict(r),
            )
        )
    return sorted(out, key=lambda x: x.row)


async def raise_levels(certified: Sequence[tuple[int, int, dt.date]], actor: Actor = SYSTEM) -> int:
    """Raise each member to the best level certified, dated by the certificate (never lowered)."""
    by_day: dict[dt.date, dict[int, int]] = {}
    for member_id, lvl, day in certified:
        best = by_day.setdefault(day, {})
        best[member_id] = min(lvl, best.get(member_id, lvl))
    raised: set[int] = set()
    for day in sorted(by_day):
        members = sorted(by_day[day])
        for i in range(0, len(members), RAISE_CHUNK):
            chunk = {m: by_day[day][m] for m in members[i : i + RAISE_CHUNK]}
            raised |= set(await orgs.raise_member_levels(chunk, on=day, reason="职业资格证书", actor=actor))
    return len(raised)


async def record_certificate(data: CertificateIn, actor: Actor = SYSTEM) -> CertificateRecorded:
    """One certificate; when its member already holds its level, recorded with a warning (not
    refused: a re-issued certificate is legitimate), since that level is rewarded once."""
    done = await record_certificates([data], actor)
    cid = await conn().fetchval("SELECT id FROM skill_certificate WHERE number = $1", data.number.strip())
    recorded = await get_certificate(cid, actor)
    return CertificateRecorded(**msgspec.structs.asdict(recorded), repeats=done.repeats)


async def get_certificate(certificate_id: int, actor: Actor = SYSTEM) -> CertificateOut:
    row = await conn().fetchrow(f"{CERT_SELECT} WHERE c.id = $1", certificate_id)
    if row is None:
        raise NotFound(msg.CERTIFICATE_NOT_FOUND, key=certificate_id)
    await access.check_org_visible(actor, row["org_id"])
    return CertificateOut(**dict(row))


async def list_certificates(
    *,
    member_id: int | None = None,
    year: int | None = None,
    level_: int | None = None,
    actor: Actor = SYSTEM,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[CertificateOut]:
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        f"{CERT_SELECT} WHERE ($1::int IS NULL OR c.member_id = $1) "
        "AND ($2::int IS NULL OR c.issued_on >= make_date($2, 1, 1) AND c.issued_on < make_date($2 + 1, 1, 1)) "
        "AND ($3::int IS NULL OR c.level = $3) AND ($4::int[] IS NULL OR c.org_id = ANY($4))",
        member_id,
        year,
        level_,
        visible,
        limit=limit,
        cursor=cursor,
    )
    return Page([CertificateOut(**dict(r)) for r in rows], nxt)


async def certificates_gained(org_id: int, year: int) -> int:
    """How many certificates the union's workers gained in the year (by issue date, under the union the
    certificate was recorded with): what another module (the audit's bonus score) counts."""
    n = await conn().fetchval(
        "SELECT count(*)::int FROM skill_certificate WHERE org_id = $1 "
        "AND issued_on >= make_date($2, 1, 1) AND issued_on < make_date($2 + 1, 1, 1)",
        org_id,
        year,
    )
    return int(n or 0)


# --- import --------------------------------------------------------------------------------

HEADERS = {
    "number": ("证书编号", "number", "certificate_number"),
    "member_id": ("会员编号", "member_id", "member"),
    "level": ("等级", "职业资格等级", "level"),
    "issued_on": ("发证日期", "issued_on", "issued"),
    "route": ("取得途径", "途径", "route"),
    "issuer": ("发证机关", "发证单位", "issuer"),
    "competition_id": ("竞赛编号", "competition_id"),
    "bank_account": ("银行账号", "bank_account", "account"),
}
REQUIRED = ("number", "member_id", "level", "issued_on", "route", "issuer")
HEADER_INDEX = {"".join(h.lower().replace("_", "").split()): f for f, names in HEADERS.items() for h in names}
ROUTE_WORDS = {"竞赛": "competition", "大赛": "competition", "考试": "exam", "鉴定": "exam"}
LEVEL_WORDS = {v: k for k, v in LEVELS.items()}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str | None = None) -> list[list[str]]:
    """The sheet's rows (header first) from CSV (UTF-8 or GBK) or XLSX."""
    if not content:
        raise InvalidInput(FieldError("file", msg.FILE_EMPTY))
    if (filename or "").lower().endswith(".xlsx") or content[:2] == b"PK":
        try:
            return [[_cell(v) for v in row] for row in first_sheet(content)]  # refuses a DTD, a zip bomb
        except NotAWorkbook as exc:
            raise InvalidInput(FieldError("file", msg.FILE_UNREADABLE, reason=str(exc))) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            body = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(FieldError("file", msg.FILE_TYPE))
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(body, newline=""))]
    except csv.Error as exc:
        raise InvalidInput(FieldError("file", msg.FILE_UNREADABLE, reason=str(exc))) from None


def parse_rows(table: list[list[str]]) -> tuple[list[CertificateIn], list[int], list[FieldError]]:
    """Rows → certificates, with each row's line number; what cannot be read is a row error."""
    if not table:
        return [], [], [FieldError("file", msg.FILE_EMPTY)]
    columns: dict[str, int] = {}
    for i, header in enumerate(table[0]):
        name = HEADER_INDEX.get("".join(header.lower().replace("_", "").split()))
        if name is not None:
            columns.setdefault(name, i)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        return [], [], [FieldError(f, msg.MISSING_COLUMN, row=1, column=HEADERS[f][0]) for f in missing]
    items: list[CertificateIn] = []
    lines: list[int] = []
    errors: list[FieldError] = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        cell = lambda f, cells=cells: cells[columns[f]] if f in columns and columns[f] < len(cells) else ""  # noqa: E731
        before = len(errors)
        member_id = _id(cell("member_id"), "member_id", errors, line)
        raw_level = cell("level")
        lvl = LEVEL_WORDS.get(raw_level) or _int(raw_level, "level", errors, line, message=msg.LEVEL)
        try:
            issued = dt.date.fromisoformat(cell("issued_on").replace("/", "-"))
        except ValueError:
            errors.append(FieldError("issued_on", msg.NOT_A_DATE, row=line))
            issued = None
        competition = cell("competition_id")
        competition_id = _id(competition, "competition_id", errors, line) if competition else None
        if len(errors) > before:
            continue
        route = cell("route")
        items.append(
            CertificateIn(
                number=cell("number"),
                member_id=member_id or 0,
                level=lvl or 0,
                issued_on=issued or dt.date.min,
                route=ROUTE_WORDS.get(route, route),
                issuer=cell("issuer"),
                competition_id=competition_id,
                bank_account=cell("bank_account") or None,
            )
        )
        lines.append(line)
    return items, lines, errors


def _id(value: str, field: str, errors: list[FieldError], row: int) -> int | None:
    """An id from a cell: a whole number that fits PostgreSQL's integer, else a row error."""
    number = _int(value, field, errors, row)
    if number is not None and not 1 <= number <= ID_MAX:
        errors.append(FieldError(field, msg.ID_RANGE, row=row, high=ID_MAX))
        return None
    return number


def _int(value: str, field: str, errors: list[FieldError], row: int, message: Any = msg.NOT_A_NUMBER) -> int | None:
    try:
        return int(value)
    except ValueError:
        errors.append(FieldError(field, message, row=row))
        return None


async def import_certificates(content: bytes, filename: str | None = None, actor: Actor = SYSTEM) -> ImportOut:
    """Import a CSV or XLSX of certificates: all or nothing, every bad row listed by its line."""
    items, lines, errors = parse_rows(read_table(content, filename))
    if any(e.row == 1 or e.field == "file" for e in errors):
        raise InvalidInput(errors)
    return await record_certificates(items, actor, lines, unreadable=errors)
