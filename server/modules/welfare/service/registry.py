"""The hardship registry (困难职工档案): households are filed (pending), reviewed (active from a
date, or rejected) and lifted out of hardship (with a date and reason); each step keeps who and
when. One open file per member (a partial unique index)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, InvalidInput, NotFound, invalid
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Fen, Id, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.welfare import accounts
from server.modules.welfare import messages as msg
from server.modules.welfare.disbursement import check_account
from server.modules.welfare.service.shared import (
    REASON_CHOICES,
    REASONS,
    check_org_writable,
    member_names,
    members_by_id,
    today,
)
from server.platform.roles import SYSTEM, Actor

NOT_PENDING = {"active": msg.NOT_PENDING_ACTIVE, "rejected": msg.NOT_PENDING_REJECTED, "lifted": msg.NOT_PENDING_LIFTED}
NOT_ACTIVE = {"pending": msg.NOT_ACTIVE_PENDING, "rejected": msg.NOT_ACTIVE_REJECTED, "lifted": msg.NOT_ACTIVE_LIFTED}


class HouseholdIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: Id
    household_size: Annotated[int, Meta(ge=0, le=100)]
    reasons: Annotated[list[Annotated[str, Meta(max_length=30)]], Meta(max_length=50)]
    income_per_head_fen: Fen  # monthly income per head
    bank_account: Annotated[str, Meta(max_length=32)]
    evidence: Text = ""
    org_id: Id | None = None  # the filing union; default the member's union


class HouseholdOut(msgspec.Struct):
    id: int
    member_id: int
    member_name: str
    org_id: int
    household_size: int
    reasons: list[str]
    income_per_head_fen: int
    bank_account: str
    evidence: str
    status: str
    filed_at: dt.datetime
    filed_by: str
    reviewed_at: dt.datetime | None
    reviewed_by: str | None
    review_note: str
    active_from: dt.date | None
    lifted_on: dt.date | None
    lifted_at: dt.datetime | None
    lifted_by: str | None
    lift_reason: str


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    approve: bool
    note: Text = ""
    active_from: dt.date | None = None


class LiftIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Text
    lifted_on: dt.date | None = None


HOUSEHOLD_COLUMNS = (
    "id, member_id, org_id, household_size, reasons, income_per_head_fen, bank_account, evidence, "
    "status, filed_at, filed_by, reviewed_at, reviewed_by, review_note, active_from, lifted_on, "
    "lifted_at, lifted_by, lift_reason"
)


async def _households_out(rows: list[asyncpg.Record], actor: Actor) -> list[HouseholdOut]:
    names = await member_names({r["member_id"] for r in rows})
    out = []
    for r in rows:
        data: dict[str, Any] = dict(r)
        data["reasons"] = list(data["reasons"])
        data["bank_account"] = accounts.shown(data["bank_account"], actor)
        out.append(HouseholdOut(member_name=names.get(r["member_id"], ""), **data))
    return out


async def file_household(data: HouseholdIn, actor: Actor = SYSTEM) -> HouseholdOut:
    """File a hardship household (建档); it is active once reviewed."""
    errors: list[FieldError] = []
    members = await members_by_id([data.member_id], "member_id", errors)
    if (
        isinstance(data.household_size, bool)
        or not isinstance(data.household_size, int)
        or not 1 <= data.household_size <= 20
    ):
        errors.append(FieldError("household_size", msg.HOUSEHOLD_SIZE))
    if not data.reasons:
        errors.append(FieldError("reasons", msg.REASONS_REQUIRED, choices=REASON_CHOICES))
    for r in data.reasons:
        if r not in REASONS:
            errors.append(FieldError("reasons", msg.UNKNOWN_REASON, reason=r, choices=REASON_CHOICES))
    if (
        isinstance(data.income_per_head_fen, bool)
        or not isinstance(data.income_per_head_fen, int)
        or data.income_per_head_fen < 0
    ):
        errors.append(FieldError("income_per_head_fen", msg.INCOME_PER_HEAD))
    check_account(data.bank_account, "bank_account", errors)
    if len(data.evidence) > 4000:
        errors.append(FieldError("evidence", msg.EVIDENCE_TOO_LONG))
    org_id = data.org_id
    if org_id is None and data.member_id in members:
        org_id = members[data.member_id].org_id
    if data.org_id is not None:
        try:
            await orgs.get_org(data.org_id)
        except NotFound:
            errors.append(FieldError("org_id", msg.NO_SUCH_ORG, org=data.org_id))
    if errors or org_id is None:
        raise InvalidInput(errors)
    await check_org_writable(actor, org_id)
    await access.check_member_visible(actor, data.member_id)
    try:
        hid = await conn().fetchval(
            "INSERT INTO hardship_household (member_id, org_id, household_size, reasons, income_per_head_fen, "
            "bank_account, evidence, status, filed_at, filed_by, filed_by_account, review_note, lift_reason) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', now(), $8, $9, '', '') RETURNING id",
            data.member_id,
            org_id,
            data.household_size,
            list(dict.fromkeys(data.reasons)),
            data.income_per_head_fen,
            accounts.seal_account(data.bank_account),
            data.evidence,
            actor.name,
            actor.account_id,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.HOUSEHOLD_EXISTS, member=data.member_id) from None
    await activity.record("welfare.household.filed", f"household:{hid}", {"member_id": data.member_id}, actor)
    return await get_household(hid, actor)


async def get_household(household_id: int, actor: Actor = SYSTEM) -> HouseholdOut:
    """One household; an org officer sees only those filed in their subtree."""
    row = await conn().fetchrow(f"SELECT {HOUSEHOLD_COLUMNS} FROM hardship_household WHERE id = $1", household_id)
    if row is None:
        raise NotFound(msg.HOUSEHOLD_NOT_FOUND, key=household_id)
    await access.check_org_visible(actor, row["org_id"])
    return (await _households_out([row], actor))[0]


async def _locked(household_id: int, actor: Actor) -> asyncpg.Record:
    row = await conn().fetchrow(
        "SELECT status, org_id, active_from FROM hardship_household WHERE id = $1 FOR UPDATE", household_id
    )
    if row is None:
        raise NotFound(msg.HOUSEHOLD_NOT_FOUND, key=household_id)
    await check_org_writable(actor, row["org_id"])
    return row


async def review_household(household_id: int, data: ReviewIn, actor: Actor = SYSTEM) -> HouseholdOut:
    """Review a filed household (审核): approve makes it active from a date; or reject it."""
    row = await _locked(household_id, actor)
    if row["status"] != "pending":
        raise Conflict(NOT_PENDING[row["status"]], code="not_pending", household=household_id)
    status = "active" if data.approve else "rejected"
    await conn().execute(
        "UPDATE hardship_household SET status = $2, reviewed_at = now(), reviewed_by = $3, review_note = $4, "
        "active_from = $5 WHERE id = $1",
        household_id,
        status,
        actor.name,
        data.note,
        (data.active_from or today()) if data.approve else None,
    )
    await activity.record(
        f"welfare.household.{'approved' if data.approve else 'rejected'}",
        f"household:{household_id}",
        {"note": data.note},
        actor,
    )
    return await get_household(household_id, actor)


async def lift_household(household_id: int, data: LiftIn, actor: Actor = SYSTEM) -> HouseholdOut:
    """Lift a household out of hardship (脱困), with the reason and the date."""
    if not data.reason.strip():
        raise invalid("reason", msg.LIFT_REASON_REQUIRED)
    row = await _locked(household_id, actor)
    if row["status"] != "active":
        raise Conflict(NOT_ACTIVE[row["status"]], code="not_active", household=household_id)
    on = data.lifted_on or today()
    if row["active_from"] and on < row["active_from"]:
        raise invalid("lifted_on", msg.LIFTED_BEFORE_ACTIVE, active_from=row["active_from"])
    await conn().execute(
        "UPDATE hardship_household SET status = 'lifted', lifted_on = $2, lifted_at = now(), lifted_by = $3, "
        "lift_reason = $4 WHERE id = $1",
        household_id,
        on,
        actor.name,
        data.reason,
    )
    await activity.record("welfare.household.lifted", f"household:{household_id}", {"reason": data.reason}, actor)
    return await get_household(household_id, actor)


async def list_households(
    *,
    status: str | None = None,
    org_id: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
    actor: Actor = SYSTEM,
) -> Page[HouseholdOut]:
    """Households by status and org subtree; an org officer's list holds their subtree's only."""
    org_ids: list[int] | None
    if org_id is not None:
        await access.check_org_visible(actor, org_id)
        org_ids = await orgs.subtree_ids(org_id)
    else:
        org_ids = await access.visible_org_ids(actor)
    rows, next_cursor = await keyset_sql(
        f"SELECT {HOUSEHOLD_COLUMNS} FROM hardship_household WHERE ($1::text IS NULL OR status = $1) "
        "AND ($2::int[] IS NULL OR org_id = ANY($2))",
        status,
        org_ids,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=await _households_out(rows, actor), next_cursor=next_cursor)
