"""Rotation areas, their party-mass activity centre's platforms and the bookings of them.

An area is an org subtree (for Xixia the 朔方路街道 union and everything under it) with its
party-mass activity centre (党群活动中心) and the centre's platforms. A platform is never booked
twice at once: the database's exclusion constraint refuses the second booking, also when two race.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, InvalidInput, NotFound
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn, current_tenant
from server.infra.types import Id, PositiveCount, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.rotation import messages as msg
from server.modules.rotation.service.shared import (
    PLATFORM_KINDS,
    area_row,
    check_area_visible,
    check_area_writable,
    check_org_writable,
    is_admin,
    one_of,
    optional_text,
    orgs_in_area,
    text,
    whole,
)
from server.platform.roles import SYSTEM, Actor


class PlatformIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Text
    kind: Text = "activity_room"
    capacity: PositiveCount | None = None


class PlatformOut(msgspec.Struct):
    id: int
    area_id: int
    name: str
    kind: str
    capacity: int | None


class AreaIn(msgspec.Struct, forbid_unknown_fields=True):
    root_org_id: Id
    name: Text
    centre_name: Text = ""
    # Count working days and hand over on them; None: as the tenant asks (`[config.rotation]` in tenant.toml).
    respect_holidays: bool | None = None
    platforms: Annotated[list[PlatformIn], Meta(max_length=1000)] = []


class AreaOut(msgspec.Struct):
    id: int
    root_org_id: int
    name: str
    centre_name: str
    respect_holidays: bool
    platforms: list[PlatformOut]


def _check_platform(p: PlatformIn, errors: list[FieldError], field: str = "") -> None:
    text(p.name, f"{field}name", errors, 100)
    one_of(p.kind, f"{field}kind", errors, PLATFORM_KINDS)
    if p.capacity is not None:
        whole(p.capacity, f"{field}capacity", errors, 1)


async def create_area(data: AreaIn, actor: Actor = SYSTEM) -> AreaOut:
    """Make an org's subtree a rotation area, with its centre's platforms. All or nothing."""
    errors: list[FieldError] = []
    text(data.name, "name", errors, 200)
    optional_text(data.centre_name, "centre_name", errors, 200)
    found = await orgs.get_orgs([data.root_org_id])
    if data.root_org_id not in found:
        errors.append(FieldError("root_org_id", msg.NO_SUCH_ORG, org=data.root_org_id))
    elif await conn().fetchval("SELECT 1 FROM rot_area WHERE root_org_id = $1", data.root_org_id):
        errors.append(FieldError("root_org_id", msg.AREA_EXISTS, org=data.root_org_id))
    names: dict[str, int] = {}
    for n, p in enumerate(data.platforms):
        _check_platform(p, errors, f"platforms[{n}].")
        if p.name.strip() in names:
            errors.append(FieldError(f"platforms[{n}].name", msg.PLATFORM_EXISTS, name=p.name.strip()))
        names[p.name.strip()] = n
    if errors:
        raise InvalidInput(errors)
    await check_org_writable(actor, data.root_org_id)
    respect = data.respect_holidays
    if respect is None:
        respect = bool((await tenant_config()).get("respect_holidays", False))
    try:
        area_id = await conn().fetchval(
            "INSERT INTO rot_area (root_org_id, name, centre_name, respect_holidays, created_at) "
            "VALUES ($1, $2, $3, $4, now()) RETURNING id",
            data.root_org_id,
            data.name.strip(),
            (data.centre_name or "").strip(),
            respect,
        )
    except asyncpg.UniqueViolationError:  # another request made it an area first
        raise InvalidInput(FieldError("root_org_id", msg.AREA_EXISTS, org=data.root_org_id)) from None
    if data.platforms:
        await conn().execute(
            "INSERT INTO rot_platform (area_id, name, kind, capacity) "
            "SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])",
            area_id,
            [p.name.strip() for p in data.platforms],
            [p.kind for p in data.platforms],
            [p.capacity for p in data.platforms],
        )
    await activity.record("rotation.area.created", f"area:{area_id}", {"org": data.root_org_id}, actor)
    return await get_area(area_id, actor)


async def get_area(area_id: int, actor: Actor = SYSTEM) -> AreaOut:
    area = await area_row(area_id)
    await check_area_visible(actor, area)
    rows = await conn().fetch(
        "SELECT id, area_id, name, kind, capacity FROM rot_platform WHERE area_id = $1 ORDER BY id", area_id
    )
    return AreaOut(**area, platforms=[PlatformOut(**dict(r)) for r in rows])


async def list_areas(*, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None) -> Page[AreaOut]:
    """The areas an actor may see: all for admins; for an officer, those around or inside their subtree."""
    root = access.scope_root(actor)
    inside: list[int] | None = None
    if root is not None:
        inside = [o.id for o in await orgs.ancestors(root)] + await orgs.subtree_ids(root)
    rows, nxt = await keyset_sql(
        "SELECT id, root_org_id, name, centre_name, respect_holidays FROM rot_area "
        "WHERE ($1::int[] IS NULL OR root_org_id = ANY($1))",
        inside,
        limit=limit,
        cursor=cursor,
    )
    platforms: dict[int, list[PlatformOut]] = {r["id"]: [] for r in rows}
    for p in await conn().fetch(
        "SELECT id, area_id, name, kind, capacity FROM rot_platform WHERE area_id = ANY($1::int[]) ORDER BY id",
        list(platforms),
    ):
        platforms[p["area_id"]].append(PlatformOut(**dict(p)))
    return Page([AreaOut(**dict(r), platforms=platforms[r["id"]]) for r in rows], nxt)


async def add_platform(area_id: int, data: PlatformIn, actor: Actor = SYSTEM) -> PlatformOut:
    area = await area_row(area_id)
    errors: list[FieldError] = []
    _check_platform(data, errors)
    if not errors and await conn().fetchval(
        "SELECT 1 FROM rot_platform WHERE area_id = $1 AND name = $2", area_id, data.name.strip()
    ):
        errors.append(FieldError("name", msg.PLATFORM_EXISTS, name=data.name.strip()))
    if errors:
        raise InvalidInput(errors)
    await check_area_writable(actor, area)
    try:
        row = await conn().fetchrow(
            "INSERT INTO rot_platform (area_id, name, kind, capacity) VALUES ($1, $2, $3, $4) "
            "RETURNING id, area_id, name, kind, capacity",
            area_id,
            data.name.strip(),
            data.kind,
            data.capacity,
        )
    except asyncpg.UniqueViolationError:
        raise InvalidInput(FieldError("name", msg.PLATFORM_EXISTS, name=data.name.strip())) from None
    await activity.record("rotation.platform.added", f"area:{area_id}", {"platform": row["id"]}, actor)
    return PlatformOut(**dict(row))


async def tenant_config() -> dict[str, Any]:
    """The tenant's `[config.rotation]` from its tenant.toml."""
    from server.platform import service as platform

    slug = current_tenant()
    config = (await platform.get_tenant(slug)).config if slug else {}
    return dict((config or {}).get("rotation") or {})


