"""A member's unions over time (`placement`): changes to a member that move its dates (join, leave,
union), transfers now or dated later, the cron step that makes later ones take effect, and history.

`member.org_id` is the member's union today: a transfer dated today or earlier sets it at once;
one dated later only adds the placement that starts that day, and `apply_due_transfers` moves the
member when the day comes.
"""

from __future__ import annotations

import datetime as dt

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.tenancy import conn
from server.infra.types import Id, Text
from server.modules.core import service as activity
from server.modules.orgs import access, idcard
from server.modules.orgs.messages import (
    BEFORE_LAST_PLACEMENT,
    BEFORE_OPEN_PLACEMENT,
    CLEAR_ONLY,
    JOINED_TOO_LATE,
    MEMBER_CHANGED,
    MEMBER_LEAVING,
    MEMBER_LEFT,
    MEMBER_NOT_FOUND,
    NO_ORG,
    NOTHING_SCHEDULED,
    ORG_NOT_FOUNDED,
    SAME_ORG,
    TRANSFER_BEFORE_BIRTH,
    TRANSFER_CLOSED,
    TRANSFER_CLOSING,
)
from server.modules.orgs.protect import keys
from server.modules.orgs.service.common import EPOCH, already_member, closed_rule, today
from server.modules.orgs.service.members import (
    MEMBER_COLUMNS,
    MemberIn,
    MemberOut,
    MemberPatch,
    check_member_fields,
    get_member,
    member_out,
)
from server.modules.orgs.service.tree import exists_on
from server.platform.roles import SYSTEM, Actor


class TransferIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    on: dt.date | None = None
    reason: Text = "transfer"


class PlacementOut(msgspec.Struct):
    org_id: int
    org_name: str
    valid_from: dt.date
    valid_to: dt.date | None
    reason: str


async def lock_member(member_id: int) -> None:
    """Changes to one member's unions run one after the other: each takes the member's row lock before
    it reads the placements it changes, so a second transfer sees the first's result (and goes on from
    there, or is refused: `same_org`) instead of colliding with it on the one open placement."""
    await conn().execute("SELECT 1 FROM member WHERE id = $1 FOR UPDATE", member_id)


