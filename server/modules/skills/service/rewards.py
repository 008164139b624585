"""Rewards (凤城工匠助推奖励): versioned reward rules, named honours, and reward runs.

A rule version pays an amount per certificate level from its effective date until the next
version. A reward run takes a year's certificates (up to a date) and honours that no run has
taken yet, prices each certificate under the rule in force on its issue date, and waits in
preview. Approving it hands one batch to the disbursement engine
(`welfare.disbursement.create_batch`, source `skills.reward:<run>`), the one way money leaves
the system, in the same transaction. A certificate or honour sits in one reward line at most
(a unique constraint), so a second run finds nothing more to pay; the engine pays each payout
at most once, whatever kills a worker half-way.

A person is rewarded once per level (the article: 每人分别奖励, each person, by the level reached): a
second certificate of a member at a level already rewarded (a re-issue, a re-entry) gets no line,
and the run says so (`RunOut.skipped`). A unique index on the lines' (member, level) holds it
against two runs computed at once."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Fen, Id, Level, Text, Year
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.skills import messages as msg
from server.modules.skills.service.certificates import ACCOUNT_RE
from server.modules.skills.service.shared import (
    LEVELS,
    Short,
    fen,
    level,
    members,
    require_federation,
    text,
    today,
)
from server.modules.welfare import disbursement
from server.platform.roles import SYSTEM, Actor

MEMO = "凤城工匠助推奖励"


class AmountIn(msgspec.Struct, forbid_unknown_fields=True):
    level: Level
    amount_fen: Fen


class RuleIn(msgspec.Struct, forbid_unknown_fields=True):
    effective_from: dt.date
    title: Text
    amounts: Annotated[list[AmountIn], Meta(max_length=100)]


class RuleOut(msgspec.Struct):
    id: int
    effective_from: dt.date
    title: str
    amounts: dict[int, int]  # level -> fen per certificate


async def create_rule(data: RuleIn, actor: Actor = SYSTEM) -> RuleOut:
    """A new version of the reward rule, in force from its date until the next version."""
    require_federation(actor, "奖励办法")
    errors: list[FieldError] = []
    title = text(data.title, "title", errors, 200)
    if not data.amounts:
        errors.append(FieldError("amounts", msg.NO_AMOUNTS))
    seen: dict[int, int] = {}
    for n, a in enumerate(data.amounts, start=1):
        level(a.level, "level", errors, row=n)
        fen(a.amount_fen, "amount_fen", errors, positive=True, row=n)
        if a.level in seen:
            errors.append(FieldError("level", msg.LISTED_TWICE, row=n, first=seen[a.level]))
        seen.setdefault(a.level, n)
    if errors:
        raise InvalidInput(errors)
    c = conn()
    try:
        rule_id = await c.fetchval(
            "INSERT INTO skill_reward_rule (effective_from, title, created_at) VALUES ($1, $2, now()) RETURNING id",
            data.effective_from,
            title,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.RULE_EXISTS, code="rule_exists", effective_from=data.effective_from.isoformat()) from None
    await c.execute(
        "INSERT INTO skill_reward_amount (rule_id, level, amount_fen) SELECT $1, * FROM unnest($2::smallint[], $3::bigint[])",
        rule_id,
        [a.level for a in data.amounts],
        [a.amount_fen for a in data.amounts],
    )
    await activity.record(
        "skills.rule.created", f"rule:{rule_id}", {"effective_from": data.effective_from.isoformat()}, actor
    )
    return (await _rules(rule_id))[0]


async def _rules(rule_id: int | None = None, on: dt.date | None = None) -> list[RuleOut]:
    rows = await conn().fetch(
        "SELECT r.id, r.effective_from, r.title, coalesce(jsonb_object_agg(a.level, a.amount_fen) "
        "FILTER (WHERE a.id IS NOT NULL), '{}') AS amounts FROM skill_reward_rule r "
        "LEFT JOIN skill_reward_amount a ON a.rule_id = r.id "
        "WHERE ($1::int IS NULL OR r.id = $1) AND ($2::date IS NULL OR r.id = (SELECT id FROM skill_reward_rule "
        "  WHERE effective_from <= $2 ORDER BY effective_from DESC LIMIT 1)) "
        "GROUP BY r.id ORDER BY r.effective_from",
        rule_id,
        on,
    )
    return [
        RuleOut(
            r["id"],
            r["effective_from"],
            r["title"],
            {int(k): int(v) for k, v in msgspec.json.decode(r["amounts"]).items()},
        )
        for r in rows
    ]


async def list_rules() -> list[RuleOut]:
    return await _rules()


async def rule_in_force(on: dt.date) -> RuleOut | None:
    """The version in force on a day: the latest one effective on or before it."""
    found = await _rules(on=on)
    return found[0] if found else None


# --- honours ---------------------------------------------------------------------------------


class HonourIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Text  # 凤城工匠, 十佳五小, ...
    member_id: Id
    awarded_on: dt.date
    amount_fen: Fen
    bank_account: Short


class HonourOut(msgspec.Struct):
    id: int
    title: str
    member_id: int
    org_id: int
    awarded_on: dt.date
    amount_fen: int
    rewarded: bool


HONOUR_SELECT = (
    "SELECT h.id, h.title, h.member_id, h.org_id, h.awarded_on, h.amount_fen, "
    "EXISTS (SELECT 1 FROM skill_reward_line l WHERE l.honour_id = h.id) AS rewarded FROM skill_honour h"
)


async def award_honour(data: HonourIn, actor: Actor = SYSTEM) -> HonourOut:
    """A named honour with its own award (凤城工匠, 十佳五小), paid by the next reward run."""
    require_federation(actor, "荣誉表彰")
    errors: list[FieldError] = []
    title = text(data.title, "title", errors, 50)
    found = await members([data.member_id], "member_id", errors)
    fen(data.amount_fen, "amount_fen", errors, positive=True)
    if not isinstance(data.bank_account, str) or not ACCOUNT_RE.fullmatch(data.bank_account):
        errors.append(FieldError("bank_account", msg.BANK_ACCOUNT))
    if data.awarded_on > today():
        errors.append(FieldError("awarded_on", msg.NOT_IN_FUTURE))
    if errors:
        raise InvalidInput(errors)
    hid = await conn().fetchval(
        "INSERT INTO skill_honour (title, member_id, org_id, awarded_on, amount_fen, bank_account, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id",
        title,
        data.member_id,
        found[data.member_id].org_id,
        data.awarded_on,
        data.amount_fen,
        data.bank_account,
    )
    await activity.record("skills.honour.awarded", f"honour:{hid}", {"title": title}, actor)
    row = await conn().fetchrow(f"{HONOUR_SELECT} WHERE h.id = $1", hid)
    return HonourOut(**dict(row))


async def list_honours(*, year: int | None = None, limit: int = 50, cursor: str | None = None) -> Page[HonourOut]:
    rows, nxt = await keyset_sql(
        f"{HONOUR_SELECT} WHERE ($1::int IS NULL OR extract(year FROM h.awarded_on) = $1)",
        year,
        limit=limit,
        cursor=cursor,
    )
    return Page([HonourOut(**dict(r)) for r in rows], nxt)


# --- reward runs -----------------------------------------------------------------------------


class RunIn(msgspec.Struct, forbid_unknown_fields=True):
    year: Year
    up_to: dt.date | None = None  # certificates issued and honours awarded up to this day (default: the year's end)


class RunGroup(msgspec.Struct):
    """The run's lines of one kind: certificates of a level under one rule version, or honours of a title."""

    kind: str  # certificate | honour
    label: str
    level: int | None
    rule_effective_from: dt.date | None
    lines: int
    amount_fen: int  # per line
    total_fen: int


