"""HTTP routes of the orgs module, under `/api/v1/t/{tenant}/`: `/orgs`, `/members`,
`/plans`, `/zones`, `/social-workers`. Thin: parse, authorise, call the service.

An org officer sees and changes only its org's subtree; full ID numbers only
for roles allowed them (`Actor.sees_full_id_numbers`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import Parameter
from litestar.response import Stream

from server.errors import invalid
from server.infra import params, sheets
from server.infra.pagination import Page
from server.infra.problems import language
from server.modules.orgs import access, bulk, export_rows, restructure, service
from server.modules.orgs.bulk import ImportResult
from server.modules.orgs.messages import FILE_EMPTY, FILE_PART, OFFICER_ROOT_MOVE, OWN_ORG_MOVE
from server.modules.orgs.restructure import PlanIn, PlanOut, PlanPreview, PlanSummary
from server.modules.orgs.service import (
    CloseIn,
    EndIn,
    LinkOut,
    MemberIn,
    MemberOut,
    MemberPatch,
    MoveIn,
    OrgIn,
    OrgOut,
    OrgPatch,
    OrgTypeOut,
    PlacementOut,
    SocialWorkerIn,
    SocialWorkerOut,
    TransferIn,
    TreeNode,
    ZoneIn,
    ZoneOut,
)
from server.platform.auth import ADMINS, STAFF, TenantScope, roles
from server.platform.roles import Actor, Role

WRITERS = roles(Role.tenant_admin, Role.org_officer)


class OrgController(Controller):
    path = "/orgs"
    tags = ["orgs"]

    @get("/types", guards=[STAFF], summary="Org types with their Chinese names (for pickers)")
    async def types(self) -> list[OrgTypeOut]:
        return service.org_types()

    @get(
        "/",
        guards=[STAFF],
        summary="List orgs: filter by type, parent (lazy children), enterprise kind, zone, name search",
    )
    async def list_orgs(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        type: params.OptCode = None,
        parent: params.OptId = None,
        roots: bool = False,
        public_sector: bool | None = None,
        above_scale: bool | None = None,
        zone: params.OptId = None,
        q: params.Query = None,
        include_closed: bool = False,
        limit: params.Limit = 50,
        cursor: params.Cursor = None,
    ) -> Page[OrgOut]:
        async with in_tenant:
            return await service.list_orgs(
                type=type,
                parent_id=parent,
                roots=roots,
                public_sector=public_sector,
                above_scale=above_scale,
                zone_id=zone,
                q=q,
                include_closed=include_closed,
                within=access.scope_root(actor),
                limit=limit,
                cursor=cursor,
            )

    @post("/", guards=[WRITERS], summary="Create an org")
    async def create_org(self, actor: Actor, in_tenant: TenantScope, data: OrgIn) -> OrgOut:
        async with in_tenant:
            return await service.create_org(data, actor)

    @get("/tree", guards=[STAFF], summary="The tree (today or as of a date), depth-first with depths")
    async def tree(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        root: params.OptId = None,
        as_of: Annotated[dt.date | None, Parameter(query="as_of")] = None,
    ) -> list[TreeNode]:
        async with in_tenant:
            scope = access.scope_root(actor)
            if scope is not None:
                await access.check_org_visible(actor, root or scope)
            return await service.tree(root or scope, as_of=as_of, within=scope)

    @get(
        "/export",
        guards=[STAFF],
        summary="Export the orgs the list shows (its filters) as CSV or XLSX, in the request's language",
    )
    async def export(
        self,
        request: Request,
        actor: Actor,
        in_tenant: TenantScope,
        tenant: params.Slug,
        type: params.OptCode = None,
        parent: params.OptId = None,
        roots: bool = False,
        public_sector: bool | None = None,
        above_scale: bool | None = None,
        zone: params.OptId = None,
        q: params.Query = None,
        include_closed: bool = False,
        format: Literal["csv", "xlsx"] = "xlsx",
    ) -> Stream:
        found = service.OrgFilter(
            type, parent, roots, public_sector, above_scale, zone, q, include_closed, access.scope_root(actor)
        )
        async with in_tenant:
            headers, rows = await export_rows.org_rows(filters=found, english=language(request) == "en")
        return await sheets.download(format, f"{tenant}-orgs", sheets.Sheet("orgs", headers, rows))

    @get("/{org_id:int}", guards=[STAFF], summary="One org")
    async def get_org(self, actor: Actor, in_tenant: TenantScope, org_id: params.Id) -> OrgOut:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.get_org(org_id)

    @patch("/{org_id:int}", guards=[WRITERS], summary="Update an org's name, type, enterprise fields")
    async def update_org(self, actor: Actor, in_tenant: TenantScope, org_id: params.Id, data: OrgPatch) -> OrgOut:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.update_org(org_id, data, actor)

    @post("/{org_id:int}/move", guards=[WRITERS], status_code=200, summary="Move an org under a new parent from a date")
    async def move_org(self, actor: Actor, in_tenant: TenantScope, org_id: params.Id, data: MoveIn) -> OrgOut:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            if access.scope_root(actor) == org_id:
                raise invalid("org_id", OWN_ORG_MOVE)
            if data.parent_id is None and access.scope_root(actor) is not None:
                raise invalid("parent_id", OFFICER_ROOT_MOVE)
            if data.parent_id is not None:
                await access.check_org_visible(actor, data.parent_id)
            return await service.move_org(org_id, data.parent_id, on=data.on, actor=actor)

    @post("/{org_id:int}/close", guards=[WRITERS], status_code=200, summary="Close an org (no children, no members)")
    async def close_org(self, actor: Actor, in_tenant: TenantScope, org_id: params.Id, data: CloseIn) -> OrgOut:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.close_org(org_id, on=data.on, actor=actor)

    @delete("/{org_id:int}/close", guards=[WRITERS], status_code=200, summary="Call off a closing dated later")
    async def reopen_org(self, actor: Actor, in_tenant: TenantScope, org_id: params.Id) -> OrgOut:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.reopen_org(org_id, actor)

    @get(
        "/{org_id:int}/children", guards=[STAFF], summary="Direct children of an org today (for a lazy tree), paginated"
    )
    async def children(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        org_id: params.Id,
        include_closed: bool = False,
        limit: params.Limit = 100,
        cursor: params.Cursor = None,
    ) -> Page[OrgOut]:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.list_orgs(parent_id=org_id, include_closed=include_closed, limit=limit, cursor=cursor)

    @get("/{org_id:int}/subtree", guards=[STAFF], summary="An org's subtree (today or as of a date)")
    async def subtree(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        org_id: params.Id,
        as_of: Annotated[dt.date | None, Parameter(query="as_of")] = None,
    ) -> list[TreeNode]:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.tree(org_id, as_of=as_of, within=access.scope_root(actor))

    @get("/{org_id:int}/ancestors", guards=[STAFF], summary="The path from the root to the org's parent")
    async def ancestors(self, actor: Actor, in_tenant: TenantScope, org_id: params.Id) -> list[OrgOut]:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.ancestors(org_id, within=access.scope_root(actor))

    @get("/{org_id:int}/history", guards=[STAFF], summary="An org's parents over time")
    async def history(self, actor: Actor, in_tenant: TenantScope, org_id: params.Id) -> list[LinkOut]:
        async with in_tenant:
            await access.check_org_visible(actor, org_id)
            return await service.org_history(org_id)


class MemberController(Controller):
    path = "/members"
    tags = ["members"]

    @get("/", guards=[STAFF], summary="Search members (name, phone prefix, full ID number) with filters, paginated")
    async def list_members(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        q: params.Query = None,
        org: params.OptId = None,
        subtree: bool = False,
        trade: params.OptCode = None,
        level: params.OptLevel = None,
        migrant: bool | None = None,
        status: Literal["active", "left", "all"] = "active",
        reveal: bool | None = None,
        limit: params.Limit = 50,
        cursor: params.Cursor = None,
    ) -> Page[MemberOut]:
        async with in_tenant:
            if org is not None:
                await access.check_org_visible(actor, org)
            return await service.list_members(
                q=q,
                org_id=org,
                subtree=subtree,
                trade=trade,
                level=level,
                migrant=migrant,
                active={"active": True, "left": False, "all": None}[status],
                within=access.scope_root(actor),
                reveal=service.may_reveal(actor, reveal),
                limit=limit,
                cursor=cursor,
                actor=actor,
            )

    @post("/", guards=[WRITERS], summary="Create a member")
    async def create_member(self, actor: Actor, in_tenant: TenantScope, data: MemberIn) -> MemberOut:
        async with in_tenant:
            return await service.create_member(data, actor)

    @post(
        "/import",
        guards=[WRITERS],
        status_code=200,
        request_max_body_size=128 * 1024 * 1024,
        summary="Import members from CSV or XLSX (multipart `file`, or the raw file as the body): all or nothing",
    )
    async def import_members(
        self,
        request: Request,
        actor: Actor,
        in_tenant: TenantScope,
        dry_run: bool = False,
        filename: params.OptFilename = None,
    ) -> ImportResult:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            form = await request.form()
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise invalid("file", FILE_PART)
            content, filename, content_type = await upload.read(), upload.filename, upload.content_type
        else:
            content = await request.body()
        if not content:
            raise invalid("file", FILE_EMPTY)
        async with in_tenant:
            return await bulk.import_members(
                content, filename=filename, content_type=content_type, actor=actor, dry_run=dry_run
            )

    @get(
        "/export",
        guards=[STAFF],
        summary="Export the members the list shows (its filters) as CSV or XLSX, importable back, in the request's language",
    )
    async def export(
        self,
        request: Request,
        actor: Actor,
        in_tenant: TenantScope,
        tenant: params.Slug,
        q: params.Query = None,
        org: params.OptId = None,
        subtree: bool = False,
        trade: params.OptCode = None,
        level: params.OptLevel = None,
        migrant: bool | None = None,
        status: Literal["active", "left", "all"] = "active",
        reveal: bool | None = None,
        format: Literal["csv", "xlsx"] = "xlsx",
    ) -> Stream:
        """The list's filters, the list's default too (members who have not left); full ID
        numbers by default for the roles allowed them, so the file imports back unchanged."""
        active = {"active": True, "left": False, "all": None}[status]
        found = service.MemberFilter(q, org, subtree, trade, level, migrant, active, access.scope_root(actor))
        async with in_tenant:
            if org is not None:
                await access.check_org_visible(actor, org)
            headers, rows = await export_rows.member_export(
                found,
                english=language(request) == "en",
                reveal=service.may_reveal(actor, actor.sees_full_id_numbers if reveal is None else reveal),
                actor=actor,
            )
        return await sheets.download(format, f"{tenant}-members", sheets.Sheet("members", headers, rows))

    @get("/{member_id:int}", guards=[STAFF], summary="One member; the full ID number only for roles allowed it")
    async def get_member(
        self, actor: Actor, in_tenant: TenantScope, member_id: params.Id, reveal: bool | None = None
    ) -> MemberOut:
        async with in_tenant:
            await access.check_member_visible(actor, member_id)
            show = service.may_reveal(actor, actor.sees_full_id_numbers if reveal is None else reveal)
            return await service.get_member(member_id, reveal=show, actor=actor)

    @patch("/{member_id:int}", guards=[WRITERS], summary="Update a member (org_id transfers, left_on ends)")
    async def update_member(
        self, actor: Actor, in_tenant: TenantScope, member_id: params.Id, data: MemberPatch
    ) -> MemberOut:
        async with in_tenant:
            await access.check_member_visible(actor, member_id)
            if data.org_id is not None:
                await access.check_org_visible(actor, data.org_id)
            return await service.update_member(member_id, data, actor)

    @delete("/{member_id:int}", guards=[ADMINS], summary="Delete a member entered by mistake")
    async def delete_member(self, actor: Actor, in_tenant: TenantScope, member_id: params.Id) -> None:
        async with in_tenant:
            await service.delete_member(member_id, actor)

    @post("/{member_id:int}/transfer", guards=[WRITERS], status_code=200, summary="Transfer a member to another org")
    async def transfer(self, actor: Actor, in_tenant: TenantScope, member_id: params.Id, data: TransferIn) -> MemberOut:
        async with in_tenant:
            await access.check_member_visible(actor, member_id)
            await access.check_org_visible(actor, data.org_id)
            return await service.transfer_member(member_id, data.org_id, on=data.on, reason=data.reason, actor=actor)

    @delete(
        "/{member_id:int}/transfer",
        guards=[WRITERS],
        status_code=200,
        summary="Call off a transfer dated later (the member stays where they are)",
    )
    async def cancel_transfer(self, actor: Actor, in_tenant: TenantScope, member_id: params.Id) -> MemberOut:
        async with in_tenant:
            await access.check_member_visible(actor, member_id)
            return await service.cancel_scheduled_transfer(member_id, actor)

    @get("/{member_id:int}/history", guards=[STAFF], summary="A member's unions over time")
    async def history(self, actor: Actor, in_tenant: TenantScope, member_id: params.Id) -> list[PlacementOut]:
        async with in_tenant:
            await access.check_member_visible(actor, member_id)
            return await service.member_history(member_id)


class PlanController(Controller):
    path = "/plans"
    tags = ["restructuring"]
    guards = [ADMINS]

    @get("/", summary="Restructuring plans")
    async def list_plans(
        self,
        in_tenant: TenantScope,
        status: params.OptCode = None,
        limit: params.Limit = 50,
        cursor: params.Cursor = None,
    ) -> Page[PlanSummary]:
        async with in_tenant:
            return await restructure.list_plans(status, limit=limit, cursor=cursor)

    @post("/", summary="Draft a plan: new orgs (by ref) and moves (org → parent id or ref) at one date")
    async def create_plan(self, actor: Actor, in_tenant: TenantScope, data: PlanIn) -> PlanOut:
        async with in_tenant:
            return await restructure.create_plan(data, actor)

    @get("/{plan_id:int}", summary="One plan")
    async def get_plan(self, in_tenant: TenantScope, plan_id: params.Id) -> PlanOut:
        async with in_tenant:
            return await restructure.get_plan(plan_id)

    @put("/{plan_id:int}", summary="Replace a draft plan's content")
    async def update_plan(self, actor: Actor, in_tenant: TenantScope, plan_id: params.Id, data: PlanIn) -> PlanOut:
        async with in_tenant:
            return await restructure.update_plan(plan_id, data, actor)

    @delete("/{plan_id:int}", summary="Delete a plan that is not applied")
    async def delete_plan(self, actor: Actor, in_tenant: TenantScope, plan_id: params.Id) -> None:
        async with in_tenant:
            await restructure.delete_plan(plan_id, actor)

    @get("/{plan_id:int}/preview", summary="Before/after child counts per parent, members affected, warnings")
    async def preview(self, in_tenant: TenantScope, plan_id: params.Id) -> PlanPreview:
        async with in_tenant:
            return await restructure.preview_plan(plan_id)

    @post("/{plan_id:int}/apply", status_code=200, summary="Apply the plan in one transaction")
    async def apply(self, actor: Actor, in_tenant: TenantScope, plan_id: params.Id) -> PlanPreview:
        async with in_tenant:
            return await restructure.apply_plan(plan_id, actor)

    @post("/{plan_id:int}/rollback", status_code=200, summary="Roll the applied plan back as a whole")
    async def rollback(self, actor: Actor, in_tenant: TenantScope, plan_id: params.Id) -> PlanOut:
        async with in_tenant:
            return await restructure.rollback_plan(plan_id, actor)


class ZoneController(Controller):
    path = "/zones"
    tags = ["orgs"]

    @get("/", guards=[STAFF], summary="Development zones with their enterprises and workers")
    async def list_zones(
        self, in_tenant: TenantScope, limit: params.Limit = 50, cursor: params.Cursor = None
    ) -> Page[ZoneOut]:
        async with in_tenant:
            return await service.list_zones(limit=limit, cursor=cursor)

    @post("/", guards=[ADMINS], summary="Add a development zone")
    async def create_zone(self, actor: Actor, in_tenant: TenantScope, data: ZoneIn) -> ZoneOut:
        async with in_tenant:
            return await service.create_zone(data, actor)


class SocialWorkerController(Controller):
    path = "/social-workers"
    tags = ["orgs"]

    @get("/", guards=[STAFF], summary="Social union workers (社会化工会工作者), optionally by org and date")
    async def list_workers(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        org: params.OptId = None,
        as_of: Annotated[dt.date | None, Parameter(query="as_of")] = None,
        limit: params.Limit = 50,
        cursor: params.Cursor = None,
    ) -> Page[SocialWorkerOut]:
        async with in_tenant:
            return await service.list_social_workers(
                org_id=org, as_of=as_of, within=access.scope_root(actor), limit=limit, cursor=cursor
            )

    @post("/", guards=[ADMINS], summary="Assign a social union worker to an org")
    async def assign(self, actor: Actor, in_tenant: TenantScope, data: SocialWorkerIn) -> SocialWorkerOut:
        async with in_tenant:
            return await service.assign_social_worker(data, actor)

    @post("/{worker_id:int}/end", guards=[ADMINS], status_code=200, summary="End an assignment")
    async def end(self, actor: Actor, in_tenant: TenantScope, worker_id: params.Id, data: EndIn) -> SocialWorkerOut:
        async with in_tenant:
            return await service.end_social_worker(worker_id, data.ended_on, actor)


CONTROLLERS = [OrgController, MemberController, PlanController, ZoneController, SocialWorkerController]
