"""The chairs and the roster: appointing the rotating chair and vice chairs, generating a fair
timetable (`server.modules.rotation.timetable`), publishing it, swapping slots with history, and
who is on duty now and next.

Two slots of the same role in one area never overlap: the database's exclusion constraint holds
it, whatever writes the rows.
"""

from __future__ import annotations

import datetime as dt

import asyncpg
import chinese_calendar
import msgspec

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.tenancy import conn
from server.infra.types import Id, Text, Year
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.rotation import messages as msg
from server.modules.rotation.service.shared import (
    MAX_ROUNDS,
    ROLES,
    Ids,
    Rounds,
    area_row,
    check_area_visible,
    check_area_writable,
    may_vice_chair,
    one_of,
    orgs_in_area,
    text,
    today,
    year,
)
from server.modules.rotation.timetable import lay_out
from server.platform.roles import SYSTEM, Actor


class ChairIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Text  # chair (the street union chair) | vice_chair (a non-public enterprise union chair)
    org_id: Id
    name: Text
    member_id: Id | None = None


class ChairOut(msgspec.Struct):
    id: int
    area_id: int
    role: str
    org_id: int
    org_name: str
    name: str
    member_id: int | None
    active: bool


async def appoint_chair(area_id: int, data: ChairIn, actor: Actor = SYSTEM) -> ChairOut:
    """The rotating chair chairs the area's root union (the street union); a vice chair chairs an
    open non-public enterprise union inside the area (`may_vice_chair`, the orgs module's
    enterprise fields: a union whose sector is not recorded is not one)."""
    area = await area_row(area_id)
    errors: list[FieldError] = []
    one_of(data.role, "role", errors, ROLES)
    text(data.name, "name", errors, 100)
    found = await orgs_in_area([data.org_id], "org_id", errors, area)
    org = found.get(data.org_id)
    if org is not None and data.role == "vice_chair" and not may_vice_chair(org):
        errors.append(FieldError("org_id", msg.NOT_VICE_CHAIR_UNION, org=data.org_id))
    if org is not None and data.role == "chair" and data.org_id != area["root_org_id"]:
        errors.append(FieldError("org_id", msg.NOT_AREA_ROOT, org=data.org_id, root=area["root_org_id"]))
    if data.member_id is not None and not await orgs.get_members([data.member_id]):
        errors.append(FieldError("member_id", msg.NO_SUCH_MEMBER, member=data.member_id))
    # A vice chair's union is appointed once; the rotating chair is always the street union's, and
    # a new one (the union elected another chair) takes over from the one before.
    if (
        not errors
        and data.role == "vice_chair"
        and await conn().fetchval(
            "SELECT 1 FROM rot_chair WHERE area_id = $1 AND role = 'vice_chair' AND org_id = $2 AND active",
            area_id,
            data.org_id,
        )
    ):
        errors.append(FieldError("org_id", msg.CHAIR_TWICE, org=data.org_id))
    if errors:
        raise InvalidInput(errors)
    await check_area_writable(actor, area)
    if data.role == "chair":  # one rotating chair at a time: the new one takes over
        await conn().execute("UPDATE rot_chair SET active = false WHERE area_id = $1 AND role = 'chair'", area_id)
    try:
        chair_id = await conn().fetchval(
            "INSERT INTO rot_chair (area_id, role, org_id, name, member_id, active) "
            "VALUES ($1, $2, $3, $4, $5, true) RETURNING id",
            area_id,
            data.role,
            data.org_id,
            data.name.strip(),
            data.member_id,
        )
    except asyncpg.UniqueViolationError:
        raise InvalidInput(FieldError("org_id", msg.CHAIR_TWICE, org=data.org_id)) from None
    await activity.record("rotation.chair.appointed", f"chair:{chair_id}", {"role": data.role}, actor)
    return (await list_chairs(area_id, actor=actor, chair_id=chair_id))[0]


async def list_chairs(
    area_id: int, *, actor: Actor = SYSTEM, role: str | None = None, chair_id: int | None = None
) -> list[ChairOut]:
    await check_area_visible(actor, await area_row(area_id))
    rows = await conn().fetch(
        "SELECT id, area_id, role, org_id, name, member_id, active FROM rot_chair WHERE area_id = $1 "
        "AND ($2::text IS NULL OR role = $2) AND ($3::int IS NULL OR id = $3) ORDER BY role, id",
        area_id,
        role,
        chair_id,
    )
    names = await orgs.get_orgs({r["org_id"] for r in rows})
    return [ChairOut(**dict(r), org_name=names[r["org_id"]].name if r["org_id"] in names else "") for r in rows]