class BookingIn(msgspec.Struct, forbid_unknown_fields=True):
    platform_id: Id
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: Text
    org_id: Id | None = None  # the union that books, inside the area


class BookingOut(msgspec.Struct):
    id: int
    platform_id: int
    platform_name: str
    area_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str
    org_id: int | None
    booked_by: str
    state: str


BOOKING_SELECT = """SELECT b.id, b.platform_id, p.name AS platform_name, p.area_id, b.starts_at, b.ends_at, b.purpose,
       b.org_id, b.booked_by, b.state FROM rot_booking b JOIN rot_platform p ON p.id = b.platform_id"""


async def book_platform(data: BookingIn, actor: Actor = SYSTEM) -> BookingOut:
    """Book a platform for a time. An overlapping booking of the same platform is refused by the
    database (409 `platform_busy`), whichever of two racing requests comes second."""
    c = conn()
    errors: list[FieldError] = []
    area_id = await c.fetchval("SELECT area_id FROM rot_platform WHERE id = $1", data.platform_id)
    if area_id is None:
        errors.append(FieldError("platform_id", msg.NO_SUCH_PLATFORM, platform=data.platform_id))
    if data.starts_at.tzinfo is None:
        errors.append(FieldError("starts_at", msg.NEEDS_ZONE))
    if data.ends_at.tzinfo is None:
        errors.append(FieldError("ends_at", msg.NEEDS_ZONE))
    elif data.starts_at.tzinfo is not None and data.ends_at <= data.starts_at:
        errors.append(FieldError("ends_at", msg.DATE_ORDER, other="starts_at"))
    text(data.purpose, "purpose", errors, 200)
    area = await area_row(area_id) if area_id is not None else None
    if area is not None and data.org_id is not None:
        await orgs_in_area([data.org_id], "org_id", errors, area)
    if errors or area is None:
        raise InvalidInput(errors)
    if data.org_id is not None and not is_admin(actor):
        await check_org_writable(actor, data.org_id)
    else:
        await check_area_writable(actor, area)
    try:
        booking_id = await c.fetchval(
            "INSERT INTO rot_booking (platform_id, starts_at, ends_at, purpose, org_id, booked_by, state, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, 'booked', now()) RETURNING id",
            data.platform_id,
            data.starts_at,
            data.ends_at,
            data.purpose.strip(),
            data.org_id,
            actor.name,
        )
    except asyncpg.ExclusionViolationError:
        raise Conflict(msg.PLATFORM_BUSY, code="platform_busy", platform=data.platform_id) from None
    await activity.record("rotation.platform.booked", f"booking:{booking_id}", {"platform": data.platform_id}, actor)
    return await get_booking(booking_id, actor)


