"""Welfare and relief (送温暖, 大病救助): the hardship registry, campaigns, applications,
approval into the disbursement ledger, progress and reports.

Every function runs inside a `tenant_scope`. Members and orgs are reached only
through the orgs service. Paying is the disbursement engine's job
(`disbursement.py`): approving a campaign hands it one batch.
"""

from __future__ import annotations

import datetime as dt
import io
from enum import Enum

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.db import DB
from server.infra.pagination import Page, check_limit, decode_cursor, encode_cursor
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.welfare import disbursement as engine
from server.modules.welfare.disbursement import check_account, check_amount
from server.platform.roles import SYSTEM, Actor, Role

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def conn() -> asyncpg.Connection:
    tx = DB.current_transaction.get()
    if tx is None:
        raise RuntimeError("welfare services run inside tenant_scope()")
    return tx.connection


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


class Reason(str, Enum):
    """Hardship reasons (致困原因)."""

    illness = "illness"  # 患病
    disability = "disability"  # 残疾
    spouse_unemployed = "spouse_unemployed"  # 配偶失业
    single_parent = "single_parent"  # 单亲
    disaster = "disaster"  # 灾害
    education = "education"  # 子女就学
    low_income = "low_income"  # 收入低
    other = "other"  # 其他


class CampaignKind(str, Enum):
    holiday_relief = "holiday_relief"  # 两节送温暖
    illness_relief = "illness_relief"  # 大病救助
    other = "other"


REASONS = {r.value for r in Reason}
KINDS = {k.value for k in CampaignKind}


