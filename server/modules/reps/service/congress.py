"""Workers' congresses, constituencies and the representatives' standing tenure (常任制): the
roll with terms and training, the duty record, and the allowance paid once per period."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, InvalidInput, NotFound
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Code, Count, Fen, Id, Level, Name, SmallCount, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.reps import messages as msg
from server.modules.reps.service.shared import (
    DUTIES,
    check_unit,
    congress_row,
    fen,
    one_of,
    text,
    whole,
)
from server.modules.welfare import disbursement
from server.platform.roles import SYSTEM, Actor

# One scheme: the allowance is paid by quarter (2017-Q1). Months as well let March be paid twice
# (2017-03 and 2017-Q1); the database refuses any other period (`rep_allowance_quarter`).
PERIOD_RE = re.compile(r"^(19|20)\d\d-Q[1-4]$")


def months_of(quarter: str) -> list[str]:
    """The months of a quarter, as allowances from before the one scheme named them: 2017-03."""
    year, q = quarter.split("-Q")
    return [f"{year}-{m:02d}" for m in range(3 * int(q) - 2, 3 * int(q) + 1)]


class CongressIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    name: Name
    starts_on: dt.date
    ends_on: dt.date
    conditions: Text = ""
    min_level: Level | None = None
    term_in_rules: bool = False
    rewards_promised: bool = False


class CongressOut(msgspec.Struct):
    id: int
    org_id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    conditions: str
    min_level: int | None
    term_in_rules: bool
    rewards_promised: bool


class ConstituencyIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    name: Name
    seats: SmallCount


class ConstituencyOut(msgspec.Struct):
    id: int
    congress_id: int
    org_id: int
    name: str
    seats: int


class RepresentativeOut(msgspec.Struct):
    id: int
    congress_id: int
    constituency_id: int
    member_id: int
    starts_on: dt.date
    ends_on: dt.date
    trained_on: dt.date | None
    state: str
    left_on: dt.date | None
    left_reason: str
    duty_minutes: int
    member_name: str = ""  # the member's name (orgs), for the roll


class DutyIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: Code
    done_on: dt.date
    minutes: Count = 0
    note: Text = ""


class DutyOut(msgspec.Struct):
    id: int
    representative_id: int
    kind: str
    done_on: dt.date
    minutes: int
    note: str


class PayeeIn(msgspec.Struct, forbid_unknown_fields=True):
    representative_id: Id
    account: Code


class AllowanceIn(msgspec.Struct, forbid_unknown_fields=True):
    """Pay the allowance of `period` to the seated representatives listed in `payees`."""

    period: Code
    amount_fen: Fen
    payees: list[PayeeIn]


class AllowanceOut(msgspec.Struct):
    congress_id: int
    period: str
    paid: int
    total_fen: int
    batch_id: int


def congress_out(r: Any) -> CongressOut:
    return CongressOut(
        r["id"],
        r["org_id"],
        r["name"],
        r["starts_on"],
        r["ends_on"],
        r["conditions"],
        r["min_level"],
        r["term_in_rules"],
        r["rewards_promised"],
    )


REP_SQL = """
SELECT r.*, coalesce((SELECT sum(d.minutes) FROM rep_duty d WHERE d.representative_id = r.id), 0)::int AS duty_minutes
  FROM rep_representative r
"""


async def named(rows: list[Any]) -> list[RepresentativeOut]:
    """The representatives with their members' names (one call to orgs for the lot)."""
    names = await orgs.get_members(sorted({r["member_id"] for r in rows}))
    out = []
    for r in rows:
        rep = rep_out(r)
        rep.member_name = names[rep.member_id].name if rep.member_id in names else ""
        out.append(rep)
    return out


def rep_out(r: Any) -> RepresentativeOut:
    return RepresentativeOut(
        r["id"],
        r["congress_id"],
        r["constituency_id"],
        r["member_id"],
        r["starts_on"],
        r["ends_on"],
        r["trained_on"],
        r["state"],
        r["left_on"],
        r["left_reason"],
        r["duty_minutes"],
    )


async def create_congress(data: CongressIn, actor: Actor = SYSTEM) -> CongressOut:
    errors: list[FieldError] = []
    name = text(data.name, "name", errors, 200)
    conditions = text(data.conditions, "conditions", errors, 2000, empty=True)
    if data.ends_on < data.starts_on:
        errors.append(FieldError("ends_on", msg.DATE_ORDER, other=data.starts_on.isoformat()))
    if data.min_level is not None and (isinstance(data.min_level, bool) or not 1 <= data.min_level <= 5):
        errors.append(FieldError("min_level", msg.ONE_OF, choices="1, 2, 3, 4, 5"))
    if not await orgs.get_orgs([data.org_id]):
        errors.append(FieldError("org_id", msg.NO_SUCH_ORG, org=data.org_id))
    if errors:
        raise InvalidInput(errors)
    await check_unit(actor, data.org_id)
    row = await conn().fetchrow(
        "INSERT INTO rep_congress (org_id, name, starts_on, ends_on, conditions, min_level, term_in_rules, "
        "rewards_promised, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) RETURNING *",
        data.org_id,
        name,
        data.starts_on,
        data.ends_on,
        conditions,
        data.min_level,
        data.term_in_rules,
        data.rewards_promised,
    )
    await activity.record("reps.congress.created", f"congress:{row['id']}", {"org_id": data.org_id}, actor)
    return congress_out(row)


