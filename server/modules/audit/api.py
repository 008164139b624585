"""Audit routes under `/api/v1/t/{tenant}/`: evaluation standards (and their TOML file), audit plans,
audits with their notice, report-form entries, scores, opinions, rectification and closing. Thin:
parse, guard, call the service."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from msgspec import Meta

from server.infra.pagination import Page
from server.infra.params import Cursor, Id, Limit, OptCode, OptId, OptYear
from server.modules.audit import service
from server.modules.audit.service import (
    AuditOut,
    CloseIn,
    EntryIn,
    EntryOut,
    FollowUpIn,
    FollowUpOut,
    NoticeIn,
    OpinionsIn,
    PlanIn,
    PlanOut,
    RectificationIn,
    ScoreIn,
    ScoreSheet,
    StandardIn,
    StandardOut,
)
from server.platform.auth import ADMINS, STAFF, TenantScope
from server.platform.roles import Actor


class StandardController(Controller):
    """评价标准 Evaluation standards: versioned documents, edited as TOML files."""

    path = "/audit-standards"
    tags = ["audit"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Add a standard, or edit one (a used version makes the next)")
    async def save(self, data: StandardIn, actor: Actor, in_tenant: TenantScope) -> StandardOut:
        async with in_tenant:
            return await service.save_standard(data, actor)

    @post("/import", status_code=200, guards=[ADMINS], summary="Load a standard from its TOML file (raw body)")
    async def load(self, request: Request, actor: Actor, in_tenant: TenantScope) -> StandardOut:
        content = await request.body()
        async with in_tenant:
            return await service.load_standard(content, actor)

    @get("/", summary="Standards (every version, or each code's latest)")
    async def list_standards(
        self,
        in_tenant: TenantScope,
        code: OptCode = None,
        latest: bool = False,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[StandardOut]:
        async with in_tenant:
            return await service.list_standards(code=code, latest=latest, limit=limit, cursor=cursor)

    @get("/{standard_id:int}", summary="Show a standard version")
    async def show(self, standard_id: Id, in_tenant: TenantScope) -> StandardOut:
        async with in_tenant:
            return await service.get_standard(standard_id)

    @get("/{standard_id:int}/toml", summary="A standard version as the TOML file a person edits")
    async def export(self, standard_id: Id, in_tenant: TenantScope) -> Response[str]:
        async with in_tenant:
            text = service.to_toml(await service.get_standard(standard_id))
        return Response(text, media_type="application/toml; charset=utf-8")


class PlanController(Controller):
    """审计计划 Audit plans: the population frozen from the org tree when approved."""

    path = "/audit-plans"
    tags = ["audit"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Draft an audit plan")
    async def create(self, data: PlanIn, actor: Actor, in_tenant: TenantScope) -> PlanOut:
        async with in_tenant:
            return await service.create_plan(data, actor)

    @post("/{plan_id:int}/approve", status_code=200, guards=[ADMINS], summary="Approve: one audit per union")
    async def approve(self, plan_id: Id, actor: Actor, in_tenant: TenantScope) -> PlanOut:
        async with in_tenant:
            return await service.approve_plan(plan_id, actor)

    @get("/", summary="Audit plans")
    async def list_plans(
        self, in_tenant: TenantScope, year: OptYear = None, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[PlanOut]:
        async with in_tenant:
            return await service.list_plans(year=year, limit=limit, cursor=cursor)

    @get("/{plan_id:int}", summary="Show an audit plan")
    async def show(self, plan_id: Id, in_tenant: TenantScope) -> PlanOut:
        async with in_tenant:
            return await service.get_plan(plan_id)


class AuditController(Controller):
    """经费绩效审计 Audits: notice, report forms, scores, opinions, rectification, closing."""

    path = "/audits"
    tags = ["audit"]
    guards = [STAFF]

    @get("/", summary="Audits by year, plan, stage or union (an officer: their subtree's)")
    async def list_audits(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        year: OptYear = None,
        plan_id: OptId = None,
        stage: OptCode = None,
        org_id: OptId = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[AuditOut]:
        async with in_tenant:
            return await service.list_audits(
                actor, year=year, plan_id=plan_id, stage=stage, org_id=org_id, limit=limit, cursor=cursor
            )

    @get("/{audit_id:int}", summary="Show an audit")
    async def show(self, audit_id: Id, actor: Actor, in_tenant: TenantScope) -> AuditOut:
        async with in_tenant:
            return await service.get_audit(audit_id, actor)

    @post("/{audit_id:int}/notice", status_code=200, summary="Deliver the notice (at least 3 days before fieldwork)")
    async def notice(self, audit_id: Id, data: NoticeIn, actor: Actor, in_tenant: TenantScope) -> AuditOut:
        async with in_tenant:
            return await service.send_notice(audit_id, data, actor)

    @post("/{audit_id:int}/entries", summary="Enter report-form lines (all or nothing)")
    async def add_entries(
        self,
        audit_id: Id,
        data: Annotated[list[EntryIn], Meta(max_length=10_000)],
        actor: Actor,
        in_tenant: TenantScope,
    ) -> list[EntryOut]:
        async with in_tenant:
            return await service.add_entries(audit_id, data, actor)

    @get("/{audit_id:int}/entries", summary="The audit's report-form lines")
    async def entries(
        self, audit_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 100, cursor: Cursor = None
    ) -> Page[EntryOut]:
        async with in_tenant:
            return await service.list_entries(audit_id, actor, limit=limit, cursor=cursor)

    @post("/{audit_id:int}/score", status_code=200, summary="Score the audit (with an auditor's adjustments)")
    async def score(self, audit_id: Id, data: ScoreIn, actor: Actor, in_tenant: TenantScope) -> ScoreSheet:
        async with in_tenant:
            return await service.score_audit(audit_id, data, actor)

    @get("/{audit_id:int}/scores", summary="The scoring sheet, every score traced to its entries")
    async def scores(self, audit_id: Id, actor: Actor, in_tenant: TenantScope) -> ScoreSheet:
        async with in_tenant:
            return await service.score_sheet(audit_id, actor)

    @get("/{audit_id:int}/report.xlsx", summary="The union's audit report as a spreadsheet")
    async def report_xlsx(self, audit_id: Id, actor: Actor, in_tenant: TenantScope) -> Response[bytes]:
        async with in_tenant:
            body = await service.audit_report_xlsx(audit_id, actor)
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"content-disposition": f'attachment; filename="audit-{audit_id}.xlsx"'},
        )

    @get("/{audit_id:int}/report.pdf", summary="The union's audit report to print (PDF)")
    async def report_pdf(self, audit_id: Id, actor: Actor, in_tenant: TenantScope) -> Response[bytes]:
        async with in_tenant:
            body = await service.audit_report_pdf(audit_id, actor)
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'attachment; filename="audit-{audit_id}.pdf"'},
        )

    @post("/{audit_id:int}/opinions", status_code=200, summary="Issue the audit opinions (30 days to rectify)")
    async def opinions(self, audit_id: Id, data: OpinionsIn, actor: Actor, in_tenant: TenantScope) -> AuditOut:
        async with in_tenant:
            return await service.issue_opinions(audit_id, data, actor)

    @post("/{audit_id:int}/rectification", status_code=200, summary="The union reports its rectification")
    async def rectification(
        self, audit_id: Id, data: RectificationIn, actor: Actor, in_tenant: TenantScope
    ) -> AuditOut:
        async with in_tenant:
            return await service.report_rectification(audit_id, data, actor)

    @post("/{audit_id:int}/follow-ups", summary="The committee records a follow-up of the rectification")
    async def follow_up(self, audit_id: Id, data: FollowUpIn, actor: Actor, in_tenant: TenantScope) -> FollowUpOut:
        async with in_tenant:
            return await service.follow_up(audit_id, data, actor)

    @get("/{audit_id:int}/follow-ups", summary="The committee's follow-ups")
    async def follow_ups(
        self, audit_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[FollowUpOut]:
        async with in_tenant:
            return await service.list_follow_ups(audit_id, actor, limit=limit, cursor=cursor)

    @post("/{audit_id:int}/close", status_code=200, summary="The committee closes the case")
    async def close(self, audit_id: Id, data: CloseIn, actor: Actor, in_tenant: TenantScope) -> AuditOut:
        async with in_tenant:
            return await service.close_audit(audit_id, data, actor)


CONTROLLERS = [StandardController, PlanController, AuditController]
