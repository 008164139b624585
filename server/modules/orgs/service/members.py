"""Members: the Structs, the field rules, create (one or many at once), search, raise levels, delete.

ID numbers are stored protected (`protect.keys()`): a keyed hash to match, a cipher to reveal,
a masked copy to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from server.infra import like
from server.infra.pagination import Page, check_limit, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Code, Id, Level, Text
from server.messages import INVISIBLE_CHARACTER, TOO_LONG
from server.modules import registry
from server.modules.core import service as activity
from server.modules.orgs import access, idcard
from server.modules.orgs.messages import (
    BAD_MEMBER_ROWS,
    BAD_PHONE,
    BIRTH_MISMATCH,
    FUTURE_DATE,
    GENDER_MISMATCH,
    ID_NUMBER_FORBIDDEN,
    JOINED_BEFORE_BIRTH,
    JOINED_IN_FUTURE,
    LEFT_BEFORE_BIRTH,
    LEFT_BEFORE_JOINED,
    LEVEL_RANGE,
    LEVELS_RANGE,
    MEMBER_EXISTS,
    MEMBER_HAS_RECORDS,
    MEMBER_NOT_FOUND,
    MEMBERS_EXIST,
    MEMBERS_NOT_FOUND,
    NO_ORG,
    OUTSIDE_SUBTREE_ROWS,
    REASON_REQUIRED,
    SAME_ID_AS_ROW,
    TEXT_LENGTH,
)
from server.modules.orgs.protect import keys
from server.modules.orgs.service.common import (
    ACTIVE,
    EPOCH,
    LEVELS,
    already_member,
    check_phone,
    clean_text,
    closed_error,
    invisible,
    today,
    valid_sql,
)
from server.modules.orgs.service.tree import subtree_ids
from server.platform.roles import SYSTEM, Actor


class MemberIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Text
    id_number: Text
    org_id: Id
    phone: Text | None = None
    trade: Text | None = None
    level: Level | None = None
    migrant: bool = False
    joined_on: dt.date | None = None
    # Optional: when given they must agree with the ID number.
    gender: Text | None = None
    birth_date: dt.date | None = None


class MemberPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Fields to change. `org_id` here is a transfer dated today; `left_on` ends membership.
    Set a field to null with `clear: ["phone", ...]`."""

    name: Text | None = None
    id_number: Text | None = None
    phone: Text | None = None
    trade: Text | None = None
    level: Level | None = None
    migrant: bool | None = None
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    org_id: Id | None = None
    clear: list[Code] = []


class MemberOut(msgspec.Struct):
    id: int
    name: str
    id_number: str
    gender: str
    birth_date: dt.date
    phone: str | None
    org_id: int
    trade: str | None
    level: int | None
    migrant: bool
    joined_on: dt.date | None
    left_on: dt.date | None


MEMBER_COLUMNS = (
    "m.id, m.name, m.id_masked, m.id_cipher, m.gender, m.birth_date, m.phone, m.org_id, m.trade, "
    "m.level, m.migrant, m.joined_on, m.left_on"
)


def member_out(r: Any, reveal: bool = False) -> MemberOut:
    """A `MEMBER_COLUMNS` row as the Struct: the ID number masked, or decrypted when `reveal`."""
    return MemberOut(
        id=r["id"],
        name=r["name"],
        id_number=keys().decrypt(r["id_cipher"]) if reveal else r["id_masked"],
        gender=r["gender"],
        birth_date=r["birth_date"],
        phone=r["phone"],
        org_id=r["org_id"],
        trade=r["trade"],
        level=r["level"],
        migrant=r["migrant"],
        joined_on=r["joined_on"],
        left_on=r["left_on"],
    )


class CheckedMember(msgspec.Struct):
    """A member's input after validation: what the database stores."""

    name: str
    id_number: str
    birth_date: dt.date
    gender: str
    org_id: int
    phone: str | None
    trade: str | None
    level: int | None
    migrant: bool
    joined_on: dt.date | None
    left_on: dt.date | None = None