def _may_act_for_org(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


async def _check_actor_org(actor: Actor, org_id: int, field: str = "org_id") -> None:
    """An org officer works inside their own subtree only."""
    if actor.role is Role.org_officer:
        if actor.org_id is None or not await orgs.is_in_subtree(org_id, actor.org_id):
            raise Forbidden(f"org {org_id} is outside your org's subtree", code="org_forbidden")
    elif not _may_act_for_org(actor):
        raise Forbidden("this needs a tenant_admin or org_officer", code="role_forbidden")


async def _members(ids: list[int], field: str, errors: list[FieldError]) -> dict[int, orgs.MemberOut]:
    found = await orgs.get_members(ids)
    for i in ids:
        if i not in found:
            errors.append(FieldError(field, f"member {i} does not exist in this federation"))
    return found


# --- hardship registry (困难职工档案) ----------------------------------------------------


class HouseholdIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: int
    household_size: int
    reasons: list[str]
    income_per_head_fen: int  # monthly income per head
    bank_account: str
    evidence: str = ""
    org_id: int | None = None  # the filing union; default the member's union


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
    note: str = ""
    active_from: dt.date | None = None


class LiftIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: str
    lifted_on: dt.date | None = None


HOUSEHOLD_COLUMNS = (
    "id, member_id, org_id, household_size, reasons, income_per_head_fen, bank_account, evidence, "
    "status, filed_at, filed_by, reviewed_at, reviewed_by, review_note, active_from, lifted_on, "
    "lifted_at, lifted_by, lift_reason"
)


async def _households_out(rows: list[asyncpg.Record]) -> list[HouseholdOut]:
    names = await orgs.get_members(sorted({r["member_id"] for r in rows}))
    return [
        HouseholdOut(
            member_name=names[r["member_id"]].name if r["member_id"] in names else "",
            **{k: (list(v) if k == "reasons" else v) for k, v in dict(r).items()},
        )
        for r in rows
    ]


async def file_household(data: HouseholdIn, actor: Actor = SYSTEM) -> HouseholdOut:
    """File a hardship household (建档); it is active once reviewed."""
    errors: list[FieldError] = []
    members = await _members([data.member_id], "member_id", errors)
    if (
        isinstance(data.household_size, bool)
        or not isinstance(data.household_size, int)
        or not 1 <= data.household_size <= 20
    ):
        errors.append(FieldError("household_size", "must be a whole number between 1 and 20"))
    if not data.reasons:
        errors.append(FieldError("reasons", f"give at least one of: {', '.join(sorted(REASONS))}"))
    for r in data.reasons:
        if r not in REASONS:
            errors.append(FieldError("reasons", f"unknown reason {r!r}; one of: {', '.join(sorted(REASONS))}"))
    if (
        isinstance(data.income_per_head_fen, bool)
        or not isinstance(data.income_per_head_fen, int)
        or data.income_per_head_fen < 0
    ):
        errors.append(FieldError("income_per_head_fen", "must be a whole number of fen, 0 or more"))
    check_account(data.bank_account, "bank_account", errors)
    if len(data.evidence) > 4000:
        errors.append(FieldError("evidence", "at most 4000 characters"))
    org_id = data.org_id
    if org_id is None and data.member_id in members:
        org_id = members[data.member_id].org_id
    if data.org_id is not None:
        try:
            await orgs.get_org(data.org_id)
        except NotFound:
            errors.append(FieldError("org_id", f"org {data.org_id} does not exist in this federation"))
    if errors:
        raise InvalidInput(errors)
    await _check_actor_org(actor, org_id)
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
            data.bank_account,
            data.evidence,
            actor.name,
            actor.account_id,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(f"member {data.member_id} already has an open hardship file", code="household_exists") from None
    await activity.record("welfare.household.filed", f"household:{hid}", {"member_id": data.member_id}, actor)
    return await get_household(hid)


async def get_household(household_id: int) -> HouseholdOut:
    row = await conn().fetchrow(f"SELECT {HOUSEHOLD_COLUMNS} FROM hardship_household WHERE id = $1", household_id)
    if row is None:
        raise NotFound("household", household_id)
    return (await _households_out([row]))[0]


async def review_household(household_id: int, data: ReviewIn, actor: Actor = SYSTEM) -> HouseholdOut:
    """Review a filed household (审核): approve makes it active from a date; or reject it."""
    row = await conn().fetchrow("SELECT status, org_id FROM hardship_household WHERE id = $1 FOR UPDATE", household_id)
    if row is None:
        raise NotFound("household", household_id)
    await _check_actor_org(actor, row["org_id"])
    if row["status"] != "pending":
        raise Conflict(f"household {household_id} is {row['status']}, not pending review", code="not_pending")
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
    return await get_household(household_id)


async def lift_household(household_id: int, data: LiftIn, actor: Actor = SYSTEM) -> HouseholdOut:
    """Lift a household out of hardship (脱困), with the reason and the date."""
    if not data.reason.strip():
        raise invalid("reason", "say why the household is lifted out of hardship")
    row = await conn().fetchrow(
        "SELECT status, org_id, active_from FROM hardship_household WHERE id = $1 FOR UPDATE", household_id
    )
    if row is None:
        raise NotFound("household", household_id)
    await _check_actor_org(actor, row["org_id"])
    if row["status"] != "active":
        raise Conflict(f"household {household_id} is {row['status']}, not active", code="not_active")
    on = data.lifted_on or today()
    if row["active_from"] and on < row["active_from"]:
        raise invalid("lifted_on", f"must not be before the file became active ({row['active_from']})")
    await conn().execute(
        "UPDATE hardship_household SET status = 'lifted', lifted_on = $2, lifted_at = now(), lifted_by = $3, "
        "lift_reason = $4 WHERE id = $1",
        household_id,
        on,
        actor.name,
        data.reason,
    )
    await activity.record("welfare.household.lifted", f"household:{household_id}", {"reason": data.reason}, actor)
    return await get_household(household_id)


async def list_households(
    *, status: str | None = None, org_id: int | None = None, limit: int = 50, cursor: str | None = None
) -> Page[HouseholdOut]:
    check_limit(limit)
    after = decode_cursor(cursor)
    org_ids = await orgs.subtree_ids(org_id) if org_id is not None else None
    rows = await conn().fetch(
        f"SELECT {HOUSEHOLD_COLUMNS} FROM hardship_household WHERE ($1::text IS NULL OR status = $1) "
        "AND ($2::int[] IS NULL OR org_id = ANY($2)) AND ($3::int IS NULL OR id > $3) ORDER BY id LIMIT $4",
        status,
        org_ids,
        after,
        limit + 1,
    )
    nxt = encode_cursor(rows[limit - 1]["id"]) if len(rows) > limit else None
    return Page(items=await _households_out(rows[:limit]), next_cursor=nxt)


# --- campaigns ---------------------------------------------------------------------------


class Eligibility(msgspec.Struct, forbid_unknown_fields=True):
    """Who is paid: `hardship_households` (active files, optionally in an org subtree and with
    given reasons) or `applications` (the campaign's approved applications)."""

    rule: str
    org_id: int | None = None
    reasons: list[str] | None = None


class SizeBracket(msgspec.Struct, forbid_unknown_fields=True):
    up_to: int | None  # household size up to (inclusive); None = any larger
    fen: int


class AmountRule(msgspec.Struct, forbid_unknown_fields=True):
    """How much: `flat` (fen each), `by_household_size` (brackets), `by_reason` (the largest
    amount of any of the household's reasons, else default_fen), or `approved_amount`."""

    rule: str
    fen: int | None = None
    brackets: list[SizeBracket] | None = None
    fen_by_reason: dict[str, int] | None = None
    default_fen: int | None = None


class CampaignIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    name: str
    year: int
    budget_fen: int
    eligibility: Eligibility
    amount_rule: AmountRule
    org_id: int | None = None
    memo: str = ""


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


async def _check_campaign(data: CampaignIn) -> None:
    errors: list[FieldError] = []
    if data.kind not in KINDS:
        errors.append(FieldError("kind", f"must be one of: {', '.join(sorted(KINDS))}"))
    if not data.name.strip() or len(data.name) > 200:
        errors.append(FieldError("name", "must be 1-200 characters"))
    if isinstance(data.year, bool) or not isinstance(data.year, int) or not 1949 <= data.year <= 2100:
        errors.append(FieldError("year", "must be a year between 1949 and 2100"))
    check_amount(data.budget_fen, "budget_fen", errors)
    if len(data.memo) > 60:
        errors.append(FieldError("memo", "at most 60 characters (it goes on the bank slip)"))
    e, a = data.eligibility, data.amount_rule
    if e.rule not in ("hardship_households", "applications"):
        errors.append(FieldError("eligibility.rule", "must be hardship_households or applications"))
    for r in e.reasons or []:
        if r not in REASONS:
            errors.append(FieldError("eligibility.reasons", f"unknown reason {r!r}"))
    for field, org_id in (("org_id", data.org_id), ("eligibility.org_id", e.org_id)):
        if org_id is not None:
            try:
                await orgs.get_org(org_id)
            except NotFound:
                errors.append(FieldError(field, f"org {org_id} does not exist in this federation"))
    if a.rule == "flat":
        check_amount(a.fen, "amount_rule.fen", errors)
    elif a.rule == "by_household_size":
        if not a.brackets:
            errors.append(FieldError("amount_rule.brackets", "give at least one bracket"))
        else:
            for b in a.brackets:
                check_amount(b.fen, "amount_rule.brackets.fen", errors)
            if a.brackets[-1].up_to is not None:
                errors.append(FieldError("amount_rule.brackets", "the last bracket must have up_to null (any size)"))
            ups = [b.up_to for b in a.brackets[:-1]]
            if any(u is None for u in ups) or ups != sorted(ups):
                errors.append(FieldError("amount_rule.brackets", "brackets must rise in up_to"))
    elif a.rule == "by_reason":
        for r, fen in (a.fen_by_reason or {}).items():
            if r not in REASONS:
                errors.append(FieldError("amount_rule.fen_by_reason", f"unknown reason {r!r}"))
            check_amount(fen, f"amount_rule.fen_by_reason.{r}", errors)
        if a.default_fen is not None:
            check_amount(a.default_fen, "amount_rule.default_fen", errors)
    elif a.rule == "approved_amount":
        if e.rule != "applications":
            errors.append(FieldError("amount_rule.rule", "approved_amount needs eligibility rule applications"))
    else:
        errors.append(FieldError("amount_rule.rule", "must be flat, by_household_size, by_reason or approved_amount"))
    if a.rule in ("by_household_size", "by_reason") and e.rule != "hardship_households":
        errors.append(FieldError("amount_rule.rule", f"{a.rule} needs eligibility rule hardship_households"))
    if errors:
        raise InvalidInput(errors)


async def create_campaign(data: CampaignIn, actor: Actor = SYSTEM) -> CampaignOut:
    await _check_campaign(data)
    if data.org_id is not None:
        await _check_actor_org(actor, data.org_id)
    elif not _may_act_for_org(actor):
        raise Forbidden("a federation-wide campaign needs a tenant_admin", code="role_forbidden")
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


async def get_campaign(campaign_id: int, *, lock: bool = False) -> CampaignOut:
    row = await conn().fetchrow(
        f"SELECT {CAMPAIGN_COLUMNS} FROM relief_campaign WHERE id = $1" + (" FOR UPDATE" if lock else ""), campaign_id
    )
    if row is None:
        raise NotFound("campaign", campaign_id)
    return _campaign_out(row)


async def list_campaigns(
    *, year: int | None = None, kind: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[CampaignOut]:
    check_limit(limit)
    after = decode_cursor(cursor)
    rows = await conn().fetch(
        f"SELECT {CAMPAIGN_COLUMNS} FROM relief_campaign WHERE ($1::int IS NULL OR year = $1) "
        "AND ($2::text IS NULL OR kind = $2) AND ($3::int IS NULL OR id > $3) ORDER BY id LIMIT $4",
        year,
        kind,
        after,
        limit + 1,
    )
    nxt = encode_cursor(rows[limit - 1]["id"]) if len(rows) > limit else None
    return Page(items=[_campaign_out(r) for r in rows[:limit]], next_cursor=nxt)


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
                    r["bank_account"],
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
            r["bank_account"],
            _amount_for(c.amount_rule, r["household_size"], list(r["reasons"])),
            member_id=r["member_id"],
            org_id=members[r["member_id"]].org_id if r["member_id"] in members else r["org_id"],
            memo=memo,
        )
        for r in rows
    ]