async def vice_chair_candidates(area_id: int, actor: Actor = SYSTEM) -> list[orgs.OrgOut]:
    """The unions whose chairs may be rotating vice chairs (`may_vice_chair`, the check the
    appointment makes) inside the area, by name."""
    area = await area_row(area_id)
    await check_area_visible(actor, area)
    found = await orgs.get_orgs(await orgs.subtree_ids(area["root_org_id"]))
    return sorted((o for o in found.values() if may_vice_chair(o)), key=lambda o: o.name)


class RosterIn(msgspec.Struct, forbid_unknown_fields=True):
    year: Year
    starts_on: dt.date | None = None  # the year's first day unless the system starts mid-year
    ends_on: dt.date | None = None
    rounds: Rounds = 1  # how many times round the vice chairs go
    chair_ids: Ids | None = None  # the vice chairs in their order; the active ones by default


class SlotOut(msgspec.Struct):
    id: int
    roster_id: int
    area_id: int
    chair_id: int
    chair_name: str
    org_id: int
    role: str
    starts_on: dt.date
    ends_on: dt.date
    days: int
    position: int


class SwapOut(msgspec.Struct):
    id: int
    slot_a: int
    slot_b: int
    chair_a: int
    chair_b: int
    reason: str
    actor_name: str
    swapped_at: dt.datetime


class RosterOut(msgspec.Struct):
    id: int
    area_id: int
    year: int
    starts_on: dt.date
    ends_on: dt.date
    state: str
    created_by: str
    published_at: dt.datetime | None
    slots: list[SlotOut]
    swaps: list[SwapOut]


SLOT_SELECT = """SELECT s.id, s.roster_id, s.area_id, s.chair_id, c.name AS chair_name, c.org_id, s.role, s.starts_on,
       s.ends_on, (s.ends_on - s.starts_on + 1)::int AS days, s.position::int AS position
  FROM rot_slot s JOIN rot_chair c ON c.id = s.chair_id"""


def _workday(day: dt.date) -> bool:
    return bool(chinese_calendar.is_workday(day))