def check_member_fields(
    data: MemberIn,
    errors: list[FieldError],
    row: int | None = None,
    left_on: dt.date | None = None,
    day: dt.date | None = None,
) -> CheckedMember | None:
    """Validate one member's fields (not the database facts: org exists, ID is free)."""
    before = len(errors)
    day = day or today()
    name = (data.name or "").strip()
    if not 1 <= len(name) <= 100:
        errors.append(FieldError("name", TEXT_LENGTH, row, limit=100))
    elif char := invisible(name):
        errors.append(FieldError("name", INVISIBLE_CHARACTER, row, char=char))
    birth = gender = None
    try:
        birth, gender = idcard.validate(data.id_number, today=day)
    except idcard.IdNumberError as exc:
        errors.append(FieldError("id_number", exc.msg, row, **exc.params))
    if gender and data.gender and data.gender.strip().upper()[:1] not in (gender, {"M": "男", "F": "女"}[gender]):
        errors.append(FieldError("gender", GENDER_MISMATCH, row))
    if birth and data.birth_date and data.birth_date != birth:
        errors.append(FieldError("birth_date", BIRTH_MISMATCH, row))
    phone = None
    try:
        phone = check_phone(data.phone)
    except ValueError:
        errors.append(FieldError("phone", BAD_PHONE, row))
    if data.level is not None and data.level not in LEVELS:
        errors.append(FieldError("level", LEVEL_RANGE, row))
    if data.joined_on is not None:
        if data.joined_on > day:
            errors.append(FieldError("joined_on", JOINED_IN_FUTURE, row))
        elif birth and data.joined_on < birth:
            errors.append(FieldError("joined_on", JOINED_BEFORE_BIRTH, row))
    if left_on is not None and data.joined_on is not None and left_on < data.joined_on:
        errors.append(FieldError("left_on", LEFT_BEFORE_JOINED, row))
    elif left_on is not None and birth and left_on < birth:
        errors.append(FieldError("left_on", LEFT_BEFORE_BIRTH, row))
    trade = clean_text(data.trade)
    if trade and len(trade) > 50:
        errors.append(FieldError("trade", TOO_LONG, row, limit=50))
    elif trade and (char := invisible(trade)):
        errors.append(FieldError("trade", INVISIBLE_CHARACTER, row, char=char))
    if len(errors) > before or birth is None or gender is None:  # a bad ID number has said why
        return None
    return CheckedMember(
        name=name,
        id_number=idcard.normalize(data.id_number),
        birth_date=birth,
        gender=gender,
        org_id=data.org_id,
        phone=phone,
        trade=trade,
        level=data.level,
        migrant=bool(data.migrant),
        joined_on=data.joined_on,
        left_on=left_on,
    )


async def create_member(data: MemberIn, actor: Actor = SYSTEM) -> MemberOut:
    errors: list[FieldError] = []
    checked = check_member_fields(data, errors)
    c = conn()
    # FOR SHARE: a closing of the union (which locks its row) waits for this member, or this for it.
    org = await c.fetchrow("SELECT id, closed_on FROM org WHERE id = $1 FOR SHARE", data.org_id)
    if org is None:
        errors.append(FieldError("org_id", NO_ORG, org=data.org_id))
    elif org["closed_on"] is not None:
        errors.append(closed_error("org_id", org["closed_on"]))
    else:
        await access.check_org_visible(actor, data.org_id)
    digest = None
    if checked is not None:
        digest = keys().digest(checked.id_number)
        existing = await c.fetchval("SELECT id FROM member WHERE id_hash = $1", digest)
        if existing is not None:
            errors.append(already_member(existing, actor))
    if errors or checked is None:  # no errors: the fields were checked
        raise InvalidInput(errors)
    try:
        member_id = await c.fetchval(
            """INSERT INTO member (name, id_hash, id_cipher, id_masked, gender, birth_date, phone, org_id, trade,
                                   level, migrant, joined_on, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), now()) RETURNING id""",
            checked.name,
            digest,
            keys().encrypt(checked.id_number),
            idcard.mask(checked.id_number),
            checked.gender,
            checked.birth_date,
            checked.phone,
            checked.org_id,
            checked.trade,
            checked.level,
            checked.migrant,
            checked.joined_on,
        )
    except asyncpg.UniqueViolationError:  # the same person added by a concurrent request
        raise Conflict(MEMBER_EXISTS) from None
    await c.execute(
        "INSERT INTO placement (member_id, org_id, valid_from, reason) VALUES ($1, $2, $3, 'joined')",
        member_id,
        checked.org_id,
        checked.joined_on or EPOCH,
    )
    await activity.record("orgs.member.created", f"member:{member_id}", {"org_id": checked.org_id}, actor)
    return await get_member(member_id)


