"""The pairing routes as the TUI sees them (`/api/v1/t/{tenant}/pairing/...`).

The records below are the TUI's own view of the answers (only what the screens
show); msgspec ignores the fields they leave out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import msgspec

from tui.client import ApiClient, ApiError

T = TypeVar("T")


class Programme(msgspec.Struct):
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


class Reason(msgspec.Struct):
    code: str
    zh: str
    en: str


class Pair(msgspec.Struct):
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


class Unpaired(msgspec.Struct):
    apprentice_member_id: int
    name: str
    trade: str | None
    level: int | None
    code: str
    eligible_masters: int
    reasons: list[Reason]


class MasterLoad(msgspec.Struct):
    master_member_id: int
    name: str
    trade: str | None
    capacity: int
    used: int


class Summary(msgspec.Struct):
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


class Proposal(msgspec.Struct):
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


class Accepted(msgspec.Struct):
    proposal_id: int
    agreements_created: int
    agreement_ids: list[int]


class Note(msgspec.Struct):
    id: int
    noted_on: dt.date
    text: str
    author: str


class Agreement(msgspec.Struct):
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


class PairRule(msgspec.Struct):
    id: int
    kind: str  # lock | forbid
    master_member_id: int
    apprentice_member_id: int
    note: str = ""
    created_by: str = ""


class ProgrammePage(msgspec.Struct):
    items: list[Programme]
    next_cursor: str | None = None


class AgreementPage(msgspec.Struct):
    items: list[Agreement]
    next_cursor: str | None = None


class PairingApi:
    """The pairing routes of one tenant, through the TUI's one HTTP client."""

    @classmethod
    def of(cls, app: Any) -> PairingApi:
        """The routes of the tenant the app is working in."""
        return cls(app.client, app.tenant.slug)

    def __init__(self, client: ApiClient, tenant: str) -> None:
        self.client = client
        self.base = f"/api/v1/t/{tenant}/pairing"

    async def _get(self, path: str, type: type[T], **params: Any) -> T:
        response = await self.client.request("GET", self.base + path, params=params)
        return msgspec.json.decode(response.content, type=type)

    async def _post(self, path: str, body: Any, type: type[T]) -> T:
        response = await self.client.request("POST", self.base + path, json=body)
        return msgspec.json.decode(response.content, type=type)

    async def programmes(
        self, *, year: int | None = None, cursor: str | None = None, limit: int = 100
    ) -> ProgrammePage:
        return await self._get("/programmes", ProgrammePage, year=year, cursor=cursor, limit=limit)

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
        return await self._post(f"/programmes/{programme_id}/proposals", None, Proposal)

    async def accept(self, proposal_id: int, goals: str = "") -> Accepted:
        return await self._post(f"/proposals/{proposal_id}/accept", {"goals": goals}, Accepted)

    async def lock(self, programme_id: int, master: int, apprentice: int) -> PairRule:
        return await self._post(
            f"/programmes/{programme_id}/locks",
            {"master_member_id": master, "apprentice_member_id": apprentice},
            PairRule,
        )

    async def forbid(self, programme_id: int, master: int, apprentice: int) -> PairRule:
        return await self._post(
            f"/programmes/{programme_id}/forbids",
            {"master_member_id": master, "apprentice_member_id": apprentice},
            PairRule,
        )

    async def rules(self, programme_id: int) -> list[PairRule]:
        return await self.client.every(f"{self.base}/programmes/{programme_id}/rules", PairRule)

    async def remove_rule(self, programme_id: int, rule_id: int) -> None:
        await self.client.request("DELETE", f"{self.base}/programmes/{programme_id}/rules/{rule_id}")

    async def agreement_action(self, agreement_id: int, kind: str, body: dict[str, Any]) -> Agreement:
        """kind: notes (a progress note), outcome (the results at the end), end (ended early, with the reason)."""
        return await self._post(f"/agreements/{agreement_id}/{kind}", body, Agreement)

    async def agreements(
        self, *, programme_id: int | None = None, status: str | None = None, cursor: str | None = None, limit: int = 100
    ) -> AgreementPage:
        return await self._get(
            "/agreements", AgreementPage, programme_id=programme_id, status=status, cursor=cursor, limit=limit
        )
