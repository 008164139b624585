"""The slots' deadlines: each vice chair must plan and run at least one themed activity series in
their slot (a series with at least one activity). Two weeks before a slot ends, a vice chair
without one is reminded; a slot that ended without one is flagged. Each happens once per slot:
the unique (slot, kind) row is the idempotency key, so the cron job may run late or twice."""

from __future__ import annotations

import datetime as dt

import msgspec

from server.infra.tenancy import conn
from server.modules.contract import Notice
from server.modules.rotation.service.shared import today

REMIND_DAYS = 14
# A vice-chair slot of a published roster with no series that has an activity.
WITHOUT_SERIES = """s.role = 'vice_chair'
   AND EXISTS (SELECT 1 FROM rot_roster r WHERE r.id = s.roster_id AND r.state = 'published')
   AND NOT EXISTS (SELECT 1 FROM rot_series x JOIN rot_activity a ON a.series_id = x.id WHERE x.slot_id = s.id)"""


# The chair's member, when still on record: a chair's member id from before the member references
# (NOT VALID) may name a member since deleted, whom no notice can reach nor reference.
CHAIR_MEMBER = "(SELECT m.id FROM member m WHERE m.id = ch.member_id)"


class DeadlinesOut(msgspec.Struct):
    reminded: list[int]
    flagged: list[int]


async def check_deadlines(day: dt.date | None = None) -> DeadlinesOut:
    """Remind the vice chairs whose slot ends within two weeks and flag the slots that ended,
    those without a themed series; the slots reminded or flagged now (never twice)."""
    day = day or today()
    c = conn()
    reminded = await c.fetch(
        f"""INSERT INTO rot_slot_notice (slot_id, kind, member_id, at)
            SELECT s.id, 'reminded', {CHAIR_MEMBER}, now() FROM rot_slot s JOIN rot_chair ch ON ch.id = s.chair_id
             WHERE {WITHOUT_SERIES} AND s.ends_on >= $1 AND s.ends_on - $2::int <= $1
            ON CONFLICT (slot_id, kind) DO NOTHING RETURNING slot_id""",
        day,
        REMIND_DAYS,
    )
    flagged = await c.fetch(
        f"""INSERT INTO rot_slot_notice (slot_id, kind, member_id, at)
            SELECT s.id, 'flagged', {CHAIR_MEMBER}, now() FROM rot_slot s JOIN rot_chair ch ON ch.id = s.chair_id
             WHERE {WITHOUT_SERIES} AND s.ends_on < $1
            ON CONFLICT (slot_id, kind) DO NOTHING RETURNING slot_id""",
        day,
    )
    return DeadlinesOut(sorted(r["slot_id"] for r in reminded), sorted(r["slot_id"] for r in flagged))


class FlagOut(msgspec.Struct):
    slot_id: int
    kind: str
    chair_name: str
    starts_on: dt.date
    ends_on: dt.date
    at: dt.datetime


async def list_flags(area_id: int, kind: str | None = None) -> list[FlagOut]:
    rows = await conn().fetch(
        "SELECT n.slot_id, n.kind, ch.name AS chair_name, s.starts_on, s.ends_on, n.at FROM rot_slot_notice n "
        "JOIN rot_slot s ON s.id = n.slot_id JOIN rot_chair ch ON ch.id = s.chair_id "
        "WHERE s.area_id = $1 AND ($2::text IS NULL OR n.kind = $2) ORDER BY n.at, n.slot_id",
        area_id,
        kind,
    )
    return [FlagOut(**dict(r)) for r in rows]


async def reminder_notices(member_ids: list[int]) -> list[Notice]:
    """The reminders to send over Telegram, to the vice chairs whose chat is linked (each key once),
    while their slot runs: a chair who links later is not told of a slot long over."""
    rows = await conn().fetch(
        "SELECT n.slot_id, n.member_id, s.ends_on FROM rot_slot_notice n JOIN rot_slot s ON s.id = n.slot_id "
        "WHERE n.kind = 'reminded' AND n.member_id = ANY($1::int[]) AND s.ends_on >= $2",
        member_ids,
        today(),
    )
    return [
        Notice(
            member_id=r["member_id"],
            key=f"rotation.reminder:{r['slot_id']}",
            text_zh=f"轮值提醒：您的轮值时段将于 {r['ends_on']:%Y-%m-%d} 结束，请至少策划并组织一次主题系列活动。",
            text_en=f"Rotation reminder: your slot ends on {r['ends_on']:%Y-%m-%d}; plan and run at least one "
            "themed activity series.",
        )
        for r in rows
    ]
