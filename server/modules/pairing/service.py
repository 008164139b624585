"""Master-apprentice pairing (名师带高徒): the rules. Every function runs inside a `tenant_scope`.

A programme has a scope (an org subtree), a term, a target number of pairs and
pairing rules. Members of the orgs module take part as masters or apprentices
(candidates, referred to by member id through the orgs service). Officers lock
or forbid pairs; `propose` gathers everything into plain data and asks the
pure solver (`solver.py`) for the pairing with the most pairs at the least
cost; the explained proposal is stored and, once accepted, becomes agreements
(师徒协议) with goals, progress notes, an outcome, or an early end. An outcome
that raises the apprentice's qualification level raises the member's level in
orgs too (`orgs.raise_member_level`, same transaction, never lowering it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.db import DB
from server.infra.pagination import Page, check_limit, decode_cursor, encode_cursor
from server.modules.contract import Figures, ReportQuery
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.pairing import solver
from server.modules.pairing.tables import (
    Agreement,
    Candidate,
    CompatibleTrade,
    PairRule,
    Programme,
    ProgressNote,
    Proposal,
)
from server.platform.roles import SYSTEM, Actor, Role

ROLES = ("master", "apprentice")
MAX_CAPACITY = 20
LIVE = ("active", "completed")  # agreements that hold an apprentice and a master's place


def today() -> dt.date:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # Asia/Shanghai


# --- Structs ----------------------------------------------------------------------------


class ProgrammeIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    scope_org_id: int
    term_start: dt.date
    term_end: dt.date
    target_pairs: int = 0
    year: int | None = None  # defaults to the year the term starts
    same_trade_required: bool = True
    same_enterprise_preferred: bool = True
    min_level_gap: int = 1
    default_capacity: int = 2


class ProgrammePatch(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    target_pairs: int | None = None
    year: int | None = None
    same_trade_required: bool | None = None
    same_enterprise_preferred: bool | None = None
    min_level_gap: int | None = None
    default_capacity: int | None = None


class ProgrammeOut(msgspec.Struct):
    id: int
    name: str
    year: int
    scope_org_id: int
    term_start: dt.date
    term_end: dt.date
    target_pairs: int
    same_trade_required: bool
    same_enterprise_preferred: bool
    min_level_gap: int
    default_capacity: int
    masters: int = 0
    apprentices: int = 0
    agreements: int = 0  # live (active or completed)
    open_proposal_id: int | None = None


class CandidateIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: int
    role: str  # master | apprentice
    capacity: int | None = None  # masters: own capacity (default: the programme's)
    preferences: list[int] = []  # apprentices: master member ids, best first


class CandidatesIn(msgspec.Struct, forbid_unknown_fields=True):
    candidates: list[CandidateIn]


class CandidateFilterIn(msgspec.Struct, forbid_unknown_fields=True):
    """Add every active member of an org subtree (default: the programme's scope) who fits."""

    role: str
    org_id: int | None = None
    trades: list[str] = []  # empty: any trade
    # Qualification levels level_from ≤ level ≤ level_to (1 高级技师 … 5 初级工):
    # masters e.g. level_to=2 (技师 or better), apprentices e.g. level_from=3.
    level_from: int | None = None
    level_to: int | None = None
    include_uncertified: bool = False  # members with no level recorded


class AddedOut(msgspec.Struct):
    added: int
    already: int  # matched but already candidates of this programme


class CandidatePatch(msgspec.Struct, forbid_unknown_fields=True):
    capacity: int | None = None
    preferences: list[int] | None = None
    clear_capacity: bool = False  # back to the programme's default


class CandidateOut(msgspec.Struct):
    member_id: int
    role: str
    name: str
    trade: str | None
    level: int | None
    org_id: int | None
    capacity: int | None  # masters: effective capacity
    own_capacity: int | None  # masters: set for this master, else null
    preferences: list[int]
    placed: int  # masters: live agreements; apprentices: 1 if in a live agreement
    partner_ids: list[int]  # the members they are paired with in live agreements
    note: str = ""  # e.g. "member has left"


class PairRuleIn(msgspec.Struct, forbid_unknown_fields=True):
    master_member_id: int
    apprentice_member_id: int
    note: str = ""


class PairRuleOut(msgspec.Struct):
    id: int
    kind: str
    master_member_id: int
    apprentice_member_id: int
    note: str
    created_by: str
    created_at: dt.datetime


class ReasonOut(msgspec.Struct):
    code: str
    zh: str
    en: str


class ProposedPair(msgspec.Struct):
    master_member_id: int
    master_name: str
    apprentice_member_id: int
    apprentice_name: str
    master_trade: str | None
    apprentice_trade: str | None
    master_level: int | None
    apprentice_level: int | None
    master_org_id: int
    apprentice_org_id: int
    cost: int
    locked: bool  # an officer's lock
    agreement_id: int | None  # already agreed (kept as it is)
    reasons: list[ReasonOut]


class UnpairedApprentice(msgspec.Struct):
    apprentice_member_id: int
    name: str
    trade: str | None
    level: int | None
    org_id: int
    code: str
    eligible_masters: int
    reasons: list[ReasonOut]


class MasterLoadOut(msgspec.Struct):
    master_member_id: int
    name: str
    trade: str | None
    capacity: int
    used: int


class ProposalSummary(msgspec.Struct):
    pairs: int
    new_pairs: int  # pairs that accepting would turn into agreements
    unpaired: int
    masters: int
    apprentices: int
    target_pairs: int
    cost: int
    blocking_pairs: int
    optimal: bool
    solve_ms: int
    idle_masters: int


class ProposalOut(msgspec.Struct):
    id: int
    programme_id: int
    status: str
    created_at: dt.datetime
    created_by: str
    accepted_at: dt.datetime | None
    summary: ProposalSummary
    pairs: list[ProposedPair]
    unpaired: list[UnpairedApprentice]
    masters: list[MasterLoadOut]
    warnings: list[ReasonOut]


class ProposalBrief(msgspec.Struct):
    id: int
    status: str
    created_at: dt.datetime
    created_by: str
    accepted_at: dt.datetime | None
    pairs: int
    new_pairs: int
    unpaired: int
    cost: int
    blocking_pairs: int


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    goals: str = ""
    # Only these apprentices' pairs (member ids); default all new pairs.
    apprentice_member_ids: list[int] | None = None


class AcceptOut(msgspec.Struct):
    proposal_id: int
    agreements_created: int
    agreement_ids: list[int]


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    text: str
    noted_on: dt.date | None = None


class NoteOut(msgspec.Struct):
    id: int
    noted_on: dt.date
    text: str
    author: str


class AgreementPatch(msgspec.Struct, forbid_unknown_fields=True):
    goals: str | None = None
    term_end: dt.date | None = None


class OutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    level_after: int | None = None  # the apprentice's qualification level now (1 高级技师 … 5 初级工)
    competition_result: str = ""  # e.g. "全市焊工技能大赛二等奖"
    innovation: str = ""  # a 五小 result, e.g. "焊接夹具小革新 市一等奖"
    note: str = ""
    completed_on: dt.date | None = None


class EndIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: str
    ended_on: dt.date | None = None


class AgreementOut(msgspec.Struct):
    id: int
    programme_id: int
    proposal_id: int | None
    master_member_id: int
    apprentice_member_id: int
    master_name: str
    apprentice_name: str
    term_start: dt.date
    term_end: dt.date
    goals: str
    status: str
    ended_on: dt.date | None
    end_reason: str
    level_before: int | None
    level_after: int | None
    level_raised: bool
    competition_result: str
    innovation: str
    outcome_note: str
    notes: list[NoteOut] = []


class TradePair(msgspec.Struct):
    trade_a: str
    trade_b: str


class CompatibleTradesIn(msgspec.Struct, forbid_unknown_fields=True):
    pairs: list[list[str]]  # [["焊工", "电焊工"], ...]


# --- plumbing ------------------------------------------------------------------------------


def _conn():
    tx = DB.current_transaction.get()
    if tx is None:
        raise RuntimeError("pairing services run inside tenant_scope()")
    return tx.connection


def _text(value: str | None, field: str, errors: list[FieldError], *, required: bool = False, limit: int = 200) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.append(FieldError(field, "不能为空 / must not be empty"))
    elif len(text) > limit:
        errors.append(FieldError(field, f"不超过{limit}字 / must be at most {limit} characters"))
    return text


async def _may_act(scope_org_id: int, actor: Actor) -> None:
    """An org officer acts only on programmes inside their own org subtree."""
    if actor.role is Role.org_officer:
        if actor.org_id is None or not await orgs.is_in_subtree(scope_org_id, actor.org_id):
            raise Forbidden("the programme's scope is outside your org subtree", code="outside_subtree")


# --- compatible trades ----------------------------------------------------------------------


async def compatible_trades() -> list[TradePair]:
    rows = (
        await CompatibleTrade.select(CompatibleTrade.trade_a, CompatibleTrade.trade_b)
        .order_by(CompatibleTrade.trade_a)
        .order_by(CompatibleTrade.trade_b)
    )
    return [TradePair(**r) for r in rows]


async def set_compatible_trades(data: CompatibleTradesIn, actor: Actor = SYSTEM) -> list[TradePair]:
    """Replace the tenant's table of compatible trades (used by every programme's next proposal)."""
    errors: list[FieldError] = []
    pairs: set[tuple[str, str]] = set()
    for i, pair in enumerate(data.pairs):
        if len(pair) != 2:
            errors.append(FieldError(f"pairs[{i}]", "应为两个工种 / must name two trades"))
            continue
        a, b = (p.strip() for p in pair)
        if not a or not b or len(a) > 50 or len(b) > 50:
            errors.append(FieldError(f"pairs[{i}]", "工种为1-50字 / trades are 1-50 characters"))
        elif a == b:
            errors.append(FieldError(f"pairs[{i}]", "两个工种相同 / the two trades are the same"))
        else:
            pairs.add((min(a, b), max(a, b)))
    if errors:
        raise InvalidInput(errors)
    await CompatibleTrade.delete(force=True)
    if pairs:
        await CompatibleTrade.insert(*[CompatibleTrade(trade_a=a, trade_b=b) for a, b in sorted(pairs)])
    await activity.record("pairing.compatible_trades.set", "compatible_trades", {"pairs": len(pairs)}, actor)
    return await compatible_trades()


# --- programmes ------------------------------------------------------------------------------


def _check_programme(
    errors: list[FieldError],
    *,
    name: str | None,
    term_start: dt.date | None,
    term_end: dt.date | None,
    target_pairs: int | None,
    year: int | None,
    min_level_gap: int | None,
    default_capacity: int | None,
) -> None:
    if name is not None:
        _text(name, "name", errors, required=True)
    if term_start and term_end and term_end < term_start:
        errors.append(FieldError("term_end", "结束日期早于开始日期 / is before the start"))
    if target_pairs is not None and not 0 <= target_pairs <= 100_000:
        errors.append(FieldError("target_pairs", "应为0-100000 / must be 0-100000"))
    if year is not None and not 1949 <= year <= 2100:
        errors.append(FieldError("year", "应为1949-2100 / must be 1949-2100"))
    if min_level_gap is not None and not 0 <= min_level_gap <= 4:
        errors.append(FieldError("min_level_gap", "应为0-4级 / must be 0-4 levels"))
    if default_capacity is not None and not 0 <= default_capacity <= MAX_CAPACITY:
        errors.append(FieldError("default_capacity", f"应为0-{MAX_CAPACITY} / must be 0-{MAX_CAPACITY}"))


async def _programme_row(programme_id: int, *, for_update: bool = False) -> dict[str, Any]:
    sql = "SELECT * FROM pairing_programme WHERE id = $1" + (" FOR UPDATE" if for_update else "")
    row = await _conn().fetchrow(sql, programme_id)
    if row is None:
        raise NotFound("programme", programme_id)
    return dict(row)


_COUNTS = """(SELECT count(*) FROM pairing_candidate c WHERE c.programme = p.id AND c.role = 'master')::int AS masters,
    (SELECT count(*) FROM pairing_candidate c WHERE c.programme = p.id AND c.role = 'apprentice')::int AS apprentices,
    (SELECT count(*) FROM pairing_agreement a WHERE a.programme = p.id
       AND a.status IN ('active', 'completed'))::int AS agreements,
    (SELECT id FROM pairing_proposal pp WHERE pp.programme = p.id AND pp.status = 'open') AS open_proposal_id"""


def _programme_out_row(row: Any) -> ProgrammeOut:
    return ProgrammeOut(**{k: row[k] for k in ProgrammeOut.__struct_fields__})


async def _programme_out(row: dict[str, Any]) -> ProgrammeOut:
    full = await _conn().fetchrow(f"SELECT p.*, {_COUNTS} FROM pairing_programme p WHERE p.id = $1", row["id"])
    return _programme_out_row(full)


async def create_programme(data: ProgrammeIn, actor: Actor = SYSTEM) -> ProgrammeOut:
    errors: list[FieldError] = []
    _check_programme(
        errors,
        name=data.name,
        term_start=data.term_start,
        term_end=data.term_end,
        target_pairs=data.target_pairs,
        year=data.year,
        min_level_gap=data.min_level_gap,
        default_capacity=data.default_capacity,
    )
    scope = (await orgs.get_orgs([data.scope_org_id])).get(data.scope_org_id)
    if scope is None:
        errors.append(FieldError("scope_org_id", f"组织 #{data.scope_org_id} 不存在 / org not found"))
    if errors:
        raise InvalidInput(errors)
    await _may_act(data.scope_org_id, actor)
    row = await Programme.insert(
        Programme(
            name=data.name.strip(),
            year=data.year or data.term_start.year,
            scope_org_id=data.scope_org_id,
            term_start=data.term_start,
            term_end=data.term_end,
            target_pairs=data.target_pairs,
            same_trade_required=data.same_trade_required,
            same_enterprise_preferred=data.same_enterprise_preferred,
            min_level_gap=data.min_level_gap,
            default_capacity=data.default_capacity,
        )
    ).returning(Programme.id)
    programme_id = row[0]["id"]
    await activity.record("pairing.programme.created", f"programme:{programme_id}", {"name": data.name.strip()}, actor)
    return await get_programme(programme_id)


async def get_programme(programme_id: int, actor: Actor = SYSTEM) -> ProgrammeOut:
    row = await _programme_row(programme_id)
    await _may_act(row["scope_org_id"], actor)
    return await _programme_out(row)


async def find_programme(ref: str) -> ProgrammeOut:
    """A programme by id or by exact name (for the CLI)."""
    if ref.strip().isdigit():
        return await get_programme(int(ref))
    row = await _conn().fetchrow(
        "SELECT * FROM pairing_programme WHERE name = $1 ORDER BY id DESC LIMIT 1", ref.strip()
    )
    if row is None:
        raise NotFound("programme", ref)
    return await _programme_out(dict(row))


async def list_programmes(
    *, year: int | None = None, within: int | None = None, limit: int = 50, cursor: str | None = None
) -> Page[ProgrammeOut]:
    check_limit(limit)
    where, args = ["TRUE"], []
    if year is not None:
        args.append(year)
        where.append(f"year = ${len(args)}")
    if within is not None:
        args.append(await orgs.subtree_ids(within))
        where.append(f"scope_org_id = ANY(${len(args)}::int[])")
    after = decode_cursor(cursor)
    if after is not None:
        args.append(after)
        where.append(f"id > ${len(args)}")
    args.append(limit + 1)
    rows = await _conn().fetch(
        f"SELECT p.*, {_COUNTS} FROM pairing_programme p WHERE {' AND '.join(where)} ORDER BY id LIMIT ${len(args)}",
        *args,
    )
    items = [_programme_out_row(r) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if len(rows) > limit else None)


async def update_programme(programme_id: int, patch: ProgrammePatch, actor: Actor = SYSTEM) -> ProgrammeOut:
    row = await _programme_row(programme_id, for_update=True)
    await _may_act(row["scope_org_id"], actor)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not None}
    merged = {**row, **changes}
    errors: list[FieldError] = []
    _check_programme(
        errors,
        name=changes.get("name"),
        term_start=merged["term_start"],
        term_end=merged["term_end"],
        target_pairs=changes.get("target_pairs"),
        year=changes.get("year"),
        min_level_gap=changes.get("min_level_gap"),
        default_capacity=changes.get("default_capacity"),
    )
    if errors:
        raise InvalidInput(errors)
    if changes:
        if "name" in changes:
            changes["name"] = changes["name"].strip()
        await Programme.update({getattr(Programme, k): v for k, v in changes.items()}).where(
            Programme.id == programme_id
        )
        await activity.record(
            "pairing.programme.updated", f"programme:{programme_id}", {"fields": sorted(changes)}, actor
        )
    return await get_programme(programme_id)