async def create_members(items: list[MemberIn], actor: Actor = SYSTEM) -> list[MemberOut]:
    """Create many members at once, all or nothing, with `create_member`'s rules. Every row is
    checked first; any bad row raises one InvalidInput listing each bad row's field errors
    (`row` is the row's 1-based position in `items`), and nothing is written. Then one statement
    writes the members and their placements. The members come back in the order given."""
    if not items:
        return []
    c = conn()
    day = today()
    orgs = {
        r["id"]: r
        for r in await c.fetch(
            "SELECT id, closed_on FROM org WHERE id = ANY($1::int[]) ORDER BY id FOR SHARE",  # as create_member
            sorted({d.org_id for d in items}),
        )
    }
    visible = await access.visible_org_ids(actor)
    allowed = None if visible is None else set(visible)
    errors: list[FieldError] = []
    good: list[tuple[int, CheckedMember]] = []
    outside: list[int] = []
    first_row: dict[str, int] = {}
    for n, data in enumerate(items, start=1):
        row_errors: list[FieldError] = []
        checked = check_member_fields(data, row_errors, n, day=day)
        org = orgs.get(data.org_id)
        if org is None:
            row_errors.append(FieldError("org_id", NO_ORG, n, org=data.org_id))
        elif org["closed_on"] is not None:
            row_errors.append(closed_error("org_id", org["closed_on"], n))
        elif allowed is not None and data.org_id not in allowed:
            outside.append(n)
        if checked is not None:
            first = first_row.setdefault(checked.id_number, n)
            if first != n:
                row_errors.append(FieldError("id_number", SAME_ID_AS_ROW, n, first=first))
        errors.extend(row_errors)
        if not row_errors and checked is not None:
            good.append((n, checked))
    if outside:
        raise Forbidden(OUTSIDE_SUBTREE_ROWS, code="outside_subtree", rows=", ".join(map(str, outside[:10])))
    k = keys()
    digests = [k.digest(m.id_number) for _, m in good]
    row_of = {d: n for d, (n, _) in zip(digests, good)}
    for r in await c.fetch("SELECT id, id_hash FROM member WHERE id_hash = ANY($1::bytea[])", digests):
        n = row_of[bytes(r["id_hash"])]
        errors.append(already_member(r["id"], actor, n))
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        bad = len({e.row for e in errors})
        raise InvalidInput(errors, BAD_MEMBER_ROWS, code="invalid_input", bad=bad)
    ms = [m for _, m in good]
    try:  # one statement: the members from column arrays, their placements from the inserted rows
        added = await c.fetch(
            """WITH added AS (
                 INSERT INTO member (name, id_hash, id_cipher, id_masked, gender, birth_date, phone, org_id, trade,
                                     level, migrant, joined_on, created_at, updated_at)
                 SELECT u.*, now(), now() FROM unnest($1::text[], $2::bytea[], $3::bytea[], $4::text[], $5::text[],
                        $6::date[], $7::text[], $8::int[], $9::text[], $10::smallint[], $11::bool[], $12::date[]) AS u
                 RETURNING id, id_hash, org_id, joined_on),
               placed AS (
                 INSERT INTO placement (member_id, org_id, valid_from, reason)
                 SELECT id, org_id, coalesce(joined_on, $13), 'joined' FROM added)
               SELECT id, id_hash FROM added""",
            [m.name for m in ms],
            digests,
            k.encrypt_many([m.id_number for m in ms]),
            [idcard.mask(m.id_number) for m in ms],
            [m.gender for m in ms],
            [m.birth_date for m in ms],
            [m.phone for m in ms],
            [m.org_id for m in ms],
            [m.trade for m in ms],
            [m.level for m in ms],
            [m.migrant for m in ms],
            [m.joined_on for m in ms],
            EPOCH,
        )
    except asyncpg.UniqueViolationError:  # the same person added by a concurrent request
        raise Conflict(MEMBERS_EXIST, code="member_exists") from None
    id_of = {bytes(r["id_hash"]): r["id"] for r in added}
    ids = [id_of[d] for d in digests]
    await activity.record_many(
        [("orgs.member.created", f"member:{i}", {"org_id": m.org_id}) for i, m in zip(ids, ms)], actor
    )
    found = await get_members(ids)
    return [found[i] for i in ids]