async def preview_campaign(campaign_id: int) -> PreviewOut:
    c = await get_campaign(campaign_id)
    items = await beneficiaries(c)
    total = sum(i.amount_fen for i in items)
    return PreviewOut(c.id, len(items), total, c.budget_fen, total <= c.budget_fen)


async def approve_campaign(campaign_id: int, actor: Actor = SYSTEM) -> CampaignOut:
    """Approve (审批) a campaign: in the caller's one transaction, its payouts, references and outbox entry.

    Twice, concurrently, or over budget: refused, and nothing is created (the
    campaign row is locked; the batch source is unique; the budget is a CHECK).
    """
    if actor.role not in (Role.tenant_admin, Role.platform_admin):
        raise Forbidden("approving a campaign needs a tenant_admin", code="role_forbidden")
    c = await get_campaign(campaign_id, lock=True)
    if c.status != "draft":
        raise Conflict(f"campaign {campaign_id} is already {c.status}", code="already_approved")
    items = await beneficiaries(c)
    if not items:
        raise RuleViolation(f"campaign {campaign_id} has nobody to pay", code="no_beneficiaries")
    for i in items:
        if i.amount_fen <= 0:
            raise RuleViolation(f"the amount rule gives {i.beneficiary} nothing", code="zero_amount")
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