class RunSkip(msgspec.Struct):
    """A certificate the run leaves unpaid: its member is rewarded for that level by another
    certificate (in this run or an earlier one). `zh` and `en` say so, naming both numbers."""

    code: str  # repeat_level
    member_id: int
    name: str
    level: int
    certificate_id: int
    number: str  # the certificate left unpaid
    rewarded_certificate_id: int
    rewarded_number: str  # the certificate the member is rewarded for
    rewarded_run_id: int
    zh: str
    en: str


class RunOut(msgspec.Struct):
    id: int
    year: int
    up_to: dt.date
    state: str
    line_count: int
    total_fen: int
    batch_id: int | None
    groups: list[RunGroup] = []
    without_account: int = 0  # rewards (a member at a level) owed on certificates that name no bank account
    skipped: list[RunSkip] = []  # certificates of a member at a level already rewarded: never paid
    paid_fen: int = 0
    paid: int = 0
    open: int = 0
    failed: int = 0


class RunLineOut(msgspec.Struct):
    id: int
    certificate_id: int | None
    honour_id: int | None
    member_id: int
    org_id: int
    level: int | None
    rule_id: int | None
    amount_fen: int


RUN_COLUMNS = "id, year, up_to, state, line_count, total_fen, batch_id"
ELIGIBLE = """FROM skill_certificate c
  JOIN LATERAL (SELECT id FROM skill_reward_rule WHERE effective_from <= c.issued_on
                ORDER BY effective_from DESC LIMIT 1) r ON true
  JOIN skill_reward_amount a ON a.rule_id = r.id AND a.level = c.level
 WHERE c.issued_on >= make_date({year}, 1, 1) AND c.issued_on <= {up_to}
   AND NOT EXISTS (SELECT 1 FROM skill_reward_line l WHERE l.certificate_id = c.id)
   AND NOT EXISTS (SELECT 1 FROM skill_reward_line l WHERE l.member_id = c.member_id AND l.level = c.level
                     AND l.certificate_id IS NOT NULL AND NOT l.legacy_repeat)"""
