"""The pairing service's Structs: what its functions take and return (the API's bodies)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from server.infra.types import LEVEL_MAX, LEVEL_MIN, Code, Id, Level, Name, Text, Year
from server.modules.pairing.service.common import MAX_CAPACITY, MAX_TARGET_PAIRS

Ids = Annotated[list[Id], Meta(max_length=10_000)]
Trade = Annotated[str, Meta(max_length=50)]
# The ranges the service checks (`programmes.check_numbers`, `candidates`), said in the schema.
Capacity = Annotated[int, Meta(ge=0, le=MAX_CAPACITY, description="apprentices a master takes (0 … 20)")]
TargetPairs = Annotated[int, Meta(ge=0, le=MAX_TARGET_PAIRS)]
LevelGap = Annotated[int, Meta(ge=0, le=LEVEL_MAX - LEVEL_MIN, description="levels between master and apprentice")]


class ProgrammeIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    scope_org_id: Id
    term_start: dt.date
    term_end: dt.date
    target_pairs: TargetPairs = 0
    year: Year | None = None  # defaults to the year the term starts
    same_trade_required: bool = True
    same_enterprise_preferred: bool = True
    min_level_gap: LevelGap = 1
    default_capacity: Capacity = 2


class ProgrammePatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    target_pairs: TargetPairs | None = None
    year: Year | None = None
    same_trade_required: bool | None = None
    same_enterprise_preferred: bool | None = None
    min_level_gap: LevelGap | None = None
    default_capacity: Capacity | None = None


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
    member_id: Id
    role: Code  # master | apprentice
    capacity: Capacity | None = None  # masters: own capacity (default: the programme's)
    preferences: Ids = []  # apprentices: master member ids, best first


class CandidatesIn(msgspec.Struct, forbid_unknown_fields=True):
    candidates: Annotated[list[CandidateIn], Meta(max_length=10_000)]


class CandidateFilterIn(msgspec.Struct, forbid_unknown_fields=True):
    """Add every active member of an org subtree (default: the programme's scope) who fits."""

    role: Code
    org_id: Id | None = None
    trades: Annotated[list[Trade], Meta(max_length=200)] = []  # empty: any trade
    # Qualification levels level_from ≤ level ≤ level_to (1 高级技师 … 5 初级工):
    # masters e.g. level_to=2 (技师 or better), apprentices e.g. level_from=3.
    level_from: Level | None = None
    level_to: Level | None = None
    include_uncertified: bool = False  # members with no level recorded


class AddedOut(msgspec.Struct):
    added: int
    already: int  # matched but already candidates of this programme


class CandidatePatch(msgspec.Struct, forbid_unknown_fields=True):
    capacity: Capacity | None = None
    preferences: Ids | None = None
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
    master_member_id: Id
    apprentice_member_id: Id
    note: Text = ""


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
    goals: Text = ""
    # Only these apprentices' pairs (member ids); default all new pairs.
    apprentice_member_ids: Ids | None = None


class AcceptOut(msgspec.Struct):
    proposal_id: int
    agreements_created: int
    agreement_ids: list[int]


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Text
    noted_on: dt.date | None = None


class NoteOut(msgspec.Struct):
    id: int
    noted_on: dt.date
    text: str
    author: str


class AgreementPatch(msgspec.Struct, forbid_unknown_fields=True):
    goals: Text | None = None
    term_end: dt.date | None = None


class OutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    level_after: Level | None = None  # the apprentice's qualification level now (1 高级技师 … 5 初级工)
    competition_result: Text = ""  # e.g. "全市焊工技能大赛二等奖"
    innovation: Text = ""  # a 五小 result, e.g. "焊接夹具小革新 市一等奖"
    note: Text = ""
    completed_on: dt.date | None = None


class EndIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Text
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
    pairs: Annotated[
        list[Annotated[list[Trade], Meta(max_length=2)]], Meta(max_length=10_000)
    ]  # [["焊工", "电焊工"], ...]