async def update_member(member_id: int, patch: MemberPatch, actor: Actor = SYSTEM) -> MemberOut:
    """Change a member's fields; `org_id` transfers (dated today), `left_on` ends the membership."""
    await lock_member(member_id)
    c = conn()
    row = await c.fetchrow(f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id = $1", member_id)
    if row is None:
        raise NotFound(MEMBER_NOT_FOUND, key=member_id)
    current = member_out(row, reveal=True)
    clearable = {"phone", "trade", "level", "joined_on", "left_on"}
    bad_clear = [f for f in patch.clear if f not in clearable]
    if bad_clear:
        raise invalid("clear", CLEAR_ONLY, fields=", ".join(sorted(clearable)))
    merged = MemberIn(
        name=patch.name if patch.name is not None else current.name,
        id_number=patch.id_number if patch.id_number is not None else current.id_number,
        org_id=current.org_id,
        phone=None if "phone" in patch.clear else (patch.phone if patch.phone is not None else current.phone),
        trade=None if "trade" in patch.clear else (patch.trade if patch.trade is not None else current.trade),
        level=None if "level" in patch.clear else (patch.level if patch.level is not None else current.level),
        migrant=patch.migrant if patch.migrant is not None else current.migrant,
        joined_on=None if "joined_on" in patch.clear else (patch.joined_on or current.joined_on),
    )
    left_on = None if "left_on" in patch.clear else (patch.left_on or current.left_on)
    errors: list[FieldError] = []
    checked = check_member_fields(merged, errors, left_on=left_on)
    digest = None
    if checked is not None and checked.id_number != current.id_number:
        digest = keys().digest(checked.id_number)
        other = await c.fetchval("SELECT id FROM member WHERE id_hash = $1 AND id <> $2", digest, member_id)
        if other is not None:
            errors.append(already_member(other, actor))
    if errors or checked is None:  # no errors: the fields were checked
        raise InvalidInput(errors)
    await c.execute(
        """UPDATE member SET name = $2, phone = $3, trade = $4, level = $5, migrant = $6, joined_on = $7,
                  left_on = $8, gender = $9, birth_date = $10, updated_at = now() WHERE id = $1""",
        member_id,
        checked.name,
        checked.phone,
        checked.trade,
        checked.level,
        checked.migrant,
        checked.joined_on,
        left_on,
        checked.gender,
        checked.birth_date,
    )
    if digest is not None:
        await c.execute(
            "UPDATE member SET id_hash = $2, id_cipher = $3, id_masked = $4 WHERE id = $1",
            member_id,
            digest,
            keys().encrypt(checked.id_number),
            idcard.mask(checked.id_number),
        )
    if checked.joined_on != current.joined_on:
        await _move_first_placement(member_id, checked.joined_on or EPOCH)
    if left_on != current.left_on:
        await _set_leave(member_id, current.org_id, current.left_on, left_on)
    await activity.record(
        "orgs.member.updated",
        f"member:{member_id}",
        {"fields": sorted(k for k, v in msgspec.structs.asdict(patch).items() if v not in (None, []))},
        actor,
    )
    if patch.org_id is not None and patch.org_id != current.org_id:
        return await transfer_member(member_id, patch.org_id, actor=actor)
    return await get_member(member_id)


async def _move_first_placement(member_id: int, joined_on: dt.date) -> None:
    """The join date changed: the member's first placement starts then (before it ended, if it has)."""
    c = conn()
    first = await c.fetchrow(
        "SELECT id, valid_to FROM placement WHERE member_id = $1 ORDER BY valid_from, id LIMIT 1", member_id
    )
    if first is None:
        return
    if first["valid_to"] is not None and joined_on >= first["valid_to"]:
        raise InvalidInput(FieldError("joined_on", JOINED_TOO_LATE, date=first["valid_to"]))
    await c.execute("UPDATE placement SET valid_from = $2 WHERE id = $1", first["id"], joined_on)


async def _set_leave(member_id: int, org_id: int, before: dt.date | None, after: dt.date | None) -> None:
    """The membership ends on `after` (None: it goes on) where it ended on `before`: the placements follow."""
    c = conn()
    if before is None:  # leaving: the open placement ends (`after` differs from `before`, so it is a date)
        assert after is not None
        await _close_placement(member_id, after, "left")
        return
    last = await c.fetchrow(
        "SELECT id, valid_from FROM placement WHERE member_id = $1 ORDER BY valid_from DESC, id DESC LIMIT 1", member_id
    )
    if after is not None:  # the leave date corrected: the last placement ends then instead
        if last is not None:
            if after < last["valid_from"]:
                raise RuleViolation(BEFORE_LAST_PLACEMENT, date=last["valid_from"])
            await c.execute("UPDATE placement SET valid_to = $2 WHERE id = $1", last["id"], after)
    elif before > today():  # a leaving still ahead is called off: the placement simply goes on
        if last is not None:
            await c.execute("UPDATE placement SET valid_to = NULL WHERE id = $1", last["id"])
    else:  # rejoined: a new placement from today
        await c.execute(
            "INSERT INTO placement (member_id, org_id, valid_from, reason) VALUES ($1, $2, $3, 'rejoined')",
            member_id,
            org_id,
            today(),
        )


async def _close_placement(member_id: int, on: dt.date, reason: str) -> None:
    c = conn()
    open_from = await c.fetchval(
        "SELECT valid_from FROM placement WHERE member_id = $1 AND valid_to IS NULL", member_id
    )
    if open_from is not None and on < open_from:
        raise RuleViolation(BEFORE_OPEN_PLACEMENT, code="before_placement", date=open_from)
    await c.execute("UPDATE placement SET valid_to = $2 WHERE member_id = $1 AND valid_to IS NULL", member_id, on)


async def transfer_member(
    member_id: int, org_id: int, *, on: dt.date | None = None, reason: str = "transfer", actor: Actor = SYSTEM
) -> MemberOut:
    """Move a member to another union (会员转会) from date `on` (default today); the old placement is
    kept. A transfer dated later is scheduled: the member stays in their union (`org_id`) until that
    day, when `apply_due_transfers` (a cron job) moves them."""
    await lock_member(member_id)
    on = on or today()
    c = conn()
    row = await c.fetchrow(
        """SELECT m.id, m.left_on, m.birth_date, p.org_id AS last_org_id FROM member m
           LEFT JOIN placement p ON p.member_id = m.id AND p.valid_to IS NULL WHERE m.id = $1""",
        member_id,
    )
    if row is None:
        raise NotFound(MEMBER_NOT_FOUND, key=member_id)
    # FOR SHARE: a closing of the union (which locks its row) waits for this transfer, or this for it.
    target = await c.fetchrow("SELECT id, closed_on FROM org WHERE id = $1 FOR SHARE", org_id)
    if target is None:
        raise InvalidInput(FieldError("org_id", NO_ORG, org=org_id))
    if target["closed_on"] is not None:
        raise closed_rule(target["closed_on"], TRANSFER_CLOSED, TRANSFER_CLOSING)
    if row["last_org_id"] == org_id:  # where the member is, or will be after a transfer already scheduled
        raise RuleViolation(SAME_ORG)
    if row["left_on"] is not None:
        if row["left_on"] > today():
            raise RuleViolation(MEMBER_LEAVING, left_on=row["left_on"])
        raise RuleViolation(MEMBER_LEFT)
    if on < row["birth_date"]:
        raise InvalidInput(FieldError("on", TRANSFER_BEFORE_BIRTH))
    if not await exists_on(org_id, on):
        raise InvalidInput(FieldError("org_id", ORG_NOT_FOUNDED, on=on))
    await access.check_org_visible(actor, org_id)
    await _close_placement(member_id, on, reason)
    try:
        await c.execute(
            "INSERT INTO placement (member_id, org_id, valid_from, reason) VALUES ($1, $2, $3, $4)",
            member_id,
            org_id,
            on,
            (reason or "transfer")[:200],
        )
    except asyncpg.UniqueViolationError:  # a writer that did not take the member's lock got there first
        raise Conflict(MEMBER_CHANGED) from None
    if on <= today():
        await c.execute("UPDATE member SET org_id = $2, updated_at = now() WHERE id = $1", member_id, org_id)
    await activity.record(
        "orgs.member.transferred",
        f"member:{member_id}",
        {"from": row["last_org_id"], "to": org_id, "on": on.isoformat()},
        actor,
    )
    return await get_member(member_id)


async def cancel_scheduled_transfer(member_id: int, actor: Actor = SYSTEM) -> MemberOut:
    """Call off a transfer dated later (and any after it): the member stays where they are today."""
    await lock_member(member_id)
    c = conn()
    day = today()
    member = await c.fetchrow("SELECT id, org_id FROM member WHERE id = $1", member_id)
    if member is None:
        raise NotFound(MEMBER_NOT_FOUND, key=member_id)
    first = await c.fetchval(
        "SELECT min(valid_from) FROM placement WHERE member_id = $1 AND valid_from > $2", member_id, day
    )
    if first is None:
        raise RuleViolation(NOTHING_SCHEDULED)
    gone = await c.fetch(
        "DELETE FROM placement WHERE member_id = $1 AND valid_from > $2 RETURNING org_id", member_id, day
    )
    await c.execute(  # the placement of today goes on (to the leave date, if one is set)
        "UPDATE placement SET valid_to = (SELECT left_on FROM member WHERE id = $1) WHERE member_id = $1 "
        "AND valid_to = $2",
        member_id,
        first,
    )
    await activity.record(
        "orgs.member.transfer_cancelled",
        f"member:{member_id}",
        {"on": first.isoformat(), "to": [r["org_id"] for r in gone]},
        actor,
    )
    return await get_member(member_id)


async def apply_due_transfers(day: dt.date | None = None) -> list[int]:
    """Members whose union changes by `day` (default today) through a transfer that was dated
    later when it was made: their `org_id` becomes the union of the placement valid that day.
    Safe to run any number of times (a no-op once applied); the ids of the members moved."""
    day = day or today()
    rows = await conn().fetch(
        """UPDATE member m SET org_id = p.org_id, updated_at = now()
           FROM placement p WHERE p.member_id = m.id AND p.valid_from <= $1 AND (p.valid_to IS NULL OR p.valid_to > $1)
             AND m.org_id <> p.org_id
           RETURNING m.id, p.org_id""",
        day,
    )
    if rows:
        await activity.record_many(
            [
                ("orgs.member.transfer_effective", f"member:{r['id']}", {"to": r["org_id"], "on": day.isoformat()})
                for r in rows
            ],
            SYSTEM,
        )
    return sorted(r["id"] for r in rows)


async def member_history(member_id: int) -> list[PlacementOut]:
    c = conn()
    if not await c.fetchval("SELECT 1 FROM member WHERE id = $1", member_id):
        raise NotFound(MEMBER_NOT_FOUND, key=member_id)
    rows = await c.fetch(
        """SELECT p.org_id, o.name AS org_name, p.valid_from, p.valid_to, p.reason
           FROM placement p JOIN org o ON o.id = p.org_id WHERE p.member_id = $1 ORDER BY p.valid_from, p.id""",
        member_id,
    )
    return [PlacementOut(**dict(r)) for r in rows]