# A certificate a run leaves unpaid because its member is rewarded for its level by another
# certificate: of the run's year up to its day, in no line, its (member, level) in a line of this
# run or an earlier one (the line names the certificate rewarded). `NOT legacy_repeat` (the first
# line of a member at a level never is one) lets both read the unique index.
SKIPPED = """SELECT DISTINCT ON (c.id) c.id AS certificate_id, c.number, c.member_id, c.level,
       p.id AS rewarded_certificate_id, p.number AS rewarded_number, l.run_id AS rewarded_run_id
  FROM skill_certificate c
  JOIN skill_reward_line l ON l.member_id = c.member_id AND l.level = c.level AND l.certificate_id IS NOT NULL
                          AND NOT l.legacy_repeat AND l.run_id <= $3
  JOIN skill_certificate p ON p.id = l.certificate_id
 WHERE c.issued_on >= make_date($1, 1, 1) AND c.issued_on <= $2
   AND NOT EXISTS (SELECT 1 FROM skill_reward_line x WHERE x.certificate_id = c.id)
 ORDER BY c.id, l.id"""


async def create_run(data: RunIn, actor: Actor = SYSTEM) -> RunOut:
    """Compute who is owed what: the year's certificates (each under the rule in force on its
    date) and honours that no run has taken, into a run waiting for approval."""
    require_federation(actor, "奖励发放")
    errors: list[FieldError] = []
    if isinstance(data.year, bool) or not isinstance(data.year, int) or not 1949 <= data.year <= 2100:
        errors.append(FieldError("year", msg.YEAR))
    elif data.up_to is not None and data.up_to.year != data.year:
        errors.append(FieldError("up_to", msg.YEAR))
    if errors:
        raise InvalidInput(errors)
    up_to = data.up_to or dt.date(data.year, 12, 31)
    c = conn()
    run_id = await c.fetchval(
        "INSERT INTO skill_reward_run (year, up_to, state, line_count, total_fen, created_by, created_at) "
        "VALUES ($1, $2, 'preview', 0, 0, $3, now()) RETURNING id",
        data.year,
        up_to,
        actor.name,
    )
    # One line per member and level: of several certificates, the earliest issued. ON CONFLICT (the
    # certificate, or the member at that level): a run computed at the same moment took it first.
    await c.execute(
        "INSERT INTO skill_reward_line (run_id, certificate_id, rule_id, member_id, org_id, level, amount_fen, account) "
        f"SELECT DISTINCT ON (c.member_id, c.level) $1, c.id, r.id, c.member_id, c.org_id, c.level, a.amount_fen, "
        f"c.bank_account {ELIGIBLE.format(year='$2', up_to='$3')} "
        "AND c.bank_account IS NOT NULL ORDER BY c.member_id, c.level, c.issued_on, c.id ON CONFLICT DO NOTHING",
        run_id,
        data.year,
        up_to,
    )
    await c.execute(
        "INSERT INTO skill_reward_line (run_id, honour_id, member_id, org_id, amount_fen, account) "
        "SELECT $1, h.id, h.member_id, h.org_id, h.amount_fen, h.bank_account FROM skill_honour h "
        "WHERE h.awarded_on >= make_date($2, 1, 1) AND h.awarded_on <= $3 "
        "AND NOT EXISTS (SELECT 1 FROM skill_reward_line l WHERE l.honour_id = h.id) "
        "ORDER BY h.id ON CONFLICT (honour_id) DO NOTHING",
        run_id,
        data.year,
        up_to,
    )
    await c.execute(
        "UPDATE skill_reward_run r SET line_count = s.n, total_fen = s.fen FROM (SELECT count(*)::int AS n, "
        "coalesce(sum(amount_fen), 0)::bigint AS fen FROM skill_reward_line WHERE run_id = $1) s WHERE r.id = $1",
        run_id,
    )
    await activity.record("skills.run.created", f"run:{run_id}", {"year": data.year}, actor)
    return await get_run(run_id)