# --- candidates ------------------------------------------------------------------------------


async def _scope_members(scope_org_id: int, member_ids: list[int]) -> tuple[dict[int, orgs.MemberOut], set[int]]:
    members = await orgs.get_members(member_ids)
    scope = set(await orgs.subtree_ids(scope_org_id))
    return members, scope


def _active(member: orgs.MemberOut) -> bool:
    return member.left_on is None or member.left_on > today()


async def add_candidates(programme_id: int, data: CandidatesIn, actor: Actor = SYSTEM) -> list[CandidateOut]:
    """Add masters and apprentices in one go; any bad row refuses the whole batch."""
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    rows = data.candidates
    errors: list[FieldError] = []
    if not rows:
        raise invalid("candidates", "至少一名候选人 / give at least one candidate")
    if len(rows) > 50_000:
        raise invalid("candidates", "一次最多50000人 / at most 50,000 at a time")
    members, scope = await _scope_members(programme["scope_org_id"], [c.member_id for c in rows])
    existing = {
        r["member_id"]: r["role"]
        for r in await _conn().fetch("SELECT member_id, role FROM pairing_candidate WHERE programme = $1", programme_id)
    }
    masters = {m for m, role in existing.items() if role == "master"} | {
        c.member_id for c in rows if c.role == "master"
    }
    seen: set[int] = set()
    for i, c in enumerate(rows):
        field = f"candidates[{i}]"
        member = members.get(c.member_id)
        if c.role not in ROLES:
            errors.append(FieldError(f"{field}.role", "应为 master 或 apprentice / must be master or apprentice"))
        if member is None:
            errors.append(FieldError(f"{field}.member_id", f"会员 #{c.member_id} 不存在 / member not found"))
        elif not _active(member):
            errors.append(FieldError(f"{field}.member_id", f"会员 #{c.member_id} 已离会 / has left"))
        elif member.org_id not in scope:
            errors.append(
                FieldError(
                    f"{field}.member_id", f"会员 #{c.member_id} 不在本项目范围内 / is outside the programme's scope"
                )
            )
        if c.member_id in seen:
            errors.append(FieldError(f"{field}.member_id", "重复 / listed twice"))
        elif c.member_id in existing:
            errors.append(
                FieldError(
                    f"{field}.member_id",
                    f"已是本项目的{'师傅' if existing[c.member_id] == 'master' else '徒弟'} / "
                    f"already a {existing[c.member_id]} in this programme",
                )
            )
        seen.add(c.member_id)
        if c.capacity is not None:
            if c.role != "master":
                errors.append(FieldError(f"{field}.capacity", "只有师傅有带徒名额 / only masters have a capacity"))
            elif not 0 <= c.capacity <= MAX_CAPACITY:
                errors.append(FieldError(f"{field}.capacity", f"应为0-{MAX_CAPACITY} / must be 0-{MAX_CAPACITY}"))
        if c.preferences:
            if c.role != "apprentice":
                errors.append(FieldError(f"{field}.preferences", "只有徒弟可填志愿 / only apprentices rank masters"))
            elif len(set(c.preferences)) != len(c.preferences):
                errors.append(FieldError(f"{field}.preferences", "志愿重复 / a master is listed twice"))
            elif not set(c.preferences) <= masters:
                errors.append(
                    FieldError(f"{field}.preferences", "志愿须为本项目的师傅 / must be masters of this programme")
                )
    if errors:
        raise InvalidInput(errors)
    await Candidate.insert(
        *[
            Candidate(
                programme=programme_id,
                member_id=c.member_id,
                role=c.role,
                capacity=c.capacity,
                preferences=list(c.preferences),
            )
            for c in rows
        ]
    )
    await activity.record(
        "pairing.candidates.added",
        f"programme:{programme_id}",
        {"masters": sum(c.role == "master" for c in rows), "apprentices": sum(c.role == "apprentice" for c in rows)},
        actor,
    )
    return await _candidates_out(programme, [c.member_id for c in rows])