async def raise_member_levels(levels: dict[int, int], *, on: dt.date, reason: str, actor: Actor = SYSTEM) -> list[int]:
    """Members (id → level) reached a vocational qualification level (1 高级技师 … 5 初级工) on `on`,
    e.g. at the end of master-apprentice agreements. A raise never lowers a level: a member already
    at that level or higher is left as they are. One statement for all; each raise is kept in the
    tenant's activity log with its date and reason. Returns the ids of the members raised."""
    errors: list[FieldError] = []
    bad = sorted(i for i, level in levels.items() if level not in LEVELS)
    if bad:
        errors.append(FieldError("level", LEVELS_RANGE, members=", ".join(map(str, bad[:10]))))
    if on > today():
        errors.append(FieldError("on", FUTURE_DATE))
    if not (reason or "").strip():
        errors.append(FieldError("reason", REASON_REQUIRED))
    if errors:
        raise InvalidInput(errors)
    if not levels:
        return []
    c = conn()
    ids, wanted = list(levels), list(levels.values())
    found = {r["id"] for r in await c.fetch("SELECT id FROM member WHERE id = ANY($1::int[])", ids)}
    if len(found) < len(ids):
        raise NotFound(MEMBERS_NOT_FOUND, ", ".join(str(i) for i in ids if i not in found), code="member_not_found")
    raised = await c.fetch(
        """WITH before AS (SELECT id, level FROM member WHERE id = ANY($1::int[]) FOR UPDATE)
           UPDATE member m SET level = u.level, updated_at = now()
           FROM unnest($1::int[], $2::smallint[]) AS u(id, level) JOIN before b ON b.id = u.id
           WHERE m.id = u.id AND (b.level IS NULL OR u.level < b.level)
           RETURNING m.id, b.level AS before, m.level AS after""",
        ids,
        wanted,
    )
    detail = {"on": on.isoformat(), "reason": reason.strip()[:500]}
    await activity.record_many(
        [
            ("orgs.member.level_raised", f"member:{r['id']}", {"from": r["before"], "to": r["after"], **detail})
            for r in raised
        ],
        actor,
    )
    return sorted(r["id"] for r in raised)


async def raise_member_level(
    member_id: int, level: int, *, on: dt.date, reason: str, actor: Actor = SYSTEM
) -> MemberOut:
    """One member reached `level` on `on` (see `raise_member_levels`); the member as they are now."""
    await raise_member_levels({member_id: level}, on=on, reason=reason, actor=actor)
    return await get_member(member_id)