# --- applications (救助申请) --------------------------------------------------------------


class ApplicationIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: int
    requested_fen: int
    bank_account: str
    reason: str = ""
    category: str = "illness"


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    approve: bool
    approved_fen: int | None = None  # default: the amount requested
    note: str = ""


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


async def _applications_out(rows: list[asyncpg.Record]) -> list[ApplicationOut]:
    names = await orgs.get_members(sorted({r["member_id"] for r in rows}))
    return [
        ApplicationOut(member_name=names[r["member_id"]].name if r["member_id"] in names else "", **dict(r))
        for r in rows
    ]


async def submit_application(campaign_id: int, data: ApplicationIn, actor: Actor = SYSTEM) -> ApplicationOut:
    c = await get_campaign(campaign_id)
    errors: list[FieldError] = []
    members = await _members([data.member_id], "member_id", errors)
    check_amount(data.requested_fen, "requested_fen", errors)
    check_account(data.bank_account, "bank_account", errors)
    if data.category not in REASONS:
        errors.append(FieldError("category", f"must be one of: {', '.join(sorted(REASONS))}"))
    if errors:
        raise InvalidInput(errors)
    if c.eligibility.rule != "applications":
        raise RuleViolation(f"campaign {c.id} pays hardship households, not applications", code="no_applications")
    if c.status != "draft":
        raise Conflict(f"campaign {c.id} is {c.status}: applications are closed", code="campaign_closed")
    member = members[data.member_id]
    await _check_actor_org(actor, member.org_id, "member_id")
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
            data.bank_account,
            data.requested_fen,
            actor.name,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(
            f"member {data.member_id} already applied to campaign {c.id}", code="application_exists"
        ) from None
    await activity.record(
        "welfare.application.submitted",
        f"application:{aid}",
        {"campaign": c.id, "requested_fen": data.requested_fen},
        actor,
    )
    return await get_application(aid)


