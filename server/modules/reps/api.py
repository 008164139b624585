"""Reps routes under `/api/v1/t/{tenant}/reps/`: congresses with their constituencies, roll and
allowances; elections (candidates, the 1:2 check, votes, tally, publication); representatives
(training, duty record, rewards); evaluations (paper ballots entered by a teller, results once past
the minimum, close and recall); proposals. Thin: parse, guard, call the service."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import Parameter

from server.infra.pagination import Page, page_of
from server.infra.params import Cursor, Id, Limit, OptYear
from server.modules.reps import service
from server.modules.reps.service import (
    AllowanceIn,
    AllowanceOut,
    BallotIn,
    CandidateIn,
    CongressIn,
    CongressOut,
    ConstituencyIn,
    ConstituencyOut,
    DutyIn,
    DutyOut,
    ElectionIn,
    ElectionOut,
    EvaluationIn,
    EvaluationOut,
    HandleIn,
    ProposalIn,
    ProposalOut,
    RepresentativeOut,
    RewardIn,
    RewardOut,
    VoteIn,
)
from server.platform.auth import ADMINS, STAFF, TenantScope, roles
from server.platform.roles import Actor, Role

OFFICERS = roles(Role.tenant_admin, Role.org_officer)


class CongressController(Controller):
    """职代会 Workers' congresses: terms, constituencies and seats, the roll, allowances."""

    path = "/reps/congresses"
    tags = ["reps"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Record a unit's workers' congress term")
    async def create(self, data: CongressIn, actor: Actor, in_tenant: TenantScope) -> CongressOut:
        async with in_tenant:
            return await service.create_congress(data, actor)

    @get("/", summary="Congresses")
    async def list_congresses(
        self, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[CongressOut]:
        async with in_tenant:
            return await service.list_congresses(actor=actor, limit=limit, cursor=cursor)

    @get("/{congress_id:int}", summary="Show a congress")
    async def show(self, congress_id: Id, actor: Actor, in_tenant: TenantScope) -> CongressOut:
        async with in_tenant:
            return await service.get_congress(congress_id, actor)

    @post("/{congress_id:int}/constituencies", guards=[OFFICERS], summary="Add a constituency and its seats")
    async def add_constituency(
        self, congress_id: Id, data: ConstituencyIn, actor: Actor, in_tenant: TenantScope
    ) -> ConstituencyOut:
        async with in_tenant:
            return await service.add_constituency(congress_id, data, actor)

    @get("/{congress_id:int}/constituencies", summary="Constituencies and seats")
    async def constituencies(
        self, congress_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[ConstituencyOut]:
        async with in_tenant:
            return page_of(await service.list_constituencies(congress_id, actor), limit=limit, cursor=cursor)

    @get("/{congress_id:int}/representatives", summary="The representatives' roll: terms, training, duty time")
    async def representatives(
        self, congress_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[RepresentativeOut]:
        async with in_tenant:
            return await service.list_representatives(congress_id, actor=actor, limit=limit, cursor=cursor)

    @post("/{congress_id:int}/allowances", guards=[OFFICERS], summary="Pay a period's allowance (once per period)")
    async def allowances(
        self, congress_id: Id, data: AllowanceIn, actor: Actor, in_tenant: TenantScope
    ) -> AllowanceOut:
        async with in_tenant:
            return await service.pay_allowance(congress_id, data, actor)


class ElectionController(Controller):
    """竞选制 Elections: candidates, the 1:2 check, votes, the tally with a runoff, publication."""

    path = "/reps/elections"
    tags = ["reps"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Open an election for a constituency's seats (nomination)")
    async def create(self, data: ElectionIn, actor: Actor, in_tenant: TenantScope) -> ElectionOut:
        async with in_tenant:
            return await service.open_election(data, actor)

    @get("/", summary="Elections")
    async def list_elections(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        stage: Annotated[str | None, Parameter(query="state", max_length=64)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[ElectionOut]:
        async with in_tenant:
            return await service.list_elections(actor=actor, state=stage, limit=limit, cursor=cursor)

    @get("/{election_id:int}", summary="Show an election: candidates, the 1:2 check, votes cast")
    async def show(self, election_id: Id, actor: Actor, in_tenant: TenantScope) -> ElectionOut:
        async with in_tenant:
            return await service.get_election(election_id, actor)

    @post("/{election_id:int}/candidates", status_code=200, guards=[OFFICERS], summary="Add a candidate")
    async def candidate(self, election_id: Id, data: CandidateIn, actor: Actor, in_tenant: TenantScope) -> ElectionOut:
        async with in_tenant:
            return await service.add_candidate(election_id, data, actor)

    @post("/{election_id:int}/open", status_code=200, guards=[OFFICERS], summary="Open voting (needs 1:2)")
    async def open_voting(self, election_id: Id, actor: Actor, in_tenant: TenantScope) -> ElectionOut:
        async with in_tenant:
            return await service.open_voting(election_id, actor)

    @post("/{election_id:int}/votes", status_code=200, guards=[OFFICERS], summary="Enter a vote (once per voter)")
    async def vote(self, election_id: Id, data: VoteIn, actor: Actor, in_tenant: TenantScope) -> ElectionOut:
        async with in_tenant:
            return await service.cast_vote(election_id, data, actor)

    @post("/{election_id:int}/tally", status_code=200, guards=[OFFICERS], summary="Count the round")
    async def tally(self, election_id: Id, actor: Actor, in_tenant: TenantScope) -> ElectionOut:
        async with in_tenant:
            return await service.tally(election_id, actor)

    @post("/{election_id:int}/publish", status_code=200, guards=[OFFICERS], summary="Publish: the elected are seated")
    async def publish(self, election_id: Id, actor: Actor, in_tenant: TenantScope) -> ElectionOut:
        async with in_tenant:
            return await service.publish(election_id, actor)


class RepresentativeController(Controller):
    """常任制 奖励制 A representative: term, training, the duty record, rewards."""

    path = "/reps/representatives"
    tags = ["reps"]
    guards = [STAFF]

    @get("/{representative_id:int}", summary="Show a representative")
    async def show(self, representative_id: Id, actor: Actor, in_tenant: TenantScope) -> RepresentativeOut:
        async with in_tenant:
            return await service.get_representative(representative_id, actor)

    @post("/{representative_id:int}/training", status_code=200, guards=[OFFICERS], summary="Record pre-duty training")
    async def training(
        self, representative_id: Id, actor: Actor, in_tenant: TenantScope, on: dt.date | None = None
    ) -> RepresentativeOut:
        async with in_tenant:
            return await service.record_training(representative_id, on or service.today(), actor)

    @post("/{representative_id:int}/duties", guards=[OFFICERS], summary="Log duty (counted as working time)")
    async def log_duty(self, representative_id: Id, data: DutyIn, actor: Actor, in_tenant: TenantScope) -> DutyOut:
        async with in_tenant:
            return await service.log_duty(representative_id, data, actor)

    @get("/{representative_id:int}/duties", summary="The duty record (履职档案)")
    async def duties(
        self, representative_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[DutyOut]:
        async with in_tenant:
            return await service.duty_record(representative_id, actor, limit=limit, cursor=cursor)

    @post(
        "/{representative_id:int}/rewards",
        guards=[OFFICERS],
        summary="Propose a reward (score 90+ in a closed evaluation, or an excellent proposal); a tenant admin approves it",
    )
    async def reward(self, representative_id: Id, data: RewardIn, actor: Actor, in_tenant: TenantScope) -> RewardOut:
        async with in_tenant:
            return await service.reward(representative_id, data, actor)


class RewardController(Controller):
    """奖励制 Rewards: proposed by an officer, approved (paid) or cancelled by a tenant admin."""

    path = "/reps/rewards"
    tags = ["reps"]
    guards = [STAFF]

    @get("/", summary="Rewards (state=proposed: waiting for approval)")
    async def list_rewards(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        stage: Annotated[str | None, Parameter(query="state", max_length=64)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[RewardOut]:
        async with in_tenant:
            return await service.list_rewards(actor=actor, state=stage, limit=limit, cursor=cursor)

    @post("/{reward_id:int}/approve", status_code=200, guards=[ADMINS], summary="Approve: one payout batch, queued")
    async def approve(self, reward_id: Id, actor: Actor, in_tenant: TenantScope) -> RewardOut:
        async with in_tenant:
            return await service.approve_reward(reward_id, actor)

    @post("/{reward_id:int}/cancel", status_code=204, guards=[ADMINS], summary="Drop a proposed reward")
    async def cancel(self, reward_id: Id, actor: Actor, in_tenant: TenantScope) -> None:
        async with in_tenant:
            await service.cancel_reward(reward_id, actor)


class EvaluationController(Controller):
    """评估制 Anonymous evaluations: paper ballots by a teller, results past the minimum, recall."""

    path = "/reps/evaluations"
    tags = ["reps"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Open an evaluation of a constituency's representatives")
    async def create(self, data: EvaluationIn, actor: Actor, in_tenant: TenantScope) -> EvaluationOut:
        async with in_tenant:
            return await service.open_evaluation(data, actor)

    @get("/", summary="Evaluations (results hidden per representative below the minimum)")
    async def list_evaluations(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        stage: Annotated[str | None, Parameter(query="state", max_length=64)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[EvaluationOut]:
        async with in_tenant:
            return await service.list_evaluations(actor=actor, state=stage, limit=limit, cursor=cursor)

    @get("/{evaluation_id:int}", summary="Results (hidden per representative below the minimum)")
    async def show(self, evaluation_id: Id, actor: Actor, in_tenant: TenantScope) -> EvaluationOut:
        async with in_tenant:
            return await service.get_evaluation(evaluation_id, actor)

    @post("/{evaluation_id:int}/ballots", status_code=204, guards=[OFFICERS], summary="Enter a paper ballot")
    async def ballot(self, evaluation_id: Id, data: BallotIn, actor: Actor, in_tenant: TenantScope) -> None:
        async with in_tenant:
            await service.cast_ballot(evaluation_id, data, actor)

    @post("/{evaluation_id:int}/close", status_code=200, guards=[OFFICERS], summary="Close: recall at 60%")
    async def close(self, evaluation_id: Id, actor: Actor, in_tenant: TenantScope) -> EvaluationOut:
        async with in_tenant:
            return await service.close_evaluation(evaluation_id, actor)


class ProposalController(Controller):
    """提案 Proposals and their outcomes."""

    path = "/reps/proposals"
    tags = ["reps"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="File a proposal")
    async def create(self, data: ProposalIn, actor: Actor, in_tenant: TenantScope) -> ProposalOut:
        async with in_tenant:
            return await service.file_proposal(data, actor)

    @get("/", summary="Proposals")
    async def list_proposals(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        year: OptYear = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[ProposalOut]:
        async with in_tenant:
            return await service.list_proposals(actor=actor, year=year, limit=limit, cursor=cursor)

    @get("/{proposal_id:int}", summary="Show a proposal")
    async def show(self, proposal_id: Id, actor: Actor, in_tenant: TenantScope) -> ProposalOut:
        async with in_tenant:
            return await service.get_proposal(proposal_id, actor)

    @post("/{proposal_id:int}/handle", status_code=200, guards=[OFFICERS], summary="The unit's answer and outcomes")
    async def handle(self, proposal_id: Id, data: HandleIn, actor: Actor, in_tenant: TenantScope) -> ProposalOut:
        async with in_tenant:
            return await service.handle_proposal(proposal_id, data, actor)


CONTROLLERS = [
    CongressController,
    ElectionController,
    RepresentativeController,
    RewardController,
    EvaluationController,
    ProposalController,
]