async def add_candidates_from_orgs(programme_id: int, data: CandidateFilterIn, actor: Actor = SYSTEM) -> AddedOut:
    """Add members by org subtree, trade and level in one statement (e.g. every 技师 or better
    welder of the zone as masters)."""
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    errors: list[FieldError] = []
    if data.role not in ROLES:
        errors.append(FieldError("role", "应为 master 或 apprentice / must be master or apprentice"))
    for field in ("level_from", "level_to"):
        value = getattr(data, field)
        if value is not None and value not in solver.LEVELS:
            errors.append(FieldError(field, "应为1(高级技师)至5(初级工) / must be 1 to 5"))
    scope = set(await orgs.subtree_ids(programme["scope_org_id"]))
    if data.org_id is not None and data.org_id not in scope:
        errors.append(FieldError("org_id", "不在本项目范围内 / is outside the programme's scope"))
    if errors:
        raise InvalidInput(errors)
    org_ids = await orgs.subtree_ids(data.org_id) if data.org_id is not None else sorted(scope)
    members = await orgs.get_members(await orgs.member_ids_in(org_ids))
    trades = {t.strip() for t in data.trades if t.strip()}

    def fits(m: orgs.MemberOut) -> bool:
        if trades and (m.trade or "").strip() not in trades:
            return False
        if m.level is None:
            return data.include_uncertified
        return (data.level_from is None or m.level >= data.level_from) and (
            data.level_to is None or m.level <= data.level_to
        )

    existing = {
        r["member_id"]
        for r in await _conn().fetch("SELECT member_id FROM pairing_candidate WHERE programme = $1", programme_id)
    }
    matched = [m.id for m in members.values() if fits(m)]
    new = sorted(set(matched) - existing)
    if new:
        await Candidate.insert(*[Candidate(programme=programme_id, member_id=mid, role=data.role) for mid in new])
        await activity.record(
            "pairing.candidates.added", f"programme:{programme_id}", {data.role + "s": len(new)}, actor
        )
    return AddedOut(added=len(new), already=len(matched) - len(new))