async def get_member(member_id: int, *, reveal: bool = False, actor: Actor = SYSTEM) -> MemberOut:
    row = await conn().fetchrow(f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id = $1", member_id)
    if row is None:
        raise NotFound(MEMBER_NOT_FOUND, key=member_id)
    if reveal:
        await id_numbers_viewed([member_id], actor, "record")
    return member_out(row, reveal)


async def get_members(member_ids: list[int], *, reveal: bool = False) -> dict[int, MemberOut]:
    rows = await conn().fetch(f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id = ANY($1::int[])", list(member_ids))
    return {r["id"]: member_out(r, reveal) for r in rows}


async def member_ids_in(org_ids: list[int], *, active_only: bool = True, as_of: dt.date | None = None) -> list[int]:
    """The members of these orgs: today (`active_only`: not left), or those whose union on `as_of`
    was one of them, from the dated placements (joins, transfers, imports and leavings all keep
    them; a restructuring plan moves orgs, not placements: pass the subtree as of that day)."""
    if as_of is not None:
        rows = await conn().fetch(
            f"SELECT DISTINCT p.member_id AS id FROM placement p WHERE p.org_id = ANY($1::int[]) "
            f"AND {valid_sql('p', '$2')} ORDER BY 1",
            list(org_ids),
            as_of,
        )
        return [r["id"] for r in rows]
    rows = await conn().fetch(
        f"SELECT m.id FROM member m WHERE m.org_id = ANY($1::int[]) {'AND ' + ACTIVE if active_only else ''} "
        "ORDER BY m.id",
        list(org_ids),
    )
    return [r["id"] for r in rows]


async def find_member_by_id_number(id_number: str, *, reveal: bool = False, actor: Actor = SYSTEM) -> MemberOut | None:
    """Look a person up by the full ID number (through the keyed hash, nothing decrypted)."""
    row = await conn().fetchrow(
        f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id_hash = $1", keys().digest(idcard.normalize(id_number))
    )
    if row and reveal:
        await id_numbers_viewed([row["id"]], actor, "lookup")
    return member_out(row, reveal) if row else None


@dataclass(frozen=True)
class MemberFilter:
    """The member list's filters, one way for the list and its export (what you see is what you
    export): `q` matches the name, a phone prefix, a full ID number or its last four; then the
    org (or its subtree), trade, level, migrant flag, active (None: all); `within` limits to a
    subtree (an officer's)."""

    q: str | None = None
    org_id: int | None = None
    subtree: bool = False
    trade: str | None = None
    level: Level | None = None
    migrant: bool | None = None
    active: bool | None = True
    within: int | None = None

    async def sql(self, args: list[Any]) -> str:
        """The WHERE condition on `member m`, its parameters appended to `args`."""
        where = ["TRUE"]

        def arg(value: Any) -> str:
            args.append(value)
            return f"${len(args)}"

        q = self.q
        if q and q.strip():
            term = q.strip()
            pattern = like.containing(term)
            # A name holding the term holds each of its characters: the GIN index on those (orgs
            # migration 2026-12-07) finds the candidates, ILIKE confirms.
            chars = f"string_to_array(lower(m.name), NULL) @> string_to_array(lower({arg(term)}), NULL)"
            options = [f"({chars} AND m.name ILIKE {arg(pattern)})"]
            if term.isdigit() or term.startswith("+"):
                digits = term[3:] if term.startswith("+86") else term.lstrip("+")  # phones are stored without +86
                options.append(f"m.phone LIKE {arg(digits + '%')}")
            if idcard.is_valid(term):
                options.append(f"m.id_hash = {arg(keys().digest(idcard.normalize(term)))}")
            elif len(term) == 4 and term[:3].isdigit() and (term[3].isdigit() or term[3] in "xX"):
                options.append(f"right(m.id_masked, 4) = {arg(term.upper())}")  # the last four, as shown masked
            where.append("(" + " OR ".join(options) + ")")
        if self.org_id is not None:
            if self.subtree:
                where.append(f"m.org_id = ANY({arg(await subtree_ids(self.org_id))}::int[])")
            else:
                where.append(f"m.org_id = {arg(self.org_id)}")
        if self.within is not None:
            where.append(f"m.org_id = ANY({arg(await subtree_ids(self.within))}::int[])")
        if self.trade:
            where.append(f"m.trade = {arg(self.trade.strip())}")
        if self.level is not None:
            where.append(f"m.level = {arg(self.level)}")
        if self.migrant is not None:
            where.append(f"m.migrant = {arg(self.migrant)}")
        if self.active is True:
            where.append(ACTIVE)
        elif self.active is False:
            where.append(f"NOT {ACTIVE}")
        return " AND ".join(where)


async def list_members(
    *,
    q: str | None = None,
    org_id: int | None = None,
    subtree: bool = False,
    trade: str | None = None,
    level: int | None = None,
    migrant: bool | None = None,
    active: bool | None = True,
    within: int | None = None,
    reveal: bool = False,
    limit: int = 50,
    cursor: str | None = None,
    actor: Actor = SYSTEM,
) -> Page[MemberOut]:
    """Member search by the list's filters (`MemberFilter`), a page at a time."""
    check_limit(limit)
    args: list[Any] = []
    where = await MemberFilter(q, org_id, subtree, trade, level, migrant, active, within).sql(args)
    rows, next_cursor = await keyset_sql(
        f"SELECT {MEMBER_COLUMNS} FROM member m WHERE {where}", *args, limit=limit, cursor=cursor
    )
    if reveal:
        await id_numbers_viewed([r["id"] for r in rows], actor, "list")
    return Page(items=[member_out(r, reveal) for r in rows], next_cursor=next_cursor)


async def id_numbers_viewed(member_ids: list[int], actor: Actor, via: str) -> None:
    """Every full ID number shown is logged, one entry per member: who saw whose, and how."""
    await activity.record_many(
        [("orgs.member.id_number_viewed", f"member:{i}", {"via": via}) for i in member_ids], actor
    )


class MemberHasRecords(Conflict):
    """The database refused to delete a member other modules hold records of (their
    `member_ref_<module>_<table>_<column>` foreign keys): the detail names those modules in the
    client's language, and `modules` in the body lists their names."""

    def __init__(self, modules: list[str]):
        self.modules = modules
        super().__init__(MEMBER_HAS_RECORDS, extra={"modules": modules})

    def detail_in(self, lang: str) -> str:
        titles = {m.name: (m.title_en if lang == "en" else m.title_zh) for m in registry.CATALOG}
        names = ("、" if lang != "en" else ", ").join(titles.get(m, m) for m in self.modules)
        return MEMBER_HAS_RECORDS.render(lang, {"modules": names})


def _module_of(constraint: str | None) -> str | None:
    """The module of a `member_ref_<module>_...` constraint (module names hold no underscore)."""
    if not constraint or not constraint.startswith("member_ref_"):
        return None
    return constraint.removeprefix("member_ref_").split("_", 1)[0]


async def _modules_holding(member_id: int) -> list[str]:
    """Every module with a record naming the member, by its `member_ref_` foreign keys that refuse
    the delete (RESTRICT), in registry order; a row that goes with the member (the bot's link of a
    Telegram account, ON DELETE CASCADE) is no record and does not count."""
    c = conn()
    refs = await c.fetch(
        """SELECT con.conname, rel.relname, att.attname
             FROM pg_constraint con
             JOIN pg_class rel ON rel.oid = con.conrelid
             JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
            WHERE con.contype = 'f' AND con.conname LIKE 'member\\_ref\\_%'
              AND con.confrelid = 'member'::regclass AND con.confdeltype = 'r'""",
    )
    found: set[str] = set()
    for r in refs:
        module = _module_of(r["conname"])
        if module is None or module in found:
            continue
        if await c.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{r["relname"]}" WHERE "{r["attname"]}" = $1)', member_id):
            found.add(module)
    return [m for m in registry.NAMES if m in found]


async def delete_member(member_id: int, actor: Actor = SYSTEM) -> None:
    """Remove a record entered by mistake (a member who leaves gets `left_on` instead). The
    database refuses while any module holds a record of the member (its `member_ref_` foreign
    keys, ON DELETE RESTRICT): a 409 naming those modules, and nothing changed."""
    c = conn()
    try:
        async with c.transaction():  # a savepoint: after a refusal the scope can still ask who holds records
            deleted = await c.fetchval("DELETE FROM member WHERE id = $1 RETURNING id", member_id)
    except (asyncpg.RestrictViolationError, asyncpg.ForeignKeyViolationError) as exc:  # RESTRICT: 23001
        first = _module_of(getattr(exc, "constraint_name", None))
        if first is None:
            raise
        raise MemberHasRecords(await _modules_holding(member_id) or [first]) from None
    if deleted is None:
        raise NotFound(MEMBER_NOT_FOUND, key=member_id)
    await activity.record("orgs.member.deleted", f"member:{member_id}", {}, actor)


async def member_org_ids(member_ids: list[int]) -> dict[int, int]:
    rows = await conn().fetch("SELECT id, org_id FROM member WHERE id = ANY($1::int[])", list(member_ids))
    return {r["id"]: r["org_id"] for r in rows}


def may_reveal(actor: Actor, requested: bool | None) -> bool:
    """Full ID numbers only for roles allowed them; asking without the role is refused."""
    if requested and not actor.sees_full_id_numbers:
        raise Forbidden(ID_NUMBER_FORBIDDEN)
    return bool(requested) if requested is not None else False