async def get_congress(congress_id: int, actor: Actor = SYSTEM) -> CongressOut:
    row = await congress_row(congress_id)
    await check_unit(actor, row["org_id"])
    return congress_out(row)


async def list_congresses(*, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None) -> Page[CongressOut]:
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT * FROM rep_congress WHERE ($1::int[] IS NULL OR org_id = ANY($1))", visible, limit=limit, cursor=cursor
    )
    return Page([congress_out(r) for r in rows], nxt)


async def add_constituency(congress_id: int, data: ConstituencyIn, actor: Actor = SYSTEM) -> ConstituencyOut:
    congress = await congress_row(congress_id)
    await check_unit(actor, congress["org_id"])
    errors: list[FieldError] = []
    name = text(data.name, "name", errors, 100)
    whole(data.seats, "seats", errors, 1)
    if not await orgs.get_orgs([data.org_id]):
        errors.append(FieldError("org_id", msg.NO_SUCH_ORG, org=data.org_id))
    elif data.org_id not in await orgs.subtree_ids(congress["org_id"]):
        errors.append(FieldError("org_id", msg.ORG_OUTSIDE_UNIT, org=data.org_id))
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        "INSERT INTO rep_constituency (congress_id, org_id, name, seats) VALUES ($1, $2, $3, $4) RETURNING *",
        congress_id,
        data.org_id,
        name,
        data.seats,
    )
    await activity.record(
        "reps.constituency.added", f"congress:{congress_id}", {"constituency": row["id"], "seats": row["seats"]}, actor
    )
    return ConstituencyOut(row["id"], congress_id, row["org_id"], row["name"], row["seats"])


async def list_constituencies(congress_id: int, actor: Actor = SYSTEM) -> list[ConstituencyOut]:
    congress = await congress_row(congress_id)
    await check_unit(actor, congress["org_id"])
    rows = await conn().fetch("SELECT * FROM rep_constituency WHERE congress_id = $1 ORDER BY id", congress_id)
    return [ConstituencyOut(r["id"], congress_id, r["org_id"], r["name"], r["seats"]) for r in rows]


async def electorate(constituency: dict[str, Any], day: dt.date) -> list[int]:
    """The constituency's members on the roll at `day`: those whose union that day was in the
    constituency's subtree as it stood that day (a member who joined later is not on it; one who
    moved away or left since still is)."""
    ids = await orgs.subtree_ids(constituency["org_id"], day) or await orgs.subtree_ids(constituency["org_id"])
    return sorted(await orgs.member_ids_in(ids, as_of=day))


async def representative_row(representative_id: int) -> dict[str, Any]:
    row = await conn().fetchrow(REP_SQL + " WHERE r.id = $1", representative_id)
    if row is None:
        raise NotFound(msg.REPRESENTATIVE_NOT_FOUND, code="not_found", key=representative_id)
    return dict(row)


async def _unit_of(rep: dict[str, Any]) -> int:
    return int(await conn().fetchval("SELECT org_id FROM rep_congress WHERE id = $1", rep["congress_id"]))


async def get_representative(representative_id: int, actor: Actor = SYSTEM) -> RepresentativeOut:
    rep = await representative_row(representative_id)
    await check_unit(actor, await _unit_of(rep))
    return (await named([rep]))[0]


async def list_representatives(
    congress_id: int, *, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None
) -> Page[RepresentativeOut]:
    """The representatives' roll with terms, training and duty time."""
    congress = await congress_row(congress_id)
    await check_unit(actor, congress["org_id"])
    rows, nxt = await keyset_sql(REP_SQL + " WHERE r.congress_id = $1", congress_id, limit=limit, cursor=cursor)
    return Page(await named(list(rows)), nxt)


async def record_training(representative_id: int, on: dt.date, actor: Actor = SYSTEM) -> RepresentativeOut:
    rep = await representative_row(representative_id)
    await check_unit(actor, await _unit_of(rep))
    await conn().execute("UPDATE rep_representative SET trained_on = $2 WHERE id = $1", representative_id, on)
    await activity.record(
        "reps.representative.trained", f"representative:{representative_id}", {"on": on.isoformat()}, actor
    )
    return (await named([await representative_row(representative_id)]))[0]