async def get_booking(booking_id: int, actor: Actor = SYSTEM) -> BookingOut:
    row = await conn().fetchrow(f"{BOOKING_SELECT} WHERE b.id = $1", booking_id)
    if row is None:
        raise NotFound(msg.BOOKING_NOT_FOUND, key=booking_id)
    await check_area_visible(actor, await area_row(row["area_id"]))
    return BookingOut(**dict(row))


async def cancel_booking(booking_id: int, actor: Actor = SYSTEM) -> BookingOut:
    """Cancel a booking: the platform is free again at that time."""
    row = await conn().fetchrow(
        "SELECT b.org_id, p.area_id FROM rot_booking b JOIN rot_platform p ON p.id = b.platform_id "
        "WHERE b.id = $1 FOR UPDATE OF b",
        booking_id,
    )
    if row is None:
        raise NotFound(msg.BOOKING_NOT_FOUND, key=booking_id)
    if row["org_id"] is not None and not is_admin(actor):
        await check_org_writable(actor, row["org_id"])
    else:
        await check_area_writable(actor, await area_row(row["area_id"]))
    await conn().execute("UPDATE rot_booking SET state = 'cancelled' WHERE id = $1", booking_id)
    await activity.record("rotation.platform.cancelled", f"booking:{booking_id}", {}, actor)
    return await get_booking(booking_id, actor)


async def list_bookings(
    area_id: int,
    *,
    platform_id: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    actor: Actor = SYSTEM,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[BookingOut]:
    """An area's bookings overlapping [start, end), cancelled ones included (their state says so)."""
    await check_area_visible(actor, await area_row(area_id))
    rows, nxt = await keyset_sql(
        f"{BOOKING_SELECT} WHERE p.area_id = $1 AND ($2::int IS NULL OR b.platform_id = $2) "
        "AND ($3::timestamptz IS NULL OR b.ends_at > $3) AND ($4::timestamptz IS NULL OR b.starts_at < $4)",
        area_id,
        platform_id,
        start,
        end,
        limit=limit,
        cursor=cursor,
    )
    return Page([BookingOut(**dict(r)) for r in rows], nxt)