async def get_application(application_id: int) -> ApplicationOut:
    row = await conn().fetchrow(f"SELECT {APPLICATION_COLUMNS} FROM relief_application WHERE id = $1", application_id)
    if row is None:
        raise NotFound("application", application_id)
    return (await _applications_out([row]))[0]


async def decide_application(application_id: int, data: DecisionIn, actor: Actor = SYSTEM) -> ApplicationOut:
    """Approve (with an amount, at most what was asked) or reject an application."""
    if actor.role not in (Role.tenant_admin, Role.platform_admin):
        raise Forbidden("deciding an application needs a tenant_admin", code="role_forbidden")
    row = await conn().fetchrow(
        "SELECT a.status, a.requested_fen, c.status AS campaign_status FROM relief_application a "
        "JOIN relief_campaign c ON c.id = a.campaign WHERE a.id = $1 FOR UPDATE OF a",
        application_id,
    )
    if row is None:
        raise NotFound("application", application_id)
    if row["campaign_status"] != "draft":
        raise Conflict("the campaign is already approved: its applications are final", code="campaign_closed")
    if row["status"] != "submitted":
        raise Conflict(f"application {application_id} is already {row['status']}", code="already_decided")
    approved = None
    if data.approve:
        approved = row["requested_fen"] if data.approved_fen is None else data.approved_fen
        errors: list[FieldError] = []
        check_amount(approved, "approved_fen", errors)
        if not errors and approved > row["requested_fen"]:
            errors.append(FieldError("approved_fen", f"must not exceed the {row['requested_fen']} fen requested"))
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
    return await get_application(application_id)