async def generate_roster(area_id: int, data: RosterIn, actor: Actor = SYSTEM) -> RosterOut:
    """Lay out the year's timetable: the rotating chair for the whole period, each vice chair in
    turn for an equal share of it (to the day; working days where the area respects official
    holidays). A draft is generated again in place; a published roster changes only by swaps."""
    area = await area_row(area_id)
    c = conn()
    errors: list[FieldError] = []
    year(data.year, "year", errors)
    if errors:
        raise InvalidInput(errors)
    first = data.starts_on or dt.date(data.year, 1, 1)
    last = data.ends_on or dt.date(data.year, 12, 31)
    for field, day in (("starts_on", first), ("ends_on", last)):
        if day.year != data.year:
            errors.append(FieldError(field, msg.IN_YEAR, year=data.year))
    if last < first:
        errors.append(FieldError("ends_on", msg.DATE_ORDER, other="starts_on"))
    if isinstance(data.rounds, bool) or not 1 <= data.rounds <= MAX_ROUNDS:
        errors.append(FieldError("rounds", msg.WHOLE_AT_LEAST, low=1))
    vice = {
        r["id"]: r
        for r in await c.fetch(
            "SELECT id, active FROM rot_chair WHERE area_id = $1 AND role = 'vice_chair' ORDER BY id", area_id
        )
    }
    order = data.chair_ids if data.chair_ids is not None else [i for i, r in vice.items() if r["active"]]
    seen: set[int] = set()
    for n, i in enumerate(order, start=1):
        if i not in vice or not vice[i]["active"]:
            errors.append(FieldError("chair_ids", msg.NO_SUCH_CHAIR, row=n, chair=i))
        elif i in seen:
            errors.append(FieldError("chair_ids", msg.LISTED_TWICE, row=n, first=order.index(i) + 1))
        seen.add(i)
    if not order:
        errors.append(FieldError("chair_ids", msg.NO_VICE_CHAIRS))
    turns = []
    if not errors:
        try:
            counts = _workday if area["respect_holidays"] else (lambda day: True)
            if area["respect_holidays"]:  # outside the calendar's years: NotImplementedError
                _workday(first)
                _workday(last)
            turns = lay_out(first, last, len(order), data.rounds, counts)
        except NotImplementedError:
            errors.append(FieldError("year", msg.NO_CALENDAR, year=data.year))
        except ValueError:
            days = sum(1 for n in range((last - first).days + 1) if counts(first + dt.timedelta(days=n)))
            errors.append(FieldError("rounds", msg.TOO_FEW_DAYS, days=days, turns=len(order) * data.rounds))
    existing = await c.fetchrow(
        "SELECT id, state FROM rot_roster WHERE area_id = $1 AND year = $2 FOR UPDATE", area_id, data.year
    )
    if existing is not None and existing["state"] == "published":
        errors.append(FieldError("year", msg.ROSTER_EXISTS, year=data.year))
    if errors:
        raise InvalidInput(errors)
    await check_area_writable(actor, area)
    chair_id = await c.fetchval(
        "SELECT id FROM rot_chair WHERE area_id = $1 AND role = 'chair' AND active ORDER BY id DESC LIMIT 1", area_id
    )
    if existing is not None:
        roster_id = existing["id"]
        await c.execute("DELETE FROM rot_slot WHERE roster_id = $1", roster_id)
        await c.execute(
            "UPDATE rot_roster SET starts_on = $2, ends_on = $3, created_by = $4, created_at = now() WHERE id = $1",
            roster_id,
            first,
            last,
            actor.name,
        )
    else:
        try:
            roster_id = await c.fetchval(
                "INSERT INTO rot_roster (area_id, year, starts_on, ends_on, state, created_by, created_at) "
                "VALUES ($1, $2, $3, $4, 'draft', $5, now()) RETURNING id",
                area_id,
                data.year,
                first,
                last,
                actor.name,
            )
        except asyncpg.UniqueViolationError:  # another request generated the year's roster first
            raise Conflict(msg.ROSTER_RACE, code="roster_exists", year=data.year) from None
    rows = [(order[t.chair], "vice_chair", t.starts_on, t.ends_on, n + 1) for n, t in enumerate(turns)]
    if chair_id is not None:
        rows.append((chair_id, "chair", first, last, 0))
    try:
        await c.execute(
            "INSERT INTO rot_slot (roster_id, area_id, chair_id, role, starts_on, ends_on, position) "
            "SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::date[], $6::date[], $7::smallint[])",
            roster_id,
            area_id,
            *[list(col) for col in zip(*rows, strict=True)],
        )
    except asyncpg.ExclusionViolationError:
        raise Conflict(msg.SLOT_OVERLAP, code="slot_overlap") from None
    await activity.record("rotation.roster.generated", f"roster:{roster_id}", {"slots": len(rows)}, actor)
    return await get_roster(roster_id, actor)


async def _roster_area(roster_id: int, lock: bool = False) -> tuple[dict, dict]:
    row = await conn().fetchrow(
        f"SELECT id, area_id, state FROM rot_roster WHERE id = $1{' FOR UPDATE' if lock else ''}", roster_id
    )
    if row is None:
        raise NotFound(msg.ROSTER_NOT_FOUND, key=roster_id)
    return dict(row), await area_row(row["area_id"])


async def publish_roster(roster_id: int, actor: Actor = SYSTEM) -> RosterOut:
    roster, area = await _roster_area(roster_id, lock=True)
    await check_area_writable(actor, area)
    if roster["state"] != "draft":
        raise RuleViolation(msg.NOT_DRAFT, code="roster_published", roster=roster_id)
    await conn().execute("UPDATE rot_roster SET state = 'published', published_at = now() WHERE id = $1", roster_id)
    await activity.record("rotation.roster.published", f"roster:{roster_id}", {}, actor)
    return await get_roster(roster_id, actor)


async def get_roster(roster_id: int, actor: Actor = SYSTEM) -> RosterOut:
    c = conn()
    row = await c.fetchrow(
        "SELECT id, area_id, year, starts_on, ends_on, state, created_by, published_at FROM rot_roster WHERE id = $1",
        roster_id,
    )
    if row is None:
        raise NotFound(msg.ROSTER_NOT_FOUND, key=roster_id)
    await check_area_visible(actor, await area_row(row["area_id"]))
    slots = await c.fetch(f"{SLOT_SELECT} WHERE s.roster_id = $1 ORDER BY s.role, s.starts_on", roster_id)
    swaps = await c.fetch(
        "SELECT id, slot_a, slot_b, chair_a, chair_b, reason, actor_name, swapped_at FROM rot_swap "
        "WHERE roster_id = $1 ORDER BY id",
        roster_id,
    )
    return RosterOut(**dict(row), slots=[SlotOut(**dict(s)) for s in slots], swaps=[SwapOut(**dict(s)) for s in swaps])