async def _candidates_out(programme: dict[str, Any], member_ids: list[int]) -> list[CandidateOut]:
    c = _conn()
    rows = await c.fetch(
        "SELECT * FROM pairing_candidate WHERE programme = $1 AND member_id = ANY($2::int[]) ORDER BY id",
        programme["id"],
        member_ids,
    )
    members = await orgs.get_members([r["member_id"] for r in rows])
    partners: dict[int, list[int]] = {}
    for a in await c.fetch(
        "SELECT master_member_id, apprentice_member_id FROM pairing_agreement WHERE programme = $1 "
        "AND status IN ('active', 'completed') AND (master_member_id = ANY($2::int[]) "
        "OR apprentice_member_id = ANY($2::int[]))",
        programme["id"],
        member_ids,
    ):
        partners.setdefault(a["master_member_id"], []).append(a["apprentice_member_id"])
        partners.setdefault(a["apprentice_member_id"], []).append(a["master_member_id"])
    out = []
    for r in rows:
        m = members.get(r["member_id"])
        note = (
            "" if m and _active(m) else ("会员记录已删除 / member record deleted" if m is None else "已离会 / has left")
        )
        master = r["role"] == "master"
        out.append(
            CandidateOut(
                member_id=r["member_id"],
                role=r["role"],
                name=m.name if m else "?",
                trade=m.trade if m else None,
                level=m.level if m else None,
                org_id=m.org_id if m else None,
                capacity=(r["capacity"] if r["capacity"] is not None else programme["default_capacity"])
                if master
                else None,
                own_capacity=r["capacity"],
                preferences=json.loads(r["preferences"])
                if isinstance(r["preferences"], str)
                else list(r["preferences"] or []),
                placed=len(partners.get(r["member_id"], [])),
                partner_ids=partners.get(r["member_id"], []),
                note=note,
            )
        )
    return out


async def list_candidates(
    programme_id: int, *, role: str | None = None, limit: int = 100, cursor: str | None = None, actor: Actor = SYSTEM
) -> Page[CandidateOut]:
    programme = await _programme_row(programme_id)
    await _may_act(programme["scope_org_id"], actor)
    check_limit(limit)
    if role is not None and role not in ROLES:
        raise invalid("role", "应为 master 或 apprentice / must be master or apprentice")
    args: list[Any] = [programme_id]
    where = ["programme = $1"]
    if role:
        args.append(role)
        where.append(f"role = ${len(args)}")
    after = decode_cursor(cursor)
    if after is not None:
        args.append(after)
        where.append(f"id > ${len(args)}")
    args.append(limit + 1)
    rows = await _conn().fetch(
        f"SELECT id, member_id FROM pairing_candidate WHERE {' AND '.join(where)} ORDER BY id LIMIT ${len(args)}", *args
    )
    page = rows[:limit]
    items = await _candidates_out(programme, [r["member_id"] for r in page])
    return Page(items=items, next_cursor=encode_cursor(page[-1]["id"]) if len(rows) > limit else None)


async def _candidate(programme_id: int, member_id: int) -> dict[str, Any]:
    row = await _conn().fetchrow(
        "SELECT * FROM pairing_candidate WHERE programme = $1 AND member_id = $2", programme_id, member_id
    )
    if row is None:
        raise NotFound(
            "candidate", member_id, detail=f"member {member_id} is not a candidate of programme {programme_id}"
        )
    return dict(row)


async def update_candidate(
    programme_id: int, member_id: int, patch: CandidatePatch, actor: Actor = SYSTEM
) -> CandidateOut:
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    cand = await _candidate(programme_id, member_id)
    errors: list[FieldError] = []
    values: dict[Any, Any] = {}
    if patch.clear_capacity or patch.capacity is not None:
        if cand["role"] != "master":
            errors.append(FieldError("capacity", "只有师傅有带徒名额 / only masters have a capacity"))
        elif patch.capacity is not None and not 0 <= patch.capacity <= MAX_CAPACITY:
            errors.append(FieldError("capacity", f"应为0-{MAX_CAPACITY} / must be 0-{MAX_CAPACITY}"))
        else:
            values[Candidate.capacity] = None if patch.clear_capacity else patch.capacity
    if patch.preferences is not None:
        masters = {
            r["member_id"]
            for r in await _conn().fetch(
                "SELECT member_id FROM pairing_candidate WHERE programme = $1 AND role = 'master'", programme_id
            )
        }
        if cand["role"] != "apprentice":
            errors.append(FieldError("preferences", "只有徒弟可填志愿 / only apprentices rank masters"))
        elif len(set(patch.preferences)) != len(patch.preferences):
            errors.append(FieldError("preferences", "志愿重复 / a master is listed twice"))
        elif not set(patch.preferences) <= masters:
            errors.append(FieldError("preferences", "志愿须为本项目的师傅 / must be masters of this programme"))
        else:
            values[Candidate.preferences] = list(patch.preferences)
    if errors:
        raise InvalidInput(errors)
    if values:
        await Candidate.update(values).where(Candidate.id == cand["id"])
        await activity.record("pairing.candidate.updated", f"programme:{programme_id}", {"member_id": member_id}, actor)
    return (await _candidates_out(programme, [member_id]))[0]


async def remove_candidate(programme_id: int, member_id: int, actor: Actor = SYSTEM) -> None:
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    cand = await _candidate(programme_id, member_id)
    c = _conn()
    live = await c.fetchval(
        "SELECT id FROM pairing_agreement WHERE programme = $1 AND status = 'active' "
        "AND (master_member_id = $2 OR apprentice_member_id = $2) LIMIT 1",
        programme_id,
        member_id,
    )
    if live is not None:
        raise Conflict(f"member {member_id} is in active agreement {live}; end it first", code="candidate_in_agreement")
    await c.execute(
        "DELETE FROM pairing_pair_rule WHERE programme = $1 AND (master_member_id = $2 OR apprentice_member_id = $2)",
        programme_id,
        member_id,
    )
    await c.execute("DELETE FROM pairing_candidate WHERE id = $1", cand["id"])
    if cand["role"] == "master":  # drop the master from apprentices' preference lists
        await c.execute(
            """UPDATE pairing_candidate SET preferences = (
                 SELECT coalesce(jsonb_agg(p), '[]'::jsonb) FROM jsonb_array_elements(preferences) p
                 WHERE p <> to_jsonb($2::int))
               WHERE programme = $1 AND preferences @> to_jsonb(ARRAY[$2::int])""",
            programme_id,
            member_id,
        )
    await activity.record("pairing.candidate.removed", f"programme:{programme_id}", {"member_id": member_id}, actor)


# --- locks and forbids -------------------------------------------------------------------------


async def list_rules(programme_id: int, actor: Actor = SYSTEM) -> list[PairRuleOut]:
    await _may_act((await _programme_row(programme_id))["scope_org_id"], actor)
    rows = (
        await PairRule.select(
            PairRule.id,
            PairRule.kind,
            PairRule.master_member_id,
            PairRule.apprentice_member_id,
            PairRule.note,
            PairRule.created_by,
            PairRule.created_at,
        )
        .where(PairRule.programme == programme_id)
        .order_by(PairRule.id)
    )
    return [PairRuleOut(**r) for r in rows]


async def _pair_candidates(programme: dict[str, Any], data: PairRuleIn) -> tuple[orgs.MemberOut, orgs.MemberOut]:
    c = _conn()
    roles = {
        r["member_id"]: r["role"]
        for r in await c.fetch(
            "SELECT member_id, role FROM pairing_candidate WHERE programme = $1 AND member_id = ANY($2::int[])",
            programme["id"],
            [data.master_member_id, data.apprentice_member_id],
        )
    }
    errors = []
    if roles.get(data.master_member_id) != "master":
        errors.append(FieldError("master_member_id", "不是本项目的师傅 / is not a master of this programme"))
    if roles.get(data.apprentice_member_id) != "apprentice":
        errors.append(FieldError("apprentice_member_id", "不是本项目的徒弟 / is not an apprentice of this programme"))
    if len(data.note) > 2000:
        errors.append(FieldError("note", "不超过2000字 / at most 2000 characters"))
    if errors:
        raise InvalidInput(errors)
    members = await orgs.get_members([data.master_member_id, data.apprentice_member_id])
    if len(members) < 2:
        raise RuleViolation("a member record of this pair no longer exists", code="member_missing")
    return members[data.master_member_id], members[data.apprentice_member_id]