async def log_duty(representative_id: int, data: DutyIn, actor: Actor = SYSTEM) -> DutyOut:
    """A duty record entry: its minutes count as working time (正常出勤)."""
    rep = await representative_row(representative_id)
    await check_unit(actor, await _unit_of(rep))
    errors: list[FieldError] = []
    one_of(data.kind, "kind", errors, DUTIES)
    whole(data.minutes, "minutes", errors, 0)
    note = text(data.note, "note", errors, 2000, empty=True)
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        "INSERT INTO rep_duty (representative_id, kind, done_on, minutes, note) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING *",
        representative_id,
        data.kind,
        data.done_on,
        data.minutes,
        note,
    )
    await activity.record(
        "reps.representative.duty_logged", f"representative:{representative_id}", {"minutes": row["minutes"]}, actor
    )
    return DutyOut(row["id"], representative_id, row["kind"], row["done_on"], row["minutes"], row["note"])


async def duty_record(
    representative_id: int, actor: Actor = SYSTEM, *, limit: int = 50, cursor: str | None = None
) -> Page[DutyOut]:
    """The duty record, oldest first (the key is the entry's place in date order)."""
    rep = await representative_row(representative_id)
    await check_unit(actor, await _unit_of(rep))
    rows, next_cursor = await keyset_sql(
        "SELECT *, row_number() OVER (ORDER BY done_on, id) AS pos FROM rep_duty WHERE representative_id = $1",
        representative_id,
        key="pos",
        limit=limit,
        cursor=cursor,
    )
    return Page(
        items=[DutyOut(r["id"], representative_id, r["kind"], r["done_on"], r["minutes"], r["note"]) for r in rows],
        next_cursor=next_cursor,
    )


async def pay_allowance(congress_id: int, data: AllowanceIn, actor: Actor = SYSTEM) -> AllowanceOut:
    """The allowance of a period to the listed representatives, one disbursement batch
    (`reps.allowance:<congress>:<period>:<first representative>`); a representative is paid once
    per period (the database's unique key says so). A period may be paid in several goes (one
    seated by a by-election later): each go is its own batch, named by its first representative,
    whom no other batch of the period can hold."""
    congress = await congress_row(congress_id)
    await check_unit(actor, congress["org_id"])
    errors: list[FieldError] = []
    if not isinstance(data.period, str) or not PERIOD_RE.fullmatch(data.period):
        errors.append(FieldError("period", msg.PERIOD))
    fen(data.amount_fen, "amount_fen", errors)
    accounts = {p.representative_id: p.account for p in data.payees}
    if not accounts:
        errors.append(FieldError("payees", msg.NO_CHOICE))
    c = conn()
    reps = await c.fetch(
        "SELECT id, member_id FROM rep_representative WHERE congress_id = $1 AND state = 'seated' AND id = ANY($2)",
        congress_id,
        list(accounts),
    )
    found = {r["id"]: r["member_id"] for r in reps}
    for rid in accounts:
        if rid not in found:
            errors.append(FieldError("payees", msg.REPRESENTATIVE_NOT_FOUND, key=rid))
    if errors:
        raise InvalidInput(errors)
    ids = sorted(found)
    # a month of the quarter paid before the one scheme (the database no longer takes months)
    if await c.fetchval(
        "SELECT 1 FROM rep_allowance WHERE representative_id = ANY($1) AND period = ANY($2) LIMIT 1",
        ids,
        months_of(data.period),
    ):
        raise Conflict(msg.ALREADY_PAID, code="already_paid", period=data.period)
    try:
        await c.execute(
            "INSERT INTO rep_allowance (representative_id, period, amount_fen) SELECT unnest($1::int[]), $2, $3",
            ids,
            data.period,
            data.amount_fen,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.ALREADY_PAID, code="already_paid", period=data.period) from None
    names = await orgs.get_members(sorted(found.values()))
    items = [
        disbursement.PayoutItem(
            beneficiary=f"representative:{rid}",
            name=names[found[rid]].name if found[rid] in names else f"会员{found[rid]}",
            account=accounts[rid],
            amount_fen=data.amount_fen,
            member_id=found[rid],
            org_id=congress["org_id"],
            memo=f"职工代表津贴 {data.period}",
        )
        for rid in ids
    ]
    batch = await disbursement.create_batch(
        f"reps.allowance:{congress_id}:{data.period.lower()}:{ids[0]}",
        f"{congress['name']} 职工代表津贴 {data.period}",
        items,
        budget_fen=data.amount_fen * len(ids),
        actor=actor,
    )
    await c.execute(
        "UPDATE rep_allowance SET batch_id = $3 WHERE period = $2 AND representative_id = ANY($1)",
        ids,
        data.period,
        batch.id,
    )
    return AllowanceOut(congress_id, data.period, len(ids), batch.total_fen, batch.id)
