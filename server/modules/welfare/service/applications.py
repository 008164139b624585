"""Relief applications (救助申请), for campaigns that pay case by case (大病救助): an officer
applies for a member of their subtree, a tenant_admin approves an amount (at most what was
asked) or rejects, until the campaign is approved."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Fen, Id, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.welfare import accounts
from server.modules.welfare import messages as msg
from server.modules.welfare.disbursement import check_account, check_amount
from server.modules.welfare.service.campaigns import get_campaign
from server.modules.welfare.service.shared import (
    REASON_CHOICES,
    REASONS,
    check_org_writable,
    may_act_for_federation,
    member_names,
    members_by_id,
)
from server.platform.roles import SYSTEM, Actor

ALREADY_DECIDED = {"approved": msg.ALREADY_DECIDED_APPROVED, "rejected": msg.ALREADY_DECIDED_REJECTED}


class ApplicationIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: Id
    requested_fen: Fen
    bank_account: Annotated[str, Meta(max_length=32)]
    reason: Text = ""
    category: Annotated[str, Meta(max_length=30)] = "illness"


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    approve: bool
    approved_fen: Fen | None = None  # default: the amount requested
    note: Text = ""


class ApplicationOut(msgspec.Struct):
    id: int
    campaign_id: int
    member_id: int
    member_name: str
    org_id: int
    household_id: int | None
    category: str
    reason: str
    bank_account: str
    requested_fen: int
    approved_fen: int | None
    status: str
    filed_at: dt.datetime
    filed_by: str
    decided_at: dt.datetime | None
    decided_by: str | None
    decision_note: str


APPLICATION_COLUMNS = (
    "id, campaign AS campaign_id, member_id, org_id, household_id, category, reason, bank_account, "
    "requested_fen, approved_fen, status, filed_at, filed_by, decided_at, decided_by, decision_note"
)


async def _applications_out(rows: list[asyncpg.Record], actor: Actor) -> list[ApplicationOut]:
    names = await member_names({r["member_id"] for r in rows})
    return [
        ApplicationOut(
            member_name=names.get(r["member_id"], ""),
            **{**dict(r), "bank_account": accounts.shown(r["bank_account"], actor)},
        )
        for r in rows
    ]


async def submit_application(campaign_id: int, data: ApplicationIn, actor: Actor = SYSTEM) -> ApplicationOut:
    c = await get_campaign(campaign_id, actor, share=True)  # not into a campaign being approved
    errors: list[FieldError] = []
    members = await members_by_id([data.member_id], "member_id", errors)
    check_amount(data.requested_fen, "requested_fen", errors)
    check_account(data.bank_account, "bank_account", errors)
    if data.category not in REASONS:
        errors.append(FieldError("category", msg.ONE_OF, choices=REASON_CHOICES))
    if errors:
        raise InvalidInput(errors)
    if c.eligibility.rule != "applications":
        raise RuleViolation(msg.NO_APPLICATIONS, campaign=c.id)
    if c.status != "draft":
        raise Conflict(msg.CAMPAIGN_CLOSED_APPLY, code="campaign_closed", campaign=c.id)
    member = members[data.member_id]
    await check_org_writable(actor, member.org_id)
    household_id = await conn().fetchval(
        "SELECT id FROM hardship_household WHERE member_id = $1 AND status = 'active'", data.member_id
    )
    try:
        aid = await conn().fetchval(
            "INSERT INTO relief_application (campaign, member_id, org_id, household_id, category, reason, bank_account, "
            "requested_fen, status, filed_at, filed_by, decision_note) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'submitted', now(), $9, '') RETURNING id",
            c.id,
            data.member_id,
            member.org_id,
            household_id,
            data.category,
            data.reason,
            accounts.seal_account(data.bank_account),
            data.requested_fen,
            actor.name,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.APPLICATION_EXISTS, member=data.member_id, campaign=c.id) from None
    await activity.record(
        "welfare.application.submitted",
        f"application:{aid}",
        {"campaign": c.id, "requested_fen": data.requested_fen},
        actor,
    )
    return await get_application(aid, actor)


async def get_application(application_id: int, actor: Actor = SYSTEM) -> ApplicationOut:
    """One application; an org officer sees only those of members in their subtree."""
    row = await conn().fetchrow(f"SELECT {APPLICATION_COLUMNS} FROM relief_application WHERE id = $1", application_id)
    if row is None:
        raise NotFound(msg.APPLICATION_NOT_FOUND, key=application_id)
    await access.check_org_visible(actor, row["org_id"])
    return (await _applications_out([row], actor))[0]


async def decide_application(application_id: int, data: DecisionIn, actor: Actor = SYSTEM) -> ApplicationOut:
    """Approve (with an amount, at most what was asked) or reject an application."""
    if not may_act_for_federation(actor):
        raise Forbidden(msg.DECIDE_ADMINS_ONLY, code="role_forbidden")
    row = await conn().fetchrow(
        "SELECT a.status, a.requested_fen, c.status AS campaign_status FROM relief_application a "
        # the campaign shared: its approval waits for decisions being made, and a decision
        # after the approval sees the campaign closed (not approved behind the batch's back)
        "JOIN relief_campaign c ON c.id = a.campaign WHERE a.id = $1 FOR UPDATE OF a FOR SHARE OF c",
        application_id,
    )
    if row is None:
        raise NotFound(msg.APPLICATION_NOT_FOUND, key=application_id)
    if row["campaign_status"] != "draft":
        raise Conflict(msg.CAMPAIGN_CLOSED_DECIDE, code="campaign_closed")
    if row["status"] != "submitted":
        raise Conflict(ALREADY_DECIDED[row["status"]], code="already_decided", application=application_id)
    approved = None
    if data.approve:
        approved = row["requested_fen"] if data.approved_fen is None else data.approved_fen
        errors: list[FieldError] = []
        check_amount(approved, "approved_fen", errors)
        if not errors and approved > row["requested_fen"]:
            errors.append(FieldError("approved_fen", msg.OVER_REQUESTED, requested=row["requested_fen"]))
        if errors:
            raise InvalidInput(errors)
    await conn().execute(
        "UPDATE relief_application SET status = $2, approved_fen = $3, decided_at = now(), decided_by = $4, "
        "decision_note = $5 WHERE id = $1",
        application_id,
        "approved" if data.approve else "rejected",
        approved,
        actor.name,
        data.note,
    )
    await activity.record(
        f"welfare.application.{'approved' if data.approve else 'rejected'}",
        f"application:{application_id}",
        {"approved_fen": approved},
        actor,
    )
    return await get_application(application_id, actor)


async def list_applications(
    campaign_id: int,
    *,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    actor: Actor = SYSTEM,
) -> Page[ApplicationOut]:
    """A campaign's applications; an org officer's list holds their subtree's only."""
    await get_campaign(campaign_id, actor)
    rows, next_cursor = await keyset_sql(
        f"SELECT {APPLICATION_COLUMNS} FROM relief_application WHERE campaign = $1 "
        "AND ($2::text IS NULL OR status = $2) AND ($3::int[] IS NULL OR org_id = ANY($3))",
        campaign_id,
        status,
        await access.visible_org_ids(actor),
        limit=limit,
        cursor=cursor,
    )
    return Page(items=await _applications_out(rows, actor), next_cursor=next_cursor)