async def lock_pair(programme_id: int, data: PairRuleIn, actor: Actor = SYSTEM) -> PairRuleOut:
    """Fix a pair before proposing; it must be allowed by the programme's rules and fit the master's capacity."""
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    master, apprentice = await _pair_candidates(programme, data)
    c = _conn()
    existing = await c.fetchrow(
        "SELECT kind, master_member_id FROM pairing_pair_rule WHERE programme = $1 AND apprentice_member_id = $2 "
        "AND (master_member_id = $3 OR kind = 'lock')",
        programme_id,
        data.apprentice_member_id,
        data.master_member_id,
    )
    if existing is not None:
        if existing["master_member_id"] == data.master_member_id:
            raise Conflict(
                f"this pair is already {'locked' if existing['kind'] == 'lock' else 'forbidden'}",
                code=f"pair_already_{'locked' if existing['kind'] == 'lock' else 'forbidden'}",
            )
        raise Conflict(
            f"apprentice {data.apprentice_member_id} is already locked to master {existing['master_member_id']}",
            code="apprentice_already_locked",
        )
    agreed = await c.fetchval(
        "SELECT master_member_id FROM pairing_agreement WHERE programme = $1 AND "
        "apprentice_member_id = $2 AND status IN ('active', 'completed')",
        programme_id,
        data.apprentice_member_id,
    )
    if agreed is not None:
        raise Conflict(
            f"apprentice {data.apprentice_member_id} already has an agreement with master {agreed}",
            code="apprentice_has_agreement",
        )
    rules = await _rules(programme)
    compat = solver.compatibility(rules)
    if solver.trade_relation(rules, compat, master.trade, apprentice.trade) == "none":
        raise RuleViolation(
            f"trades do not match: master {master.trade or '—'}, apprentice {apprentice.trade or '—'}",
            code="pair_ineligible",
        )
    if not solver.level_gap_ok(rules, master.level, apprentice.level):
        raise RuleViolation(
            f"the level gap is less than the programme's minimum of {rules.min_level_gap}", code="pair_ineligible"
        )
    capacity = await _capacity_of(programme, data.master_member_id)
    taken = await c.fetchval(
        """SELECT (SELECT count(*) FROM pairing_pair_rule WHERE programme = $1 AND master_member_id = $2
                     AND kind = 'lock')
                + (SELECT count(*) FROM pairing_agreement WHERE programme = $1 AND master_member_id = $2
                     AND status IN ('active', 'completed'))""",
        programme_id,
        data.master_member_id,
    )
    if taken >= capacity:
        raise RuleViolation(
            f"master {data.master_member_id} has no place left (capacity {capacity})", code="master_full"
        )
    return await _add_rule(programme_id, "lock", data, actor)


async def forbid_pair(programme_id: int, data: PairRuleIn, actor: Actor = SYSTEM) -> PairRuleOut:
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    await _pair_candidates(programme, data)
    c = _conn()
    kind = await c.fetchval(
        "SELECT kind FROM pairing_pair_rule WHERE programme = $1 AND master_member_id = $2 "
        "AND apprentice_member_id = $3",
        programme_id,
        data.master_member_id,
        data.apprentice_member_id,
    )
    if kind is not None:
        raise Conflict(
            f"this pair is already {'locked' if kind == 'lock' else 'forbidden'}",
            code=f"pair_already_{'locked' if kind == 'lock' else 'forbidden'}",
        )
    agreed = await c.fetchval(
        "SELECT id FROM pairing_agreement WHERE programme = $1 AND master_member_id = $2 AND "
        "apprentice_member_id = $3 AND status = 'active'",
        programme_id,
        data.master_member_id,
        data.apprentice_member_id,
    )
    if agreed is not None:
        raise Conflict(f"this pair has active agreement {agreed}; end it early instead", code="pair_has_agreement")
    return await _add_rule(programme_id, "forbid", data, actor)


async def _add_rule(programme_id: int, kind: str, data: PairRuleIn, actor: Actor) -> PairRuleOut:
    row = await PairRule.insert(
        PairRule(
            programme=programme_id,
            kind=kind,
            master_member_id=data.master_member_id,
            apprentice_member_id=data.apprentice_member_id,
            note=data.note.strip(),
            created_by=actor.name,
        )
    ).returning(PairRule.id)
    await activity.record(
        f"pairing.pair.{kind}",
        f"programme:{programme_id}",
        {"master": data.master_member_id, "apprentice": data.apprentice_member_id},
        actor,
    )
    return next(r for r in await list_rules(programme_id) if r.id == row[0]["id"])


async def remove_rule(programme_id: int, rule_id: int, actor: Actor = SYSTEM) -> None:
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    deleted = await _conn().fetchval(
        "DELETE FROM pairing_pair_rule WHERE id = $1 AND programme = $2 RETURNING id", rule_id, programme_id
    )
    if deleted is None:
        raise NotFound("rule", rule_id)
    await activity.record("pairing.pair.rule_removed", f"programme:{programme_id}", {"rule": rule_id}, actor)


# --- gathering the problem ------------------------------------------------------------------------


async def _rules(programme: dict[str, Any]) -> solver.Rules:
    pairs = [(t.trade_a, t.trade_b) for t in await compatible_trades()]
    return solver.Rules(
        same_trade_required=programme["same_trade_required"],
        compatible_trades=tuple(pairs),
        same_enterprise_preferred=programme["same_enterprise_preferred"],
        min_level_gap=programme["min_level_gap"],
    )


async def _capacity_of(programme: dict[str, Any], master_id: int) -> int:
    own = await _conn().fetchval(
        "SELECT capacity FROM pairing_candidate WHERE programme = $1 AND member_id = $2", programme["id"], master_id
    )
    return programme["default_capacity"] if own is None else own


class _Gathered(msgspec.Struct):
    problem: Any
    members: dict[int, Any]
    agreements: dict[int, int]  # apprentice member id → agreement id (live)
    warnings: list[ReasonOut]
    fingerprint: str