async def get_run(run_id: int) -> RunOut:
    """The run as the approver sees it: totals by level and rule version, honours, payment progress."""
    c = conn()
    row = await c.fetchrow(f"SELECT {RUN_COLUMNS} FROM skill_reward_run WHERE id = $1", run_id)
    if row is None:
        raise NotFound(msg.RUN_NOT_FOUND, key=run_id)
    groups = await c.fetch(
        "SELECT CASE WHEN l.certificate_id IS NULL THEN 'honour' ELSE 'certificate' END AS kind, "
        "coalesce(h.title, '') AS label, l.level, r.effective_from AS rule_effective_from, "
        "count(*)::int AS lines, l.amount_fen, sum(l.amount_fen)::bigint AS total_fen "
        "FROM skill_reward_line l LEFT JOIN skill_reward_rule r ON r.id = l.rule_id "
        "LEFT JOIN skill_honour h ON h.id = l.honour_id WHERE l.run_id = $1 "
        "GROUP BY 1, 2, 3, 4, 6 ORDER BY 1, 3, 4, 2",
        run_id,
    )
    out = RunOut(
        **dict(row),
        groups=[
            RunGroup(
                **(dict(g) | {"label": g["label"] or LEVELS.get(g["level"], ""), "total_fen": int(g["total_fen"])})
            )
            for g in groups
        ],
    )
    if out.state == "preview":
        out.without_account = await c.fetchval(
            f"SELECT count(DISTINCT (c.member_id, c.level))::int {ELIGIBLE.format(year='$1', up_to='$2')} "
            "AND c.bank_account IS NULL",
            out.year,
            out.up_to,
        )
    if out.state != "cancelled":
        out.skipped = await _skipped(out.year, out.up_to, run_id)
    if out.batch_id is not None:
        p = await disbursement.progress(out.batch_id)
        out.paid_fen, out.paid, out.failed = p.paid_fen, p.paid, p.failed
        out.open = p.pending + p.in_flight + p.unknown
    return out


async def _skipped(year: int, up_to: dt.date, run_id: int) -> list[RunSkip]:
    rows = await conn().fetch(SKIPPED, year, up_to, run_id)
    if not rows:
        return []
    names = await orgs.get_members(sorted({r["member_id"] for r in rows}))
    out = []
    for r in rows:
        name = names[r["member_id"]].name if r["member_id"] in names else f"#{r['member_id']}"
        params = {
            "name": name,
            "member": r["member_id"],
            "level": r["level"],
            "level_name": LEVELS.get(r["level"], ""),
            "number": r["number"],
            "rewarded": r["rewarded_number"],
            "run": r["rewarded_run_id"],
        }
        out.append(
            RunSkip(
                code="repeat_level",
                name=name,
                zh=msg.RUN_REPEAT_LEVEL.render("zh-CN", params),
                en=msg.RUN_REPEAT_LEVEL.render("en", params),
                **dict(r),
            )
        )
    return out


async def list_runs(*, year: int | None = None, limit: int = 50, cursor: str | None = None) -> Page[RunOut]:
    rows, nxt = await keyset_sql(
        f"SELECT {RUN_COLUMNS} FROM skill_reward_run WHERE ($1::int IS NULL OR year = $1)",
        year,
        limit=limit,
        cursor=cursor,
    )
    return Page([RunOut(**dict(r)) for r in rows], nxt)


async def run_lines(run_id: int, *, limit: int = 50, cursor: str | None = None) -> Page[RunLineOut]:
    await get_run(run_id)
    rows, nxt = await keyset_sql(
        "SELECT id, certificate_id, honour_id, member_id, org_id, level, rule_id, amount_fen "
        "FROM skill_reward_line WHERE run_id = $1",
        run_id,
        limit=limit,
        cursor=cursor,
    )
    return Page([RunLineOut(**dict(r)) for r in rows], nxt)


async def _locked_preview(run_id: int) -> dict:
    row = await conn().fetchrow(f"SELECT {RUN_COLUMNS} FROM skill_reward_run WHERE id = $1 FOR UPDATE", run_id)
    if row is None:
        raise NotFound(msg.RUN_NOT_FOUND, key=run_id)
    if row["state"] != "preview":
        raise RuleViolation(msg.RUN_NOT_PREVIEW, code="run_not_preview", run=run_id)
    return dict(row)


