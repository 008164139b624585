"""The pairing routes as the TUI sees them (`/api/v1/t/{tenant}/pairing/...`).

The records below are the TUI's own view of the answers (only what the screens
show); msgspec ignores the fields they leave out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from tui.client import ApiError
from tui.kit.api import ModuleApi, Page, Record


class Found(Record):
    """One hit of the tenant's search (`/search`): a member's name and masked ID number."""

    SCHEMA = "SearchHit"
    kind: str
    id: int
    title: str
    detail: str


class FoundGroup(Record):
    SCHEMA = "SearchGroup"
    kind: str
    hits: list[Found]


class FoundAll(Record):
    SCHEMA = "SearchOut"
    groups: list[FoundGroup]


class Programme(Record):
    SCHEMA = "ProgrammeOut"
    id: int
    name: str
    year: int
    scope_org_id: int
    term_start: dt.date
    term_end: dt.date
    target_pairs: int
    same_trade_required: bool = True
    same_enterprise_preferred: bool = True
    min_level_gap: int = 1
    default_capacity: int = 2
    masters: int = 0
    apprentices: int = 0
    agreements: int = 0
    open_proposal_id: int | None = None


class Candidate(Record):
    SCHEMA = "pairing_service_structs_CandidateOut"
    member_id: int
    role: str
    name: str
    trade: str | None
    level: int | None
    capacity: int | None
    placed: int


class Reason(Record):
    SCHEMA = "ReasonOut"
    code: str
    zh: str
    en: str


class Pair(Record):
    SCHEMA = "ProposedPair"
    master_member_id: int
    master_name: str
    apprentice_member_id: int
    apprentice_name: str
    master_trade: str | None
    apprentice_trade: str | None
    master_level: int | None
    apprentice_level: int | None
    cost: int
    locked: bool
    agreement_id: int | None
    reasons: list[Reason]


class Unpaired(Record):
    SCHEMA = "UnpairedApprentice"
    apprentice_member_id: int
    name: str
    trade: str | None
    level: int | None
    code: str
    eligible_masters: int
    reasons: list[Reason]


class MasterLoad(Record):
    SCHEMA = "MasterLoadOut"
    master_member_id: int
    name: str
    trade: str | None
    capacity: int
    used: int


class Summary(Record):
    SCHEMA = "ProposalSummary"
    pairs: int
    new_pairs: int
    unpaired: int
    masters: int
    apprentices: int
    target_pairs: int
    cost: int
    blocking_pairs: int
    optimal: bool
    solve_ms: int
    idle_masters: int


class Proposal(Record):
    SCHEMA = "pairing_service_structs_ProposalOut"
    id: int
    programme_id: int
    status: str  # open | accepted | superseded
    created_at: dt.datetime
    created_by: str
    accepted_at: dt.datetime | None
    summary: Summary
    pairs: list[Pair]
    unpaired: list[Unpaired]
    masters: list[MasterLoad] = []
    warnings: list[Reason] = []

    def names(self) -> dict[int, str]:
        """Member id -> name, for every master and apprentice the proposal was made from."""
        out = {m.master_member_id: m.name for m in self.masters}
        out.update({p.apprentice_member_id: p.apprentice_name for p in self.pairs})
        out.update({u.apprentice_member_id: u.name for u in self.unpaired})
        return out


class Accepted(Record):
    SCHEMA = "AcceptOut"
    proposal_id: int
    agreements_created: int
    agreement_ids: list[int]


class Note(Record):
    SCHEMA = "NoteOut"
    id: int
    noted_on: dt.date
    text: str
    author: str


class Agreement(Record):
    SCHEMA = "AgreementOut"
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
    status: str  # active | completed | ended_early
    ended_on: dt.date | None
    end_reason: str
    level_before: int | None
    level_after: int | None
    level_raised: bool
    competition_result: str
    innovation: str
    outcome_note: str
    notes: list[Note] = []


class PairRule(Record):
    SCHEMA = "PairRuleOut"
    id: int
    kind: str  # lock | forbid
    master_member_id: int
    apprentice_member_id: int
    note: str = ""
    created_by: str = ""


class PairingApi(ModuleApi):
    PREFIX = "/pairing"
    """The pairing routes of one tenant, through the TUI's one HTTP client."""

    async def programmes(
        self, *, year: int | str | None = None, cursor: str | None = None, limit: int = 100
    ) -> Page[Programme]:
        return await self._page("/programmes", Programme, year=year, cursor=cursor, limit=limit)

    async def create_programme(self, body: dict[str, Any]) -> Programme:
        return await self._send("POST", "/programmes", body, Programme)

    async def change_programme(self, programme_id: int, body: dict[str, Any]) -> Programme:
        return await self._send("PATCH", f"/programmes/{programme_id}", body, Programme)

    async def candidates(
        self, programme_id: int, *, role: str | None = None, cursor: str | None = None
    ) -> Page[Candidate]:
        return await self._page(f"/programmes/{programme_id}/candidates", Candidate, role=role, cursor=cursor)

    async def add_candidates(self, programme_id: int, rows: list[dict[str, Any]]) -> list[Candidate]:
        return await self._send("POST", f"/programmes/{programme_id}/candidates", {"candidates": rows}, list[Candidate])

    async def find_members(self, q: str, *, limit: int = 20) -> list[Found]:
        """Members by name, phone prefix or ID number, as the caller may see them: the tenant's one
        search (`/search`, whichever modules are on); the API checks the programme's scope."""
        found = await self._get(self.tenant_base + "/search", FoundAll, q=q, limit=limit)
        return [hit for group in found.groups if group.kind == "members" for hit in group.hits]

    async def remove_candidate(self, programme_id: int, member_id: int) -> None:
        await self._delete(f"/programmes/{programme_id}/candidates/{member_id}")

    async def programme(self, programme_id: int) -> Programme:
        return await self._get(f"/programmes/{programme_id}", Programme)

    async def latest_proposal(self, programme_id: int) -> Proposal | None:
        """None before the programme's first proposal."""
        response = await self.client.request(
            "GET", f"{self.base}/programmes/{programme_id}/proposals/latest", accept=(404,)
        )
        if response.status_code == 404:
            error = ApiError.from_response(response)
            if error.code == "proposal_not_found":
                return None
            raise error
        return msgspec.json.decode(response.content, type=Proposal)

    async def propose(self, programme_id: int) -> Proposal:
        return await self._send("POST", f"/programmes/{programme_id}/proposals", None, Proposal)

    async def accept(self, proposal_id: int, body: dict[str, Any]) -> Accepted:
        """`{goals}`: the proposal's new pairs become agreements."""
        return await self._send("POST", f"/proposals/{proposal_id}/accept", body, Accepted)

    async def lock(self, programme_id: int, master: int, apprentice: int) -> PairRule:
        return await self._send(
            "POST",
            f"/programmes/{programme_id}/locks",
            {"master_member_id": master, "apprentice_member_id": apprentice},
            PairRule,
        )

    async def forbid(self, programme_id: int, master: int, apprentice: int) -> PairRule:
        return await self._send(
            "POST",
            f"/programmes/{programme_id}/forbids",
            {"master_member_id": master, "apprentice_member_id": apprentice},
            PairRule,
        )

    async def rules(self, programme_id: int) -> list[PairRule]:
        return await self.client.every(f"{self.base}/programmes/{programme_id}/rules", PairRule)

    async def remove_rule(self, programme_id: int, rule_id: int) -> None:
        await self._delete(f"/programmes/{programme_id}/rules/{rule_id}")

    async def change_agreement(self, agreement_id: int, body: dict[str, Any]) -> Agreement:
        return await self._send("PATCH", f"/agreements/{agreement_id}", body, Agreement)

    async def agreement_action(self, agreement_id: int, kind: str, body: dict[str, Any]) -> Agreement:
        """kind: notes (a progress note), outcome (the results at the end), end (ended early, with the reason)."""
        return await self._send("POST", f"/agreements/{agreement_id}/{kind}", body, Agreement)

    async def agreements(
        self, *, programme_id: int | None = None, status: str | None = None, cursor: str | None = None, limit: int = 100
    ) -> Page[Agreement]:
        return await self._page(
            "/agreements", Agreement, programme_id=programme_id, status=status, cursor=cursor, limit=limit
        )