async def _gather(programme: dict[str, Any]) -> _Gathered:
    """Everything the solver needs, as plain data, plus a fingerprint of it."""
    c = _conn()
    pid = programme["id"]
    cands = await c.fetch(
        "SELECT member_id, role, capacity, preferences FROM pairing_candidate WHERE programme = $1 ORDER BY id", pid
    )
    members = await orgs.get_members([r["member_id"] for r in cands])
    scope_ids = await orgs.subtree_ids(programme["scope_org_id"])
    scope = set(scope_ids)
    tree = {
        o.id: (o.parent_id if o.id != programme["scope_org_id"] else None)
        for o in (await orgs.get_orgs(scope_ids)).values()
    }
    warnings: list[ReasonOut] = []
    masters: list[solver.MasterIn] = []
    apprentices: list[solver.ApprenticeIn] = []
    taking_part: set[int] = set()
    for r in cands:
        m = members.get(r["member_id"])
        if m is None or not _active(m) or m.org_id not in scope:
            why = (
                ("会员记录已删除", "the member record was deleted")
                if m is None
                else (
                    ("已离会", "has left")
                    if not _active(m)
                    else ("已调出项目范围", "moved out of the programme's scope")
                )
            )
            warnings.append(
                ReasonOut(
                    "candidate_skipped",
                    f"会员 #{r['member_id']} {why[0]}，未参与配对",
                    f"member #{r['member_id']} {why[1]}; left out of the pairing",
                )
            )
            continue
        taking_part.add(m.id)
        if r["role"] == "master":
            masters.append(
                solver.MasterIn(
                    m.id,
                    m.trade,
                    m.level,
                    m.org_id,
                    programme["default_capacity"] if r["capacity"] is None else r["capacity"],
                )
            )
        else:
            prefs = r["preferences"]
            prefs = json.loads(prefs) if isinstance(prefs, str) else list(prefs or [])
            apprentices.append(solver.ApprenticeIn(m.id, m.trade, m.level, m.org_id, tuple(prefs)))
    rules_rows = await c.fetch(
        "SELECT kind, master_member_id, apprentice_member_id FROM pairing_pair_rule WHERE programme = $1 ORDER BY id",
        pid,
    )
    agreement_rows = await c.fetch(
        "SELECT id, master_member_id, apprentice_member_id FROM pairing_agreement WHERE programme = $1 "
        "AND status IN ('active', 'completed') ORDER BY id",
        pid,
    )
    locks: dict[int, int] = {}
    agreements: dict[int, int] = {}
    for a in agreement_rows:
        if a["master_member_id"] in taking_part and a["apprentice_member_id"] in taking_part:
            locks[a["apprentice_member_id"]] = a["master_member_id"]
            agreements[a["apprentice_member_id"]] = a["id"]
    forbidden: list[tuple[int, int]] = []
    for r in rules_rows:
        pair = (r["master_member_id"], r["apprentice_member_id"])
        if not set(pair) <= taking_part:
            continue
        if r["kind"] == "lock":
            if pair[1] in locks and locks[pair[1]] != pair[0]:
                warnings.append(
                    ReasonOut(
                        "lock_superseded",
                        f"徒弟 #{pair[1]} 已签师徒协议，锁定不再生效",
                        f"apprentice #{pair[1]} already has an agreement; the lock is ignored",
                    )
                )
                continue
            locks[pair[1]] = pair[0]
        elif pair[1] not in agreements or locks.get(pair[1]) != pair[0]:
            forbidden.append(pair)
    problem = solver.Problem(
        masters=masters,
        apprentices=apprentices,
        rules=await _rules(programme),
        org_parent=tree,
        locks=[(m, a) for a, m in locks.items()],
        forbidden=forbidden,
    )
    digest = hashlib.sha256(
        json.dumps(
            [
                [(m.id, m.trade, m.level, m.org_id, m.capacity) for m in masters],
                [(a.id, a.trade, a.level, a.org_id, list(a.preferences)) for a in apprentices],
                sorted(problem.locks),
                sorted(forbidden),
                sorted(map(list, problem.rules.compatible_trades)),
                [
                    problem.rules.same_trade_required,
                    problem.rules.same_enterprise_preferred,
                    problem.rules.min_level_gap,
                ],
                sorted(tree.items(), key=lambda kv: kv[0]),
            ],
            ensure_ascii=False,
            default=str,
        ).encode()
    ).hexdigest()
    return _Gathered(problem, members, agreements, warnings, digest)


def _reasons(reasons: Iterable[solver.Reason]) -> list[ReasonOut]:
    return [ReasonOut(r.code, r.zh, r.en) for r in reasons]


def _proposal_body(programme: dict[str, Any], g: _Gathered, solution: solver.Solution) -> dict[str, Any]:
    members = g.members
    name = lambda mid: members[mid].name if mid in members else "?"  # noqa: E731
    pairs = []
    for p in solution.pairs:
        m, a = members[p.master_id], members[p.apprentice_id]
        agreement = g.agreements.get(a.id)
        reasons = _reasons(p.reasons)
        if agreement is not None:  # kept because it is agreed, not because an officer locked it
            reasons = [ReasonOut("agreed", f"已签师徒协议 #{agreement}", f"agreement #{agreement} is in force")] + [
                r for r in reasons if r.code != "locked"
            ]
        pairs.append(
            ProposedPair(
                master_member_id=m.id,
                master_name=m.name,
                apprentice_member_id=a.id,
                apprentice_name=a.name,
                master_trade=m.trade,
                apprentice_trade=a.trade,
                master_level=m.level,
                apprentice_level=a.level,
                master_org_id=m.org_id,
                apprentice_org_id=a.org_id,
                cost=p.cost,
                locked=p.locked and agreement is None,
                agreement_id=agreement,
                reasons=reasons,
            )
        )
    unpaired = []
    for u in solution.unpaired:
        a = members[u.apprentice_id]
        unpaired.append(
            UnpairedApprentice(
                apprentice_member_id=a.id,
                name=a.name,
                trade=a.trade,
                level=a.level,
                org_id=a.org_id,
                code=u.code,
                eligible_masters=u.eligible_masters,
                reasons=_reasons(u.reasons),
            )
        )
    loads = [
        MasterLoadOut(
            master_member_id=ml.master_id,
            name=name(ml.master_id),
            trade=members[ml.master_id].trade if ml.master_id in members else None,
            capacity=ml.capacity,
            used=ml.used,
        )
        for ml in solution.masters
    ]
    summary = ProposalSummary(
        pairs=len(pairs),
        new_pairs=sum(1 for p in pairs if p.agreement_id is None),
        unpaired=len(unpaired),
        masters=len(g.problem.masters),
        apprentices=len(g.problem.apprentices),
        target_pairs=programme["target_pairs"],
        cost=solution.cost,
        blocking_pairs=solution.blocking_pairs,
        optimal=solution.optimal,
        solve_ms=round(solution.solve_seconds * 1000),
        idle_masters=sum(1 for ml in solution.masters if ml.used == 0),
    )
    return {
        "summary": summary,
        "pairs": pairs,
        "unpaired": unpaired,
        "masters": loads,
        "warnings": g.warnings + _reasons(solution.warnings),
    }


