"""Welfare routes under `/api/v1/t/{tenant}/`: hardship households, campaigns,
applications, payout progress and reconciliation. Thin: parse, guard, call the service."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.params import Parameter

from server.infra.pagination import Page
from server.infra.params import Cursor, Id, Limit, OptCode, OptId, OptYear, Query
from server.modules.welfare import disbursement as engine
from server.modules.welfare import service
from server.modules.welfare.service import (
    ApplicationIn,
    ApplicationOut,
    CampaignIn,
    CampaignOut,
    DecisionIn,
    HouseholdIn,
    HouseholdOut,
    LiftIn,
    PreviewOut,
    ReviewIn,
)
from server.platform.auth import ADMINS, STAFF, TenantScope, roles
from server.platform.roles import Actor, Role

OFFICERS = roles(Role.tenant_admin, Role.org_officer)


class HouseholdController(Controller):
    """困难职工档案 Hardship households."""

    path = "/hardship-households"
    tags = ["welfare"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="File a hardship household (pending review)")
    async def file(self, data: HouseholdIn, actor: Actor, in_tenant: TenantScope) -> HouseholdOut:
        async with in_tenant:
            return await service.file_household(data, actor)

    @get("/", summary="List hardship households")
    async def list_households(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        limit: Limit = 50,
        cursor: Cursor = None,
        status: OptCode = None,
        org_id: OptId = None,
    ) -> Page[HouseholdOut]:
        async with in_tenant:
            return await service.list_households(status=status, org_id=org_id, limit=limit, cursor=cursor, actor=actor)

    @get("/{household_id:int}", summary="Show a hardship household")
    async def show(self, household_id: Id, actor: Actor, in_tenant: TenantScope) -> HouseholdOut:
        async with in_tenant:
            return await service.get_household(household_id, actor)

    @post("/{household_id:int}/review", status_code=200, guards=[OFFICERS], summary="Approve or reject a filing")
    async def review(self, household_id: Id, data: ReviewIn, actor: Actor, in_tenant: TenantScope) -> HouseholdOut:
        async with in_tenant:
            return await service.review_household(household_id, data, actor)

    @post("/{household_id:int}/lift", status_code=200, guards=[OFFICERS], summary="Lift a household out of hardship")
    async def lift(self, household_id: Id, data: LiftIn, actor: Actor, in_tenant: TenantScope) -> HouseholdOut:
        async with in_tenant:
            return await service.lift_household(household_id, data, actor)


class CampaignController(Controller):
    """救助活动 Relief campaigns: rules, approval, progress, payouts."""

    path = "/campaigns"
    tags = ["welfare"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Create a campaign (draft)")
    async def create(self, data: CampaignIn, actor: Actor, in_tenant: TenantScope) -> CampaignOut:
        async with in_tenant:
            return await service.create_campaign(data, actor)

    @get("/", summary="List campaigns")
    async def list_campaigns(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        limit: Limit = 50,
        cursor: Cursor = None,
        year: OptYear = None,
        kind: OptCode = None,
        q: Query = None,
    ) -> Page[CampaignOut]:
        async with in_tenant:
            return await service.list_campaigns(year=year, kind=kind, q=q, limit=limit, cursor=cursor, actor=actor)

    @get("/{campaign_id:int}", summary="Show a campaign")
    async def show(self, campaign_id: Id, actor: Actor, in_tenant: TenantScope) -> CampaignOut:
        async with in_tenant:
            return await service.get_campaign(campaign_id, actor)

    @get("/{campaign_id:int}/preview", summary="Who would be paid how much, against the budget")
    async def preview(self, campaign_id: Id, actor: Actor, in_tenant: TenantScope) -> PreviewOut:
        async with in_tenant:
            return await service.preview_campaign(campaign_id, actor)

    @post(
        "/{campaign_id:int}/approve",
        status_code=200,
        guards=[ADMINS],
        summary="Approve: creates the payouts and queues their payment, once",
    )
    async def approve(self, campaign_id: Id, actor: Actor, in_tenant: TenantScope) -> CampaignOut:
        async with in_tenant:
            return await service.approve_campaign(campaign_id, actor)

    @get("/{campaign_id:int}/progress", summary="Payment progress: pending, in flight, paid, failed, unknown")
    async def progress(self, campaign_id: Id, actor: Actor, in_tenant: TenantScope) -> engine.Progress:
        async with in_tenant:
            return await service.campaign_progress(campaign_id, actor)

    @get("/{campaign_id:int}/payouts", summary="The campaign's payouts")
    async def payouts(
        self,
        campaign_id: Id,
        actor: Actor,
        in_tenant: TenantScope,
        limit: Limit = 50,
        cursor: Cursor = None,
        payout_state: Annotated[str | None, Parameter(query="state", max_length=64)] = None,
    ) -> Page[engine.PayoutOut]:
        async with in_tenant:
            return await service.campaign_payouts(
                campaign_id, state=payout_state, limit=limit, cursor=cursor, actor=actor
            )

    @get("/{campaign_id:int}/roster.pdf", summary="The relief payment roster to print and sign (发放花名册, PDF)")
    async def roster_pdf(self, in_tenant: TenantScope, actor: Actor, campaign_id: Id) -> Response[bytes]:
        async with in_tenant:
            body = await service.roster_pdf(campaign_id, actor)
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'attachment; filename="campaign-{campaign_id}-roster.pdf"'},
        )

    @get("/{campaign_id:int}/reconciliation", summary="The last reconciliation of ledger and channel")
    async def reconciliation(
        self, campaign_id: Id, actor: Actor, in_tenant: TenantScope
    ) -> engine.ReconciliationOut | None:
        async with in_tenant:
            return await service.campaign_reconciliation(campaign_id, actor)

    @post("/{campaign_id:int}/applications", guards=[OFFICERS], summary="Apply for case relief (e.g. 大病救助)")
    async def apply(self, campaign_id: Id, data: ApplicationIn, actor: Actor, in_tenant: TenantScope) -> ApplicationOut:
        async with in_tenant:
            return await service.submit_application(campaign_id, data, actor)

    @get("/{campaign_id:int}/applications", summary="The campaign's applications")
    async def applications(
        self,
        campaign_id: Id,
        actor: Actor,
        in_tenant: TenantScope,
        limit: Limit = 50,
        cursor: Cursor = None,
        status: OptCode = None,
    ) -> Page[ApplicationOut]:
        async with in_tenant:
            return await service.list_applications(campaign_id, status=status, limit=limit, cursor=cursor, actor=actor)


class ApplicationController(Controller):
    """救助申请 Relief applications: show one, decide it."""

    path = "/relief-applications"
    tags = ["welfare"]
    guards = [STAFF]

    @get("/{application_id:int}/paper.pdf", summary="The application's acceptance form to print and sign (受理单, PDF)")
    async def paper_pdf(self, in_tenant: TenantScope, actor: Actor, application_id: Id) -> Response[bytes]:
        async with in_tenant:
            body = await service.application_pdf(application_id, actor)
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'attachment; filename="relief-application-{application_id}.pdf"'},
        )

    @get("/{application_id:int}", summary="Show an application")
    async def show(self, application_id: Id, actor: Actor, in_tenant: TenantScope) -> ApplicationOut:
        async with in_tenant:
            return await service.get_application(application_id, actor)

    @post(
        "/{application_id:int}/decision",
        status_code=200,
        guards=[ADMINS],
        summary="Approve (with an amount) or reject an application",
    )
    async def decide(
        self, application_id: Id, data: DecisionIn, actor: Actor, in_tenant: TenantScope
    ) -> ApplicationOut:
        async with in_tenant:
            return await service.decide_application(application_id, data, actor)


CONTROLLERS = [HouseholdController, CampaignController, ApplicationController]