async def list_applications(
    campaign_id: int, *, status: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[ApplicationOut]:
    check_limit(limit)
    await get_campaign(campaign_id)
    after = decode_cursor(cursor)
    rows = await conn().fetch(
        f"SELECT {APPLICATION_COLUMNS} FROM relief_application WHERE campaign = $1 "
        "AND ($2::text IS NULL OR status = $2) AND ($3::int IS NULL OR id > $3) ORDER BY id LIMIT $4",
        campaign_id,
        status,
        after,
        limit + 1,
    )
    nxt = encode_cursor(rows[limit - 1]["id"]) if len(rows) > limit else None
    return Page(items=await _applications_out(rows[:limit]), next_cursor=nxt)


# --- progress, payouts, export -------------------------------------------------------------


async def _batch_of(campaign_id: int) -> int:
    c = await get_campaign(campaign_id)
    if c.batch_id is None:
        raise Conflict(f"campaign {campaign_id} is not approved yet: nothing is being paid", code="not_approved")
    return c.batch_id


async def campaign_progress(campaign_id: int) -> engine.Progress:
    return await engine.progress(await _batch_of(campaign_id))


async def campaign_payouts(
    campaign_id: int, *, state: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[engine.PayoutOut]:
    check_limit(limit)
    rows = await engine.list_payouts(
        await _batch_of(campaign_id), state=state, after=decode_cursor(cursor), limit=limit + 1
    )
    nxt = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return Page(items=rows[:limit], next_cursor=nxt)


async def export_payouts_xlsx(campaign_id: int) -> bytes:
    """The campaign's payouts as a spreadsheet (发放明细): amounts in yuan with two decimals."""
    from openpyxl import Workbook

    c = await get_campaign(campaign_id)
    batch_id = await _batch_of(campaign_id)
    wb = Workbook()
    ws = wb.active
    ws.title = "发放明细"
    ws.append(
        [
            "序号 No.",
            "姓名 Name",
            "会员 Member",
            "账号 Account",
            "金额(元) Yuan",
            "状态 State",
            "参考号 Reference",
            "通道流水 Channel txn",
            "失败原因 Failure",
        ]
    )
    after, n = None, 0
    while True:
        rows = await engine.list_payouts(batch_id, after=after, limit=5000)
        if not rows:
            break
        for p in rows:
            n += 1
            ws.append(
                [
                    n,
                    p.name,
                    p.member_id,
                    p.account,
                    float(p.amount_fen) / 100,
                    p.state,
                    p.reference,
                    p.channel_txn or "",
                    p.failure_reason,
                ]
            )
            ws.cell(row=n + 1, column=5).number_format = "0.00"
        after = rows[-1].id
    prog = await engine.progress(batch_id)
    ws2 = wb.create_sheet("汇总 Summary")
    for k, v in (
        ("活动 Campaign", c.name),
        ("年度 Year", c.year),
        ("预算(元) Budget", c.budget_fen / 100),
        ("人数 Payouts", prog.total),
        ("已发 Paid", prog.paid),
        ("已发金额(元) Paid yuan", prog.paid_fen / 100),
        ("失败 Failed", prog.failed),
        ("待定 Unknown", prog.unknown),
    ):
        ws2.append([k, v])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- report ---------------------------------------------------------------------------------


async def figures(year: int, org: int | None = None, as_of: dt.date | None = None) -> dict[str, int]:
    """The welfare figures of a year, from the records (and for an org subtree when given)."""
    org_ids = await orgs.subtree_ids(org, as_of) if org is not None else None
    c = conn()
    paid = await c.fetch(
        "SELECT k.kind, count(DISTINCT p.beneficiary)::int AS people, coalesce(sum(p.amount_fen), 0)::bigint AS fen "
        "FROM payout p JOIN relief_campaign k ON k.batch_id = p.batch "
        "WHERE k.year = $1 AND p.state = 'paid' AND ($2::int[] IS NULL OR p.org_id = ANY($2)) GROUP BY k.kind",
        year,
        org_ids,
    )
    by = {r["kind"]: r for r in paid}
    states = await c.fetch(
        "SELECT p.state, count(*)::int AS n FROM payout p JOIN relief_campaign k ON k.batch_id = p.batch "
        "WHERE k.year = $1 AND ($2::int[] IS NULL OR p.org_id = ANY($2)) GROUP BY p.state",
        year,
        org_ids,
    )
    st = {r["state"]: r["n"] for r in states}
    # Two paid payouts to one beneficiary of one campaign (the constraint forbids it), plus
    # references the channel applied more than once, as the last reconciliation found.
    dup_ledger = await c.fetchval(
        "SELECT count(*)::int FROM (SELECT p.batch, p.beneficiary FROM payout p "
        "JOIN relief_campaign k ON k.batch_id = p.batch WHERE k.year = $1 AND p.state = 'paid' "
        "GROUP BY p.batch, p.beneficiary HAVING count(*) > 1) d",
        year,
    )
    rec = await c.fetchrow(
        "SELECT coalesce(sum(r.duplicated), 0)::int AS dup, coalesce(sum(jsonb_array_length(r.differences)), 0)::int "
        "AS diffs, count(*)::int AS n FROM relief_campaign k JOIN LATERAL (SELECT duplicated, differences FROM "
        "payout_reconciliation WHERE batch = k.batch_id ORDER BY id DESC LIMIT 1) r ON true WHERE k.year = $1",
        year,
    )
    camp = await c.fetchrow(
        "SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'approved')::int AS approved, "
        "coalesce(sum(budget_fen), 0)::bigint AS budget FROM relief_campaign WHERE year = $1",
        year,
    )
    end = dt.date(year, 12, 31)
    hh = await c.fetchrow(
        "SELECT count(*) FILTER (WHERE extract(year FROM filed_at AT TIME ZONE 'Asia/Shanghai') = $1)::int AS filed, "
        "count(*) FILTER (WHERE active_from <= $2 AND (lifted_on IS NULL OR lifted_on > $2))::int AS active, "
        "count(*) FILTER (WHERE extract(year FROM lifted_on) = $1)::int AS lifted "
        "FROM hardship_household WHERE ($3::int[] IS NULL OR org_id = ANY($3))",
        year,
        end,
        org_ids,
    )
    apps = await c.fetchrow(
        "SELECT count(*)::int AS n, count(*) FILTER (WHERE a.status = 'approved')::int AS approved "
        "FROM relief_application a JOIN relief_campaign k ON k.id = a.campaign WHERE k.year = $1 "
        "AND ($2::int[] IS NULL OR a.org_id = ANY($2))",
        year,
        org_ids,
    )

    def people(kind: str) -> int:
        return by[kind]["people"] if kind in by else 0

    def fen(kind: str) -> int:
        return int(by[kind]["fen"]) if kind in by else 0

    return {
        "campaigns": camp["n"],
        "campaigns_approved": camp["approved"],
        "budget_fen": int(camp["budget"]),
        "holiday_relief_households": people("holiday_relief"),
        "holiday_relief_fen": fen("holiday_relief"),
        "illness_relief_people": people("illness_relief"),
        "illness_relief_fen": fen("illness_relief"),
        "other_relief_people": people("other"),
        "other_relief_fen": fen("other"),
        "paid_fen": sum(int(r["fen"]) for r in paid),
        "payouts_paid": st.get("paid", 0),
        "payouts_failed": st.get("failed", 0),
        "payouts_unknown": st.get("unknown", 0),
        "payouts_open": st.get("pending", 0) + st.get("sending", 0) + st.get("unknown", 0),
        "duplicated_payouts": dup_ledger + rec["dup"],
        "reconciled_batches": rec["n"],
        "reconciliation_differences": rec["diffs"],
        "applications": apps["n"],
        "applications_approved": apps["approved"],
        "hardship_households_filed": hh["filed"],
        "hardship_households_active": hh["active"],
        "hardship_households_lifted": hh["lifted"],
    }