async def approve_run(run_id: int, actor: Actor = SYSTEM) -> RunOut:
    """Approve: the run's lines become one disbursement batch (`skills.reward:<run>`), queued for
    payment, in this transaction. A run with nothing to pay is approved with no batch."""
    require_federation(actor, "奖励发放")
    run = await _locked_preview(run_id)
    c = conn()
    lines = await c.fetch(
        "SELECT id, certificate_id, honour_id, member_id, org_id, amount_fen, account FROM skill_reward_line "
        "WHERE run_id = $1 ORDER BY id",
        run_id,
    )
    batch_id = None
    if lines:
        names = await orgs.get_members(sorted({ln["member_id"] for ln in lines}))
        items = [
            disbursement.PayoutItem(
                beneficiary=f"certificate:{ln['certificate_id']}"
                if ln["certificate_id"] is not None
                else f"honour:{ln['honour_id']}",
                name=names[ln["member_id"]].name if ln["member_id"] in names else f"会员{ln['member_id']}",
                account=ln["account"],
                amount_fen=int(ln["amount_fen"]),
                member_id=ln["member_id"],
                org_id=ln["org_id"],
                memo=MEMO,
            )
            for ln in lines
        ]
        batch = await disbursement.create_batch(
            f"skills.reward:{run_id}",
            f"{run['year']}年{MEMO}（第{run_id}批）",
            items,
            budget_fen=int(run["total_fen"]),
            actor=actor,
        )
        batch_id = batch.id
    await c.execute(
        "UPDATE skill_reward_run SET state = 'approved', batch_id = $2, approved_by = $3, approved_at = now() "
        "WHERE id = $1",
        run_id,
        batch_id,
        actor.name,
    )
    await activity.record("skills.run.approved", f"run:{run_id}", {"batch": batch_id, "lines": len(lines)}, actor)
    return await get_run(run_id)


async def cancel_run(run_id: int, actor: Actor = SYSTEM) -> RunOut:
    """Drop a run in preview: its certificates and honours are free for the next run."""
    require_federation(actor, "奖励发放")
    await _locked_preview(run_id)
    c = conn()
    await c.execute("DELETE FROM skill_reward_line WHERE run_id = $1", run_id)
    await c.execute(
        "UPDATE skill_reward_run SET state = 'cancelled', line_count = 0, total_fen = 0 WHERE id = $1", run_id
    )
    await activity.record("skills.run.cancelled", f"run:{run_id}", {}, actor)
    return await get_run(run_id)


class MemberReward(msgspec.Struct):
    """A reward line of an approved run, as the bot tells it to the member (`skills.bot`)."""

    line_id: int
    member_id: int
    amount_fen: int
    level: int | None  # a certificate's level, or None for an honour
    number: str | None  # the certificate's number
    honour: str | None  # the honour's title


async def claim_untold_rewards(member_ids: list[int], *, limit: int = 500) -> list[MemberReward]:
    """The reward lines of approved runs paying these members that nobody told them of yet, locked
    and marked told in the caller's transaction (skills' part of the bot queues the notices in that
    same transaction: both commit or neither does, so each reward is told once, however long the
    bot or the worker was down and however often delivery runs)."""
    if not member_ids:
        return []
    rows = await conn().fetch(
        """WITH due AS (
             SELECT l.id FROM skill_reward_line l JOIN skill_reward_run r ON r.id = l.run_id
              WHERE r.state = 'approved' AND l.told_at IS NULL AND l.member_id = ANY($1::int[])
              ORDER BY l.id LIMIT $2 FOR UPDATE OF l SKIP LOCKED),
           told AS (UPDATE skill_reward_line l SET told_at = $3 FROM due WHERE l.id = due.id
                    RETURNING l.id, l.member_id, l.amount_fen, l.level, l.certificate_id, l.honour_id)
           SELECT t.id AS line_id, t.member_id, t.amount_fen, t.level, c.number, h.title AS honour
             FROM told t
             LEFT JOIN skill_certificate c ON c.id = t.certificate_id
             LEFT JOIN skill_honour h ON h.id = t.honour_id
            ORDER BY t.id""",
        list(member_ids),
        limit,
        dt.datetime.now(dt.UTC),
    )
    return [MemberReward(**dict(r)) for r in rows]


async def mark_rewards_told_before(member_id: int, before: dt.datetime) -> int:
    """A worker who links their chat is not told of rewards of runs approved before `before`: those
    are marked told without a word (the later ones wait for the next delivery)."""
    rows = await conn().fetch(
        """UPDATE skill_reward_line l SET told_at = $3 FROM skill_reward_run r
            WHERE r.id = l.run_id AND l.member_id = $1 AND l.told_at IS NULL
              AND r.state = 'approved' AND r.approved_at < $2
        RETURNING l.id""",
        member_id,
        before,
        dt.datetime.now(dt.UTC),
    )
    return len(rows)