async def find_roster(area_id: int, year_: int, actor: Actor = SYSTEM) -> RosterOut:
    roster_id = await conn().fetchval("SELECT id FROM rot_roster WHERE area_id = $1 AND year = $2", area_id, year_)
    if roster_id is None:
        raise NotFound(msg.ROSTER_NOT_FOUND, key=f"{area_id}/{year_}")
    return await get_roster(roster_id, actor)


class SwapIn(msgspec.Struct, forbid_unknown_fields=True):
    slot_a: Id
    slot_b: Id
    reason: Text


async def swap_slots(roster_id: int, data: SwapIn, actor: Actor = SYSTEM) -> RosterOut:
    """Change a published timetable: two slots of the same role exchange their chairs (neither over
    yet), kept in the roster's history with the reason."""
    roster, area = await _roster_area(roster_id, lock=True)
    errors: list[FieldError] = []
    text(data.reason, "reason", errors, 500)
    if data.slot_a == data.slot_b:
        errors.append(FieldError("slot_b", msg.SAME_SLOT))
    if errors:
        raise InvalidInput(errors)
    await check_area_writable(actor, area)
    if roster["state"] != "published":
        raise RuleViolation(msg.NOT_PUBLISHED, code="roster_not_published", roster=roster_id)
    rows = {
        r["id"]: r
        for r in await conn().fetch(
            "SELECT id, chair_id, role, ends_on FROM rot_slot WHERE roster_id = $1 AND id = ANY($2::int[]) FOR UPDATE",
            roster_id,
            [data.slot_a, data.slot_b],
        )
    }
    for field, slot in (("slot_a", data.slot_a), ("slot_b", data.slot_b)):
        if slot not in rows:
            errors.append(FieldError(field, msg.NO_SUCH_SLOT, slot=slot))
    if errors:
        raise InvalidInput(errors)
    a, b = rows[data.slot_a], rows[data.slot_b]
    if a["role"] != b["role"]:
        raise RuleViolation(msg.SWAP_ROLES, code="swap_roles")
    for s in (a, b):
        if s["ends_on"] < today():
            raise RuleViolation(msg.SLOT_OVER, code="slot_over", slot=s["id"])
    c = conn()
    await c.execute(
        "UPDATE rot_slot SET chair_id = CASE id WHEN $1 THEN $3::int ELSE $4::int END WHERE id IN ($1, $2)",
        a["id"],
        b["id"],
        b["chair_id"],
        a["chair_id"],
    )
    await c.execute(
        "INSERT INTO rot_swap (roster_id, slot_a, slot_b, chair_a, chair_b, reason, actor_name, swapped_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, now())",
        roster_id,
        a["id"],
        b["id"],
        a["chair_id"],
        b["chair_id"],
        data.reason.strip(),
        actor.name,
    )
    await activity.record("rotation.roster.swapped", f"roster:{roster_id}", {"slots": [a["id"], b["id"]]}, actor)
    return await get_roster(roster_id, actor)


async def get_slot(slot_id: int, actor: Actor = SYSTEM) -> SlotOut:
    row = await conn().fetchrow(f"{SLOT_SELECT} WHERE s.id = $1", slot_id)
    if row is None:
        raise NotFound(msg.SLOT_NOT_FOUND, key=slot_id)
    await check_area_visible(actor, await area_row(row["area_id"]))
    return SlotOut(**dict(row))


class OnDutyOut(msgspec.Struct):
    day: dt.date
    chair: SlotOut | None
    vice_chair: SlotOut | None
    next_vice_chair: SlotOut | None


async def on_duty(area_id: int, day: dt.date | None = None, actor: Actor = SYSTEM) -> OnDutyOut:
    """Who is on now and who is next, in the published rosters."""
    await check_area_visible(actor, await area_row(area_id))
    day = day or today()
    published = "JOIN rot_roster r ON r.id = s.roster_id AND r.state = 'published'"
    base = SLOT_SELECT.replace("JOIN rot_chair c", f"{published} JOIN rot_chair c")
    c = conn()

    async def one(sql: str) -> SlotOut | None:
        row = await c.fetchrow(sql, area_id, day)
        return SlotOut(**dict(row)) if row else None

    now = f"{base} WHERE s.area_id = $1 AND s.starts_on <= $2 AND s.ends_on >= $2 AND s.role ="
    return OnDutyOut(
        day,
        await one(f"{now} 'chair'"),
        await one(f"{now} 'vice_chair'"),
        await one(
            f"{base} WHERE s.area_id = $1 AND s.starts_on > $2 AND s.role = 'vice_chair' ORDER BY s.starts_on LIMIT 1"
        ),
    )
