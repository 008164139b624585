"""Relief campaigns (救助活动): kind, budget, who is paid (eligibility) and how much (the amount
rule); a tenant_admin approves one into the disbursement ledger, once."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation
from server.infra import like
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Code, Count, Fen, Id, Name, Year
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.welfare import accounts
from server.modules.welfare import disbursement as engine
from server.modules.welfare import messages as msg
from server.modules.welfare.disbursement import check_amount
from server.modules.welfare.service.shared import (
    KIND_CHOICES,
    KINDS,
    REASONS,
    check_org_writable,
    may_act_for_federation,
)
from server.platform.roles import SYSTEM, Actor

Reason = Annotated[str, Meta(max_length=30)]


class Eligibility(msgspec.Struct, forbid_unknown_fields=True):
    """Who is paid: `hardship_households` (active files, optionally in an org subtree and with
    given reasons) or `applications` (the campaign's approved applications)."""

    rule: Code
    org_id: Id | None = None
    reasons: Annotated[list[Reason], Meta(max_length=50)] | None = None


class SizeBracket(msgspec.Struct, forbid_unknown_fields=True):
    up_to: Count | None  # household size up to (inclusive); None = any larger
    fen: Fen


class AmountRule(msgspec.Struct, forbid_unknown_fields=True):
    """How much: `flat` (fen each), `by_household_size` (brackets), `by_reason` (the largest
    amount of any of the household's reasons, else default_fen), or `approved_amount`."""

    rule: Code
    fen: Fen | None = None
    brackets: Annotated[list[SizeBracket], Meta(max_length=100)] | None = None
    fen_by_reason: dict[Reason, Fen] | None = None
    default_fen: Fen | None = None


class CampaignIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[str, Meta(max_length=20)]
    name: Name
    year: Year
    budget_fen: Fen
    eligibility: Eligibility
    amount_rule: AmountRule
    org_id: Id | None = None
    memo: Annotated[str, Meta(max_length=60)] = ""


class CampaignOut(msgspec.Struct):
    id: int
    kind: str
    name: str
    year: int
    org_id: int | None
    budget_fen: int
    eligibility: Eligibility
    amount_rule: AmountRule
    memo: str
    status: str
    created_at: dt.datetime
    created_by: str
    approved_at: dt.datetime | None
    approved_by: str | None
    batch_id: int | None


class PreviewOut(msgspec.Struct):
    campaign_id: int
    beneficiaries: int
    total_fen: int
    budget_fen: int
    within_budget: bool


CAMPAIGN_COLUMNS = (
    "id, kind, name, year, org_id, budget_fen, eligibility, amount_rule, memo, status, created_at, "
    "created_by, approved_at, approved_by, batch_id"
)


def _campaign_out(r: asyncpg.Record) -> CampaignOut:
    d = dict(r)
    d["eligibility"] = msgspec.json.decode(d["eligibility"], type=Eligibility)
    d["amount_rule"] = msgspec.json.decode(d["amount_rule"], type=AmountRule)
    return CampaignOut(**d)


def _check_amount_rule(e: Eligibility, a: AmountRule, errors: list[FieldError]) -> None:
    if a.rule == "flat":
        check_amount(a.fen, "amount_rule.fen", errors)
    elif a.rule == "by_household_size":
        if not a.brackets:
            errors.append(FieldError("amount_rule.brackets", msg.NO_BRACKETS))
        else:
            for b in a.brackets:
                check_amount(b.fen, "amount_rule.brackets.fen", errors)
            if a.brackets[-1].up_to is not None:
                errors.append(FieldError("amount_rule.brackets", msg.LAST_BRACKET_OPEN))
            ups = [b.up_to for b in a.brackets[:-1]]
            if any(u is None for u in ups) or ups != sorted(u or 0 for u in ups):
                errors.append(FieldError("amount_rule.brackets", msg.BRACKETS_RISE))
    elif a.rule == "by_reason":
        for r, fen in (a.fen_by_reason or {}).items():
            if r not in REASONS:
                errors.append(FieldError("amount_rule.fen_by_reason", msg.REASON_UNKNOWN, reason=r))
            check_amount(fen, f"amount_rule.fen_by_reason.{r}", errors)
        if a.default_fen is not None:
            check_amount(a.default_fen, "amount_rule.default_fen", errors)
    elif a.rule == "approved_amount":
        if e.rule != "applications":
            errors.append(FieldError("amount_rule.rule", msg.APPROVED_AMOUNT_NEEDS_APPLICATIONS))
    else:
        errors.append(FieldError("amount_rule.rule", msg.AMOUNT_RULE))
    if a.rule in ("by_household_size", "by_reason") and e.rule != "hardship_households":
        errors.append(FieldError("amount_rule.rule", msg.RULE_NEEDS_HOUSEHOLDS, rule=a.rule))


async def _check_campaign(data: CampaignIn) -> None:
    errors: list[FieldError] = []
    if data.kind not in KINDS:
        errors.append(FieldError("kind", msg.ONE_OF, choices=KIND_CHOICES))
    if not data.name.strip() or len(data.name) > 200:
        errors.append(FieldError("name", msg.CAMPAIGN_NAME))
    if isinstance(data.year, bool) or not isinstance(data.year, int) or not 1949 <= data.year <= 2100:
        errors.append(FieldError("year", msg.YEAR))
    check_amount(data.budget_fen, "budget_fen", errors)
    if len(data.memo) > 60:
        errors.append(FieldError("memo", msg.MEMO_TOO_LONG))
    e = data.eligibility
    if e.rule not in ("hardship_households", "applications"):
        errors.append(FieldError("eligibility.rule", msg.ELIGIBILITY_RULE))
    for r in e.reasons or []:
        if r not in REASONS:
            errors.append(FieldError("eligibility.reasons", msg.REASON_UNKNOWN, reason=r))
    for field, org_id in (("org_id", data.org_id), ("eligibility.org_id", e.org_id)):
        if org_id is not None:
            try:
                await orgs.get_org(org_id)
            except NotFound:
                errors.append(FieldError(field, msg.NO_SUCH_ORG, org=org_id))
    _check_amount_rule(e, data.amount_rule, errors)
    if errors:
        raise InvalidInput(errors)


async def create_campaign(data: CampaignIn, actor: Actor = SYSTEM) -> CampaignOut:
    """A draft campaign: an org officer's for an org of their subtree, paying inside it."""
    await _check_campaign(data)
    if data.org_id is not None:
        await check_org_writable(actor, data.org_id)
    elif not may_act_for_federation(actor):
        raise Forbidden(msg.FEDERATION_CAMPAIGN_ADMINS_ONLY, code="role_forbidden")
    if data.eligibility.org_id is not None:
        await access.check_org_visible(actor, data.eligibility.org_id)
    cid = await conn().fetchval(
        "INSERT INTO relief_campaign (kind, name, year, org_id, budget_fen, eligibility, amount_rule, memo, status, "
        "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', now(), $9) RETURNING id",
        data.kind,
        data.name.strip(),
        data.year,
        data.org_id,
        data.budget_fen,
        msgspec.json.encode(data.eligibility).decode(),
        msgspec.json.encode(data.amount_rule).decode(),
        data.memo,
        actor.name,
    )
    await activity.record("welfare.campaign.created", f"campaign:{cid}", {"budget_fen": data.budget_fen}, actor)
    return await get_campaign(cid)


async def get_campaign(
    campaign_id: int, actor: Actor = SYSTEM, *, lock: bool = False, share: bool = False
) -> CampaignOut:
    """One campaign: federation-wide ones are everyone's; an org's, its subtree's officers' only.
    `lock`: to approve it; `share`: to add to it while a draft (its approval waits)."""
    mode = " FOR UPDATE" if lock else " FOR SHARE" if share else ""
    row = await conn().fetchrow(f"SELECT {CAMPAIGN_COLUMNS} FROM relief_campaign WHERE id = $1" + mode, campaign_id)
    if row is None:
        raise NotFound(msg.CAMPAIGN_NOT_FOUND, key=campaign_id)
    if row["org_id"] is not None:
        await access.check_org_visible(actor, row["org_id"])
    return _campaign_out(row)


async def list_campaigns(
    *,
    year: int | None = None,
    kind: str | None = None,
    q: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    actor: Actor = SYSTEM,
) -> Page[CampaignOut]:
    """Campaigns by year, kind and words of the name; an org officer sees the federation's and their subtree's."""
    term = q.strip() if q and q.strip() else None
    pattern = like.containing(term) if term else None
    rows, next_cursor = await keyset_sql(
        f"SELECT {CAMPAIGN_COLUMNS} FROM relief_campaign WHERE ($1::int IS NULL OR year = $1) "
        "AND ($2::text IS NULL OR kind = $2) AND ($3::int[] IS NULL OR org_id IS NULL OR org_id = ANY($3)) "
        "AND ($4::text IS NULL OR name ILIKE $4)",
        year,
        kind,
        await access.visible_org_ids(actor),
        pattern,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[_campaign_out(r) for r in rows], next_cursor=next_cursor)


def _amount_for(rule: AmountRule, size: int, reasons: list[str]) -> int:
    if rule.rule == "flat":
        return rule.fen or 0
    if rule.rule == "by_household_size":
        for b in rule.brackets or []:
            if b.up_to is None or size <= b.up_to:
                return b.fen
    if rule.rule == "by_reason":
        amounts = [(rule.fen_by_reason or {}).get(r) for r in reasons]
        found = [a for a in amounts if a]
        return max(found) if found else (rule.default_fen or 0)
    return 0


async def beneficiaries(c: CampaignOut) -> list[engine.PayoutItem]:
    """The payouts a campaign's rules give, from the registry or the approved applications."""
    memo = c.memo or c.name[:60]
    if c.eligibility.rule == "applications":
        rows = await conn().fetch(
            "SELECT member_id, approved_fen, bank_account FROM relief_application "
            "WHERE campaign = $1 AND status = 'approved' ORDER BY id",
            c.id,
        )
        members = await orgs.get_members([r["member_id"] for r in rows])
        items = []
        for r in rows:
            m = members.get(r["member_id"])
            fen = r["approved_fen"] if c.amount_rule.rule == "approved_amount" else (c.amount_rule.fen or 0)
            items.append(
                engine.PayoutItem(
                    f"member:{r['member_id']}",
                    m.name if m else "",
                    accounts.open_account(r["bank_account"]),
                    int(fen),
                    member_id=r["member_id"],
                    org_id=m.org_id if m else None,
                    memo=memo,
                )
            )
        return items
    root = c.eligibility.org_id or c.org_id
    org_ids = await orgs.subtree_ids(root) if root is not None else None
    rows = await conn().fetch(
        "SELECT member_id, org_id, household_size, reasons, bank_account FROM hardship_household "
        "WHERE status = 'active' AND ($1::int[] IS NULL OR org_id = ANY($1)) "
        "AND ($2::text[] IS NULL OR reasons::text[] && $2) ORDER BY id",
        org_ids,
        c.eligibility.reasons,
    )
    members = await orgs.get_members([r["member_id"] for r in rows])
    return [
        engine.PayoutItem(
            f"member:{r['member_id']}",
            members[r["member_id"]].name if r["member_id"] in members else "",
            accounts.open_account(r["bank_account"]),
            _amount_for(c.amount_rule, r["household_size"], list(r["reasons"])),
            member_id=r["member_id"],
            org_id=members[r["member_id"]].org_id if r["member_id"] in members else r["org_id"],
            memo=memo,
        )
        for r in rows
    ]


async def preview_campaign(campaign_id: int, actor: Actor = SYSTEM) -> PreviewOut:
    c = await get_campaign(campaign_id, actor)
    items = await beneficiaries(c)
    total = sum(i.amount_fen for i in items)
    return PreviewOut(c.id, len(items), total, c.budget_fen, total <= c.budget_fen)


async def approve_campaign(campaign_id: int, actor: Actor = SYSTEM) -> CampaignOut:
    """Approve (审批) a campaign: in the caller's one transaction, its payouts, references and outbox entry.

    Twice, concurrently, or over budget: refused, and nothing is created (the
    campaign row is locked; the batch source is unique; the budget is a CHECK).
    """
    if not may_act_for_federation(actor):
        raise Forbidden(msg.APPROVE_ADMINS_ONLY, code="role_forbidden")
    c = await get_campaign(campaign_id, actor, lock=True)
    if c.status != "draft":
        raise Conflict(msg.ALREADY_APPROVED, code="already_approved", campaign=campaign_id)
    items = await beneficiaries(c)
    if not items:
        raise RuleViolation(msg.NO_BENEFICIARIES, campaign=campaign_id)
    for i in items:
        if i.amount_fen <= 0:
            raise RuleViolation(msg.ZERO_AMOUNT, code="zero_amount", beneficiary=i.beneficiary)
    batch = await engine.create_batch(f"welfare.campaign:{c.id}", c.name, items, budget_fen=c.budget_fen, actor=actor)
    await conn().execute(
        "UPDATE relief_campaign SET status = 'approved', approved_at = now(), approved_by = $2, "
        "batch_id = $3 WHERE id = $1",
        c.id,
        actor.name,
        batch.id,
    )
    await activity.record(
        "welfare.campaign.approved",
        f"campaign:{c.id}",
        {"batch": batch.id, "payouts": batch.payout_count, "total_fen": batch.total_fen},
        actor,
    )
    return await get_campaign(c.id)
