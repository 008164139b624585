"""Pairing routes under `/api/v1/t/{tenant}/pairing/...`: thin, every rule is in the service.

Staff read (tenant admins, org officers within their subtree, auditors); tenant
admins and org officers change things.
"""

from __future__ import annotations

from litestar import Controller, Response, delete, get, patch, post, put

from server.infra.pagination import Page
from server.infra.params import Cursor, Id, Limit, OptCode, OptId, OptYear
from server.modules.orgs import access
from server.modules.pairing import service
from server.modules.pairing.service import (
    AcceptIn,
    AcceptOut,
    AddedOut,
    AgreementOut,
    AgreementPatch,
    CandidateFilterIn,
    CandidateOut,
    CandidatePatch,
    CandidatesIn,
    CompatibleTradesIn,
    EndIn,
    NoteIn,
    OutcomeIn,
    PairRuleIn,
    PairRuleOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatch,
    ProposalBrief,
    ProposalOut,
    TradePair,
)
from server.platform.auth import STAFF, TenantScope, roles
from server.platform.roles import Actor, Role

EDITORS = roles(Role.tenant_admin, Role.org_officer)


class ProgrammeController(Controller):
    path = "/pairing/programmes"
    tags = ["pairing"]
    guards = [STAFF]

    @get("/", summary="Pairing programmes (名师带高徒), optionally of one year")
    async def list_programmes(
        self,
        in_tenant: TenantScope,
        actor: Actor,
        year: OptYear = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[ProgrammeOut]:
        async with in_tenant:
            return await service.list_programmes(year=year, within=access.scope_root(actor), limit=limit, cursor=cursor)

    @post("/", guards=[EDITORS], summary="Create a programme: scope, term, target, rules")
    async def create_programme(self, in_tenant: TenantScope, actor: Actor, data: ProgrammeIn) -> ProgrammeOut:
        async with in_tenant:
            return await service.create_programme(data, actor)

    @get("/{programme_id:int}", summary="A programme with its counts and open proposal")
    async def get_programme(self, in_tenant: TenantScope, actor: Actor, programme_id: Id) -> ProgrammeOut:
        async with in_tenant:
            return await service.get_programme(programme_id, actor)

    @patch("/{programme_id:int}", guards=[EDITORS], summary="Change a programme's term, target or rules")
    async def update_programme(
        self, in_tenant: TenantScope, actor: Actor, programme_id: Id, data: ProgrammePatch
    ) -> ProgrammeOut:
        async with in_tenant:
            return await service.update_programme(programme_id, data, actor)

    # candidates

    @get("/{programme_id:int}/candidates", summary="Masters and apprentices, with trade, level, capacity, placement")
    async def list_candidates(
        self,
        in_tenant: TenantScope,
        actor: Actor,
        programme_id: Id,
        role: OptCode = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> Page[CandidateOut]:
        async with in_tenant:
            return await service.list_candidates(programme_id, role=role, limit=limit, cursor=cursor, actor=actor)

    @post(
        "/{programme_id:int}/candidates",
        guards=[EDITORS],
        summary="Add members as masters or apprentices (all or nothing, row-level errors)",
    )
    async def add_candidates(
        self, in_tenant: TenantScope, actor: Actor, programme_id: Id, data: CandidatesIn
    ) -> list[CandidateOut]:
        async with in_tenant:
            return await service.add_candidates(programme_id, data, actor)

    @post(
        "/{programme_id:int}/candidates/from-orgs",
        guards=[EDITORS],
        summary="Add every active member of an org subtree with these trades and levels",
    )
    async def add_candidates_from_orgs(
        self, in_tenant: TenantScope, actor: Actor, programme_id: Id, data: CandidateFilterIn
    ) -> AddedOut:
        async with in_tenant:
            return await service.add_candidates_from_orgs(programme_id, data, actor)

    @patch(
        "/{programme_id:int}/candidates/{member_id:int}",
        guards=[EDITORS],
        summary="A master's own capacity or an apprentice's ranked masters",
    )
    async def update_candidate(
        self, in_tenant: TenantScope, actor: Actor, programme_id: Id, member_id: Id, data: CandidatePatch
    ) -> CandidateOut:
        async with in_tenant:
            return await service.update_candidate(programme_id, member_id, data, actor)

    @delete(
        "/{programme_id:int}/candidates/{member_id:int}",
        guards=[EDITORS],
        status_code=204,
        summary="Take a member out of the programme",
    )
    async def remove_candidate(self, in_tenant: TenantScope, actor: Actor, programme_id: Id, member_id: Id) -> None:
        async with in_tenant:
            await service.remove_candidate(programme_id, member_id, actor)

    # locks and forbids

    @get("/{programme_id:int}/rules", summary="The officers' locked and forbidden pairs")
    async def list_rules(
        self, in_tenant: TenantScope, actor: Actor, programme_id: Id, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[PairRuleOut]:
        async with in_tenant:
            return await service.list_rules(programme_id, actor, limit=limit, cursor=cursor)

    @post("/{programme_id:int}/locks", guards=[EDITORS], summary="Lock a pair: every proposal keeps it")
    async def lock(self, in_tenant: TenantScope, actor: Actor, programme_id: Id, data: PairRuleIn) -> PairRuleOut:
        async with in_tenant:
            return await service.lock_pair(programme_id, data, actor)

    @post("/{programme_id:int}/forbids", guards=[EDITORS], summary="Forbid a pair: no proposal contains it")
    async def forbid(self, in_tenant: TenantScope, actor: Actor, programme_id: Id, data: PairRuleIn) -> PairRuleOut:
        async with in_tenant:
            return await service.forbid_pair(programme_id, data, actor)

    @delete(
        "/{programme_id:int}/rules/{rule_id:int}",
        guards=[EDITORS],
        status_code=204,
        summary="Remove a lock or a forbid",
    )
    async def remove_rule(self, in_tenant: TenantScope, actor: Actor, programme_id: Id, rule_id: Id) -> None:
        async with in_tenant:
            await service.remove_rule(programme_id, rule_id, actor)

    # proposals

    @post(
        "/{programme_id:int}/proposals",
        guards=[EDITORS],
        status_code=201,
        summary="Propose: the most pairs, then the least cost; every pair and every unpaired apprentice explained",
    )
    async def propose(self, in_tenant: TenantScope, actor: Actor, programme_id: Id) -> ProposalOut:
        async with in_tenant:
            return await service.propose(programme_id, actor)

    @get("/{programme_id:int}/proposals", summary="The programme's proposals, newest first (summaries)")
    async def list_proposals(
        self, in_tenant: TenantScope, actor: Actor, programme_id: Id, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[ProposalBrief]:
        async with in_tenant:
            return await service.list_proposals(programme_id, limit=limit, cursor=cursor, actor=actor)

    @get("/{programme_id:int}/proposals/latest", summary="The programme's latest proposal")
    async def latest_proposal(self, in_tenant: TenantScope, actor: Actor, programme_id: Id) -> ProposalOut:
        async with in_tenant:
            return await service.latest_proposal(programme_id, actor)


class ProposalController(Controller):
    path = "/pairing/proposals"
    tags = ["pairing"]
    guards = [STAFF]

    @get("/{proposal_id:int}", summary="A proposal: summary, pairs with reasons, unpaired with reasons, master loads")
    async def get_proposal(self, in_tenant: TenantScope, actor: Actor, proposal_id: Id) -> ProposalOut:
        async with in_tenant:
            return await service.get_proposal(proposal_id, actor)

    @post(
        "/{proposal_id:int}/accept",
        guards=[EDITORS],
        status_code=201,
        summary="Accept the open proposal: its new pairs become agreements (师徒协议)",
    )
    async def accept(
        self, in_tenant: TenantScope, actor: Actor, proposal_id: Id, data: AcceptIn | None = None
    ) -> AcceptOut:
        async with in_tenant:
            return await service.accept(proposal_id, data, actor)


class AgreementController(Controller):
    path = "/pairing/agreements"
    tags = ["pairing"]
    guards = [STAFF]

    @get("/", summary="Agreements, filtered by programme, status or member")
    async def list_agreements(
        self,
        in_tenant: TenantScope,
        actor: Actor,
        programme_id: OptId = None,
        status: OptCode = None,
        member_id: OptId = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[AgreementOut]:
        async with in_tenant:
            return await service.list_agreements(
                programme_id=programme_id,
                status=status,
                member_id=member_id,
                within=access.scope_root(actor),
                limit=limit,
                cursor=cursor,
            )

    @get("/{agreement_id:int}/paper.pdf", summary="The master-apprentice agreement to print and sign (师徒协议, PDF)")
    async def agreement_pdf(self, in_tenant: TenantScope, actor: Actor, agreement_id: Id) -> Response[bytes]:
        async with in_tenant:
            body = await service.agreement_pdf(agreement_id, actor)
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'attachment; filename="agreement-{agreement_id}.pdf"'},
        )

    @get("/{agreement_id:int}", summary="An agreement with its progress notes and outcome")
    async def get_agreement(self, in_tenant: TenantScope, actor: Actor, agreement_id: Id) -> AgreementOut:
        async with in_tenant:
            return await service.get_agreement(agreement_id, actor)

    @patch("/{agreement_id:int}", guards=[EDITORS], summary="Change an active agreement's goals or end of term")
    async def update_agreement(
        self, in_tenant: TenantScope, actor: Actor, agreement_id: Id, data: AgreementPatch
    ) -> AgreementOut:
        async with in_tenant:
            return await service.update_agreement(agreement_id, data, actor)

    @post("/{agreement_id:int}/notes", guards=[EDITORS], summary="Add a progress note")
    async def add_note(self, in_tenant: TenantScope, actor: Actor, agreement_id: Id, data: NoteIn) -> AgreementOut:
        async with in_tenant:
            return await service.add_note(agreement_id, data, actor)

    @post(
        "/{agreement_id:int}/outcome",
        guards=[EDITORS],
        summary="Record the outcome: level raised, competition result, 五小 innovation",
    )
    async def record_outcome(
        self, in_tenant: TenantScope, actor: Actor, agreement_id: Id, data: OutcomeIn
    ) -> AgreementOut:
        async with in_tenant:
            return await service.record_outcome(agreement_id, data, actor)

    @post("/{agreement_id:int}/end", guards=[EDITORS], summary="End an agreement early, with the reason")
    async def end_early(self, in_tenant: TenantScope, actor: Actor, agreement_id: Id, data: EndIn) -> AgreementOut:
        async with in_tenant:
            return await service.end_early(agreement_id, data, actor)


class CompatibleTradeController(Controller):
    path = "/pairing/compatible-trades"
    tags = ["pairing"]
    guards = [STAFF]

    @get("/", summary="The tenant's table of compatible trades (e.g. 焊工 ~ 电焊工)")
    async def list_compatible(self, in_tenant: TenantScope) -> list[TradePair]:
        async with in_tenant:
            return await service.compatible_trades()

    @put("/", guards=[roles(Role.tenant_admin)], summary="Replace the table of compatible trades")
    async def set_compatible(self, in_tenant: TenantScope, actor: Actor, data: CompatibleTradesIn) -> list[TradePair]:
        async with in_tenant:
            return await service.set_compatible_trades(data, actor)


CONTROLLERS = [ProgrammeController, ProposalController, AgreementController, CompatibleTradeController]