async def propose(programme_id: int, actor: Actor = SYSTEM) -> ProposalOut:
    """Solve the programme now: the most pairs, then the least cost; stored as the open proposal."""
    programme = await _programme_row(programme_id, for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    gathered = await _gather(programme)
    # The solver is CPU work; keep the event loop free while it runs.
    try:
        solution = await asyncio.to_thread(solver.solve, gathered.problem)
    except solver.ProblemError as exc:  # the records contradict themselves; say so rather than fail
        raise RuleViolation(f"the programme's records are inconsistent: {exc}", code="pairing_inconsistent") from exc
    body = _proposal_body(programme, gathered, solution)
    c = _conn()
    await c.execute(
        "UPDATE pairing_proposal SET status = 'superseded' WHERE programme = $1 AND status = 'open'", programme_id
    )
    s: ProposalSummary = body["summary"]
    row = await Proposal.insert(
        Proposal(
            programme=programme_id,
            status="open",
            fingerprint=gathered.fingerprint,
            pairs=s.pairs,
            new_pairs=s.new_pairs,
            unpaired=s.unpaired,
            cost=s.cost,
            blocking_pairs=s.blocking_pairs,
            result=msgspec.json.decode(msgspec.json.encode(body)),
            created_by=actor.name,
        )
    ).returning(Proposal.id)
    proposal_id = row[0]["id"]
    await activity.record(
        "pairing.proposed",
        f"programme:{programme_id}",
        {"proposal": proposal_id, "pairs": s.pairs, "unpaired": s.unpaired, "cost": s.cost},
        actor,
    )
    return await get_proposal(proposal_id)


def _proposal_out(row: dict[str, Any]) -> ProposalOut:
    result = row["result"]
    result = json.loads(result) if isinstance(result, str) else result
    return msgspec.convert(
        {
            "id": row["id"],
            "programme_id": row["programme"],
            "status": row["status"],
            "created_at": row["created_at"],
            "created_by": row["created_by"],
            "accepted_at": row["accepted_at"],
            **result,
        },
        ProposalOut,
    )


async def get_proposal(proposal_id: int, actor: Actor = SYSTEM) -> ProposalOut:
    row = await _conn().fetchrow("SELECT * FROM pairing_proposal WHERE id = $1", proposal_id)
    if row is None:
        raise NotFound("proposal", proposal_id)
    await _may_act((await _programme_row(row["programme"]))["scope_org_id"], actor)
    return _proposal_out(dict(row))


async def latest_proposal(programme_id: int, actor: Actor = SYSTEM) -> ProposalOut:
    await _may_act((await _programme_row(programme_id))["scope_org_id"], actor)
    row = await _conn().fetchrow(
        "SELECT * FROM pairing_proposal WHERE programme = $1 ORDER BY id DESC LIMIT 1", programme_id
    )
    if row is None:
        raise NotFound(
            "proposal", detail=f"programme {programme_id} has no proposal yet; propose first", code="proposal_not_found"
        )
    return _proposal_out(dict(row))


async def list_proposals(
    programme_id: int, *, limit: int = 50, cursor: str | None = None, actor: Actor = SYSTEM
) -> Page[ProposalBrief]:
    """The programme's proposals, newest first, without their pair lists."""
    await _may_act((await _programme_row(programme_id))["scope_org_id"], actor)
    check_limit(limit)
    args: list[Any] = [programme_id]
    where = "programme = $1"
    after = decode_cursor(cursor)
    if after is not None:
        args.append(after)
        where += f" AND id < ${len(args)}"
    args.append(limit + 1)
    rows = await _conn().fetch(
        f"SELECT id, status, created_at, created_by, accepted_at, pairs, new_pairs, unpaired, cost, blocking_pairs "
        f"FROM pairing_proposal WHERE {where} ORDER BY id DESC LIMIT ${len(args)}",
        *args,
    )
    items = [ProposalBrief(**dict(r)) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if len(rows) > limit else None)


async def accept(proposal_id: int, data: AcceptIn | None = None, actor: Actor = SYSTEM) -> AcceptOut:
    """Turn a proposal's new pairs into agreements (师徒协议), all in one transaction.

    Refused if the proposal is not the open one, or if anything it was computed
    from has changed since (then propose again)."""
    data = data or AcceptIn()
    row = await _conn().fetchrow("SELECT * FROM pairing_proposal WHERE id = $1", proposal_id)
    if row is None:
        raise NotFound("proposal", proposal_id)
    programme = await _programme_row(row["programme"], for_update=True)
    await _may_act(programme["scope_org_id"], actor)
    row = await _conn().fetchrow("SELECT * FROM pairing_proposal WHERE id = $1", proposal_id)  # after the lock
    if row["status"] != "open":
        raise Conflict(
            f"proposal {proposal_id} is {row['status']}; only the open proposal can be accepted",
            code=f"proposal_{row['status']}",
        )
    gathered = await _gather(programme)
    if gathered.fingerprint != row["fingerprint"]:
        raise Conflict(
            "candidates, rules or agreements changed since this proposal; propose again", code="proposal_stale"
        )
    proposal = _proposal_out(dict(row))
    new = [p for p in proposal.pairs if p.agreement_id is None]
    if data.apprentice_member_ids is not None:
        wanted = set(data.apprentice_member_ids)
        unknown = wanted - {p.apprentice_member_id for p in new}
        if unknown:
            raise invalid(
                "apprentice_member_ids",
                f"不在本方案的新配对中 / not among the proposal's new pairs: {sorted(unknown)[:10]}",
            )
        new = [p for p in new if p.apprentice_member_id in wanted]
    goals = data.goals.strip()
    if len(goals) > 4000:
        raise invalid("goals", "不超过4000字 / at most 4000 characters")
    ids: list[int] = []
    if new:
        inserted = await Agreement.insert(
            *[
                Agreement(
                    programme=programme["id"],
                    proposal=proposal_id,
                    master_member_id=p.master_member_id,
                    apprentice_member_id=p.apprentice_member_id,
                    term_start=programme["term_start"],
                    term_end=programme["term_end"],
                    goals=goals,
                    status="active",
                    level_before=p.apprentice_level,
                )
                for p in new
            ]
        ).returning(Agreement.id)
        ids = [r["id"] for r in inserted]
    if data.apprentice_member_ids is None or len(new) == proposal.summary.new_pairs:
        await Proposal.update({Proposal.status: "accepted", Proposal.accepted_at: dt.datetime.now(dt.UTC)}).where(
            Proposal.id == proposal_id
        )
    else:
        # Part of it was taken: the rest no longer matches what is agreed, so it closes.
        await Proposal.update({Proposal.status: "superseded"}).where(Proposal.id == proposal_id)
    await activity.record(
        "pairing.accepted", f"programme:{programme['id']}", {"proposal": proposal_id, "agreements": len(ids)}, actor
    )
    return AcceptOut(proposal_id=proposal_id, agreements_created=len(ids), agreement_ids=ids)


# --- agreements ---------------------------------------------------------------------------------------


async def _agreements_out(rows: list[dict[str, Any]], *, with_notes: bool = False) -> list[AgreementOut]:
    ids = {r["master_member_id"] for r in rows} | {r["apprentice_member_id"] for r in rows}
    members = await orgs.get_members(sorted(ids))
    notes: dict[int, list[NoteOut]] = {}
    if with_notes and rows:
        for n in await _conn().fetch(
            "SELECT id, agreement, noted_on, text, author FROM pairing_progress_note "
            "WHERE agreement = ANY($1::int[]) ORDER BY noted_on, id",
            [r["id"] for r in rows],
        ):
            notes.setdefault(n["agreement"], []).append(NoteOut(n["id"], n["noted_on"], n["text"], n["author"]))
    out = []
    for r in rows:
        before, after = r["level_before"], r["level_after"]
        out.append(
            AgreementOut(
                id=r["id"],
                programme_id=r["programme"],
                proposal_id=r["proposal"],
                master_member_id=r["master_member_id"],
                apprentice_member_id=r["apprentice_member_id"],
                master_name=members[r["master_member_id"]].name if r["master_member_id"] in members else "?",
                apprentice_name=members[r["apprentice_member_id"]].name
                if r["apprentice_member_id"] in members
                else "?",
                term_start=r["term_start"],
                term_end=r["term_end"],
                goals=r["goals"],
                status=r["status"],
                ended_on=r["ended_on"],
                end_reason=r["end_reason"],
                level_before=before,
                level_after=after,
                level_raised=_raised(before, after),
                competition_result=r["competition_result"],
                innovation=r["innovation"],
                outcome_note=r["outcome_note"],
                notes=notes.get(r["id"], []),
            )
        )
    return out


def _raised(before: int | None, after: int | None) -> bool:
    return after is not None and (before is None or after < before)


async def _agreement_row(agreement_id: int, *, for_update: bool = False) -> dict[str, Any]:
    row = await _conn().fetchrow(
        "SELECT * FROM pairing_agreement WHERE id = $1" + (" FOR UPDATE" if for_update else ""), agreement_id
    )
    if row is None:
        raise NotFound("agreement", agreement_id)
    return dict(row)


async def get_agreement(agreement_id: int, actor: Actor = SYSTEM) -> AgreementOut:
    row = await _agreement_row(agreement_id)
    await _may_act((await _programme_row(row["programme"]))["scope_org_id"], actor)
    return (await _agreements_out([row], with_notes=True))[0]


async def list_agreements(
    *,
    programme_id: int | None = None,
    status: str | None = None,
    member_id: int | None = None,
    within: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[AgreementOut]:
    check_limit(limit)
    if status is not None and status not in ("active", "completed", "ended_early"):
        raise invalid("status", "应为 active、completed 或 ended_early / must be active, completed or ended_early")
    where, args = ["TRUE"], []

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    if programme_id is not None:
        where.append(f"a.programme = {arg(programme_id)}")
    if status is not None:
        where.append(f"a.status = {arg(status)}")
    if member_id is not None:
        p = arg(member_id)
        where.append(f"(a.master_member_id = {p} OR a.apprentice_member_id = {p})")
    if within is not None:
        where.append(f"p.scope_org_id = ANY({arg(await orgs.subtree_ids(within))}::int[])")
    after = decode_cursor(cursor)
    if after is not None:
        where.append(f"a.id > {arg(after)}")
    rows = await _conn().fetch(
        f"SELECT a.* FROM pairing_agreement a JOIN pairing_programme p ON p.id = a.programme "
        f"WHERE {' AND '.join(where)} ORDER BY a.id LIMIT {arg(limit + 1)}",
        *args,
    )
    items = await _agreements_out([dict(r) for r in rows[:limit]])
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if len(rows) > limit else None)


async def _agreement_for_change(agreement_id: int, actor: Actor) -> dict[str, Any]:
    row = await _agreement_row(agreement_id, for_update=True)
    programme = await _programme_row(row["programme"])
    await _may_act(programme["scope_org_id"], actor)
    return row


async def update_agreement(agreement_id: int, patch: AgreementPatch, actor: Actor = SYSTEM) -> AgreementOut:
    row = await _agreement_for_change(agreement_id, actor)
    if row["status"] != "active":
        raise Conflict(f"agreement {agreement_id} is {row['status']}", code="agreement_closed")
    errors: list[FieldError] = []
    values: dict[Any, Any] = {}
    if patch.goals is not None:
        values[Agreement.goals] = _text(patch.goals, "goals", errors, limit=4000)
    if patch.term_end is not None:
        if patch.term_end < row["term_start"]:
            errors.append(FieldError("term_end", "结束日期早于开始日期 / is before the start"))
        values[Agreement.term_end] = patch.term_end
    if errors:
        raise InvalidInput(errors)
    if values:
        await Agreement.update(values).where(Agreement.id == agreement_id)
        await activity.record("pairing.agreement.updated", f"agreement:{agreement_id}", {}, actor)
    return await get_agreement(agreement_id)


async def add_note(agreement_id: int, data: NoteIn, actor: Actor = SYSTEM) -> AgreementOut:
    row = await _agreement_for_change(agreement_id, actor)
    errors: list[FieldError] = []
    text = _text(data.text, "text", errors, required=True, limit=4000)
    noted_on = data.noted_on or today()
    if noted_on < row["term_start"]:
        errors.append(FieldError("noted_on", "早于协议开始 / is before the agreement started"))
    if noted_on > today():
        errors.append(FieldError("noted_on", "不能晚于今天 / cannot be in the future"))
    if errors:
        raise InvalidInput(errors)
    await ProgressNote.insert(ProgressNote(agreement=agreement_id, noted_on=noted_on, text=text, author=actor.name))
    await activity.record("pairing.agreement.note", f"agreement:{agreement_id}", {}, actor)
    return await get_agreement(agreement_id)


async def record_outcome(agreement_id: int, data: OutcomeIn, actor: Actor = SYSTEM) -> AgreementOut:
    """Close an agreement with its result: the level reached, a competition result, a 五小 innovation."""
    row = await _agreement_for_change(agreement_id, actor)
    if row["status"] == "ended_early":
        raise Conflict(f"agreement {agreement_id} ended early", code="agreement_closed")
    errors: list[FieldError] = []
    if data.level_after is not None and data.level_after not in solver.LEVELS:
        errors.append(FieldError("level_after", "职业资格等级应为1(高级技师)至5(初级工) / must be 1 to 5"))
    competition = _text(data.competition_result, "competition_result", errors)
    innovation = _text(data.innovation, "innovation", errors)
    note = _text(data.note, "note", errors, limit=4000)
    if data.level_after is None and not (competition or innovation or note):
        errors.append(FieldError("level_after", "请填写至少一项成果 / give at least one result"))
    completed_on = data.completed_on or today()
    if completed_on > today():
        errors.append(FieldError("completed_on", "不能晚于今天 / cannot be in the future"))
    if errors:
        raise InvalidInput(errors)
    await Agreement.update(
        {
            Agreement.status: "completed",
            Agreement.level_after: data.level_after,
            Agreement.competition_result: competition,
            Agreement.innovation: innovation,
            Agreement.outcome_note: note,
            Agreement.ended_on: completed_on,
        }
    ).where(Agreement.id == agreement_id)
    raised = _raised(row["level_before"], data.level_after)
    if raised:  # the apprentice's qualification (级别提升) lives in orgs: same transaction, never lowered
        await orgs.raise_member_level(
            row["apprentice_member_id"],
            data.level_after,
            on=completed_on,
            reason=_level_reason(agreement_id),
            actor=actor,
        )
    await activity.record(
        "pairing.agreement.outcome",
        f"agreement:{agreement_id}",
        {"level_raised": raised, "competition": bool(competition), "innovation": bool(innovation)},
        actor,
    )
    return await get_agreement(agreement_id)


def _level_reason(agreement_id: int) -> str:
    return f"名师带高徒 师徒协议 #{agreement_id} 成果 / master-apprentice agreement #{agreement_id} outcome"


async def end_early(agreement_id: int, data: EndIn, actor: Actor = SYSTEM) -> AgreementOut:
    """End an agreement before its term; the reason is required. The apprentice may be paired again."""
    row = await _agreement_for_change(agreement_id, actor)
    if row["status"] != "active":
        raise Conflict(f"agreement {agreement_id} is {row['status']}", code="agreement_closed")
    errors: list[FieldError] = []
    reason = _text(data.reason, "reason", errors, required=True, limit=2000)
    ended_on = data.ended_on or today()
    if ended_on < row["term_start"]:
        errors.append(FieldError("ended_on", "早于协议开始 / is before the agreement started"))
    if errors:
        raise InvalidInput(errors)
    await Agreement.update(
        {Agreement.status: "ended_early", Agreement.ended_on: ended_on, Agreement.end_reason: reason}
    ).where(Agreement.id == agreement_id)
    await activity.record("pairing.agreement.ended_early", f"agreement:{agreement_id}", {"reason": reason}, actor)
    return await get_agreement(agreement_id)


# --- report ------------------------------------------------------------------------------------------


async def report(query: ReportQuery) -> Figures:
    """The year's programmes (optionally those scoped inside an org's subtree), from the records."""
    c = _conn()
    args: list[Any] = [query.year]
    where = "p.year = $1"
    if query.org is not None:
        args.append(await orgs.subtree_ids(query.org, query.as_of))
        where += " AND p.scope_org_id = ANY($2::int[])"
    row = await c.fetchrow(
        f"""WITH p AS (SELECT * FROM pairing_programme p WHERE {where}),
                 a AS (SELECT a.* FROM pairing_agreement a JOIN p ON p.id = a.programme)
            SELECT (SELECT count(*) FROM p)::int AS programmes,
                   (SELECT count(DISTINCT member_id) FROM pairing_candidate c JOIN p ON p.id = c.programme
                      WHERE c.role = 'master')::int AS masters,
                   (SELECT count(DISTINCT member_id) FROM pairing_candidate c JOIN p ON p.id = c.programme
                      WHERE c.role = 'apprentice')::int AS apprentices,
                   (SELECT coalesce(sum(target_pairs), 0) FROM p)::int AS target_pairs,
                   (SELECT count(*) FROM a)::int AS pairs,
                   (SELECT count(*) FROM a WHERE status = 'active')::int AS active,
                   (SELECT count(*) FROM a WHERE status = 'completed')::int AS completed,
                   (SELECT count(*) FROM a WHERE status = 'ended_early')::int AS ended_early,
                   (SELECT count(*) FROM a WHERE level_after IS NOT NULL
                      AND (level_before IS NULL OR level_after < level_before))::int AS levels_raised,
                   (SELECT count(*) FROM a WHERE competition_result <> '')::int AS competition_results,
                   (SELECT count(*) FROM a WHERE innovation <> '')::int AS innovations,
                   -- each programme's latest accepted proposal: how far from stable the optimum was
                   (SELECT coalesce(sum(blocking_pairs), 0) FROM (
                      SELECT DISTINCT ON (pp.programme) pp.blocking_pairs FROM pairing_proposal pp
                      JOIN p ON p.id = pp.programme WHERE pp.status = 'accepted'
                      ORDER BY pp.programme, pp.id DESC) latest)::int AS blocking_pairs""",
        *args,
    )
    figures: Figures = dict(row)
    figures["target_reached"] = 1 if figures["target_pairs"] and figures["pairs"] >= figures["target_pairs"] else 0
    return figures
