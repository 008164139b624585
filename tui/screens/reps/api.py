"""What the TUI reads and sends for the reps module (`/reps/...`): congresses and their roll,
elections, evaluations, proposals. Members show by name and member ID."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from tui.kit.api import ModuleApi, Page, Record


class Congress(Record):
    SCHEMA = "CongressOut"
    id: int
    org_id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    conditions: str
    min_level: int | None
    term_in_rules: bool
    rewards_promised: bool


class Constituency(Record):
    SCHEMA = "ConstituencyOut"
    id: int
    congress_id: int
    org_id: int
    name: str
    seats: int


class Allowance(Record):
    SCHEMA = "AllowanceOut"
    congress_id: int
    period: str
    paid: int
    total_fen: int
    batch_id: int


class Representative(Record):
    SCHEMA = "RepresentativeOut"
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
    member_name: str = ""


class Duty(Record):
    SCHEMA = "DutyOut"
    id: int
    representative_id: int
    kind: str
    done_on: dt.date
    minutes: int
    note: str


class Reward(Record):
    SCHEMA = "RewardOut"
    id: int
    representative_id: int
    reason: str
    amount_fen: int
    batch_id: int | None


class Candidate(Record):
    SCHEMA = "reps_service_elections_CandidateOut"
    id: int
    member_id: int
    statement: str
    votes: int
    elected: bool
    member_name: str = ""


class Election(Record):
    SCHEMA = "ElectionOut"
    id: int
    constituency_id: int
    kind: str
    seats: int
    held_on: dt.date
    state: str
    round: int
    candidates: list[Candidate]
    runoff_ids: list[int]
    enough_candidates: bool  # the 1:2 check: at least twice as many candidates as seats
    electorate_size: int
    votes_cast: int
    constituency_name: str = ""


class Result(Record):
    SCHEMA = "modules_reps_service_evaluations_ResultOut"
    representative_id: int
    member_id: int
    shown: bool  # False until the minimum number of ballots is in: every figure is then null
    ballots: int | None
    satisfied: int | None
    basic: int | None
    dissatisfied: int | None
    dissatisfied_share: float | None
    mean_score: float | None
    recalled: bool
    member_name: str = ""


class Evaluation(Record):
    SCHEMA = "EvaluationOut"
    id: int
    constituency_id: int
    opened_on: dt.date
    min_ballots: int
    state: str
    results: list[Result]
    by_election_id: int | None = None
    constituency_name: str = ""


class Proposal(Record):
    SCHEMA = "reps_service_proposals_ProposalOut"
    id: int
    representative_id: int
    org_id: int
    title: str
    body: str
    filed_on: dt.date
    state: str
    reason: str
    excellent: bool
    rules_revised: int
    problems_found: int
    loss_avoided_fen: int
    facilities_m2: int
    reading_rooms: int
    overtime_cancelled: int
    complaint_ids: list[int]


class RepsApi(ModuleApi):
    PREFIX = "/reps"

    # congresses and the roll (常任制)
    async def congresses(self, *, cursor: str | None = None) -> Page[Congress]:
        return await self._page("/congresses", Congress, cursor=cursor, limit=500)

    async def create_congress(self, body: dict[str, Any]) -> Congress:
        return await self._send("POST", "/congresses", body, Congress)

    async def constituencies(self, congress_id: int) -> list[Constituency]:
        # a congress has a handful: one page of the most the API gives holds them all
        return (await self._page(f"/congresses/{congress_id}/constituencies", Constituency, limit=500)).items

    async def add_constituency(self, congress_id: int, body: dict[str, Any]) -> Constituency:
        return await self._send("POST", f"/congresses/{congress_id}/constituencies", body, Constituency)

    async def pay_allowance(self, congress_id: int, body: dict[str, Any]) -> Allowance:
        return await self._send("POST", f"/congresses/{congress_id}/allowances", body, Allowance)

    async def representatives(self, congress_id: int, *, cursor: str | None = None) -> Page[Representative]:
        return await self._page(f"/congresses/{congress_id}/representatives", Representative, cursor=cursor, limit=500)

    async def record_training(self, representative_id: int, on: str | None) -> Representative:
        response = await self.client.request(
            "POST",
            self._url(f"/representatives/{representative_id}/training"),
            params={"on": on} if on else None,
        )
        return msgspec.json.decode(response.content, type=Representative)

    async def duties(self, representative_id: int, *, cursor: str | None = None) -> Page[Duty]:
        return await self._page(f"/representatives/{representative_id}/duties", Duty, cursor=cursor)

    async def log_duty(self, representative_id: int, body: dict[str, Any]) -> Duty:
        return await self._send("POST", f"/representatives/{representative_id}/duties", body, Duty)

    async def reward(self, representative_id: int, body: dict[str, Any]) -> Reward:
        return await self._send("POST", f"/representatives/{representative_id}/rewards", body, Reward)

    # elections (竞选制)
    async def elections(self, *, state: str | None = None, cursor: str | None = None) -> Page[Election]:
        return await self._page("/elections", Election, cursor=cursor, limit=500, state=state)

    async def open_election(self, body: dict[str, Any]) -> Election:
        return await self._send("POST", "/elections", body, Election)

    async def add_candidate(self, election_id: int, body: dict[str, Any]) -> Election:
        return await self._send("POST", f"/elections/{election_id}/candidates", body, Election)

    async def open_voting(self, election_id: int) -> Election:
        return await self._send("POST", f"/elections/{election_id}/open", None, Election)

    async def add_vote(self, election_id: int, body: dict[str, Any]) -> Election:
        return await self._send("POST", f"/elections/{election_id}/votes", body, Election)

    async def tally(self, election_id: int) -> Election:
        return await self._send("POST", f"/elections/{election_id}/tally", None, Election)

    async def publish(self, election_id: int) -> Election:
        return await self._send("POST", f"/elections/{election_id}/publish", None, Election)

    # evaluations (评估制)
    async def evaluations(self, *, cursor: str | None = None) -> Page[Evaluation]:
        return await self._page("/evaluations", Evaluation, cursor=cursor, limit=500)

    async def open_evaluation(self, body: dict[str, Any]) -> Evaluation:
        return await self._send("POST", "/evaluations", body, Evaluation)

    async def evaluation(self, evaluation_id: int) -> Evaluation:
        return await self._get(f"/evaluations/{evaluation_id}", Evaluation)

    async def cast_ballot(self, evaluation_id: int, body: dict[str, Any]) -> Evaluation:
        await self.client.request("POST", self._url(f"/evaluations/{evaluation_id}/ballots"), json=body)
        return await self.evaluation(evaluation_id)

    async def close_evaluation(self, evaluation_id: int) -> Evaluation:
        return await self._send("POST", f"/evaluations/{evaluation_id}/close", None, Evaluation)

    # proposals (提案)
    async def proposals(self, *, year: int | None = None, cursor: str | None = None) -> Page[Proposal]:
        return await self._page("/proposals", Proposal, cursor=cursor, limit=500, year=year)

    async def file_proposal(self, body: dict[str, Any]) -> Proposal:
        return await self._send("POST", "/proposals", body, Proposal)

    async def handle_proposal(self, proposal_id: int, body: dict[str, Any]) -> Proposal:
        return await self._send("POST", f"/proposals/{proposal_id}/handle", body, Proposal)
