"""The three forms over HTTP: complaints, demand orders, acceptance forms, statistics.
Thin: parse, guard, call one service. `/voice/bot` and `/voice/link-codes` are aliases of the
bot channel's `/bot` and `/bot/link-codes` (server/bot/api.py), kept for the clients that know them."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, Response, get, post, put

from server.bot import setup, store
from server.bot.store import BotConfigIn, BotConfigOut, LinkCodeIn, LinkCodeOut
from server.infra.pagination import Page
from server.infra.params import Code, Cursor, Id, Limit, OptCode, OptId, Query, Slug
from server.modules.voice import jobs, service
from server.modules.voice.service import (
    AlertOut,
    AnswerIn,
    AssignIn,
    ComplaintIn,
    ComplaintOut,
    FormIn,
    FormOut,
    LinkIn,
    NoticeOut,
    OrderIn,
    OrderOut,
    RatingIn,
    ResolveIn,
    Statistics,
)
from server.platform.auth import ADMINS, STAFF, TenantScope, roles
from server.platform.roles import Actor, Role

UNION = roles(Role.tenant_admin, Role.org_officer)
EVERYONE = roles(Role.tenant_admin, Role.org_officer, Role.auditor, Role.worker)


async def _kick(request: Request, tenant: Slug) -> None:
    """After the commit: let the worker deliver the notices just written."""
    await jobs.kick_delivery(request.app.state.settings, tenant)


class ComplaintController(Controller):
    path = "/complaints"
    tags = ["voice"]

    @post("/", guards=[EVERYONE], summary="File a complaint (worker) or enter a paper complaint (union staff)")
    async def file(self, in_tenant: TenantScope, actor: Actor, data: ComplaintIn) -> ComplaintOut:
        async with in_tenant:
            return await service.file_complaint(data, actor)

    @get("/", guards=[EVERYONE], summary="Complaints: a worker sees their own, staff their org subtree's")
    async def list(
        self,
        in_tenant: TenantScope,
        actor: Actor,
        status: OptCode = None,
        category: OptCode = None,
        org_id: OptId = None,
        order_id: OptId = None,
        unordered: bool = False,
        q: Query = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[ComplaintOut]:
        async with in_tenant:
            return await service.list_complaints(
                actor,
                status=status,
                category=category,
                org_id=org_id,
                order_id=order_id,
                unordered=unordered,
                q=q,
                limit=limit,
                cursor=cursor,
            )

    @get("/{complaint_id:int}", guards=[EVERYONE], summary="One complaint with its status history")
    async def show(self, in_tenant: TenantScope, actor: Actor, complaint_id: Id) -> ComplaintOut:
        async with in_tenant:
            return await service.get_complaint(complaint_id, actor)

    @get("/by-ref/{ref:str}", guards=[EVERYONE], summary="Follow a complaint by its reference number")
    async def by_ref(self, in_tenant: TenantScope, actor: Actor, ref: Code) -> ComplaintOut:
        async with in_tenant:
            return await service.get_complaint_by_ref(ref, actor)

    @post(
        "/{complaint_id:int}/answer",
        guards=[UNION],
        status_code=200,
        summary="Answer a complaint at the enterprise level, without a demand order",
    )
    async def answer(
        self, request: Request, tenant: Slug, in_tenant: TenantScope, actor: Actor, complaint_id: Id, data: AnswerIn
    ) -> ComplaintOut:
        async with in_tenant:
            out = await service.answer_complaint(complaint_id, data, actor)
        await _kick(request, tenant)
        return out

    @post(
        "/{complaint_id:int}/rating",
        guards=[roles(Role.worker)],
        status_code=200,
        summary="The worker rates a resolved complaint, once",
    )
    async def rate(self, in_tenant: TenantScope, actor: Actor, complaint_id: Id, data: RatingIn) -> ComplaintOut:
        async with in_tenant:
            return await service.rate_complaint(complaint_id, data, actor)


class DemandOrderController(Controller):
    path = "/demand-orders"
    tags = ["voice"]
    guards = [STAFF]

    @post("/", guards=[UNION], summary="Fold complaints into an enterprise demand order")
    async def create(
        self, request: Request, tenant: Slug, in_tenant: TenantScope, actor: Actor, data: OrderIn
    ) -> OrderOut:
        async with in_tenant:
            out = await service.create_order(data, actor)
        await _kick(request, tenant)
        return out

    @get("/", summary="Demand orders, newest first")
    async def list(
        self,
        in_tenant: TenantScope,
        actor: Actor,
        status: OptCode = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[OrderOut]:
        async with in_tenant:
            return await service.list_orders(actor, status=status, limit=limit, cursor=cursor)

    @get("/{order_id:int}", summary="An order with its complaints")
    async def show(self, in_tenant: TenantScope, actor: Actor, order_id: Id) -> OrderOut:
        async with in_tenant:
            return await service.get_order(order_id, actor)

    @post("/{order_id:int}/complaints", guards=[UNION], status_code=200, summary="Link more complaints to an order")
    async def link(
        self, request: Request, tenant: Slug, in_tenant: TenantScope, actor: Actor, order_id: Id, data: LinkIn
    ) -> OrderOut:
        async with in_tenant:
            out = await service.add_to_order(order_id, data, actor)
        await _kick(request, tenant)
        return out


class AcceptanceFormController(Controller):
    path = "/acceptance-forms"
    tags = ["voice"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Accept an order: open a form with an officer and a working-day deadline")
    async def open(self, request: Request, tenant: Slug, in_tenant: TenantScope, actor: Actor, data: FormIn) -> FormOut:
        async with in_tenant:
            out = await service.open_form(data, actor)
        await _kick(request, tenant)
        return out

    @get("/", summary="Acceptance forms, newest first")
    async def list(
        self,
        in_tenant: TenantScope,
        actor: Actor,
        status: OptCode = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[FormOut]:
        async with in_tenant:
            return await service.list_forms(actor, status=status, limit=limit, cursor=cursor)

    @get("/queue", summary="Open forms, nearest deadline first, with working days left")
    async def queue(
        self,
        in_tenant: TenantScope,
        actor: Actor,
        mine: bool = False,
        on: dt.date | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[FormOut]:
        async with in_tenant:
            return await service.form_queue(actor, mine=mine, on=on, limit=limit, cursor=cursor)

    @get("/alerts", summary="Deadline reminders and overdue escalations")
    async def alerts(
        self, in_tenant: TenantScope, actor: Actor, kind: OptCode = None, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[AlertOut]:
        async with in_tenant:
            return await service.list_alerts(actor, kind=kind, limit=limit, cursor=cursor)

    @get("/{form_id:int}/paper.pdf", summary="The acceptance form to print and sign (受理单, PDF)")
    async def paper_pdf(self, in_tenant: TenantScope, actor: Actor, form_id: Id) -> Response[bytes]:
        async with in_tenant:
            body = await service.acceptance_form_pdf(form_id, actor)
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'attachment; filename="acceptance-form-{form_id}.pdf"'},
        )

    @get("/{form_id:int}", summary="One acceptance form")
    async def show(self, in_tenant: TenantScope, actor: Actor, form_id: Id) -> FormOut:
        async with in_tenant:
            return await service.get_form(form_id, actor)

    @put("/{form_id:int}/officer", guards=[ADMINS], summary="Assign the officer")
    async def assign(self, in_tenant: TenantScope, actor: Actor, form_id: Id, data: AssignIn) -> FormOut:
        async with in_tenant:
            return await service.assign_officer(form_id, data, actor)

    @post(
        "/{form_id:int}/resolve",
        guards=[UNION],
        status_code=200,
        summary="Resolve: the order and every linked complaint are resolved, each worker is told",
    )
    async def resolve(
        self, request: Request, tenant: Slug, in_tenant: TenantScope, actor: Actor, form_id: Id, data: ResolveIn
    ) -> FormOut:
        async with in_tenant:
            out = await service.resolve_form(form_id, data, actor)
        await _kick(request, tenant)
        return out


class VoiceController(Controller):
    path = "/voice"
    tags = ["voice"]

    @get("/statistics", guards=[STAFF], summary="Complaints by category, channel and status; forms; ratings")
    async def statistics(
        self, in_tenant: TenantScope, actor: Actor, start: dt.date, end: dt.date, on: dt.date | None = None
    ) -> Statistics:
        async with in_tenant:
            return await service.statistics_for(actor, start=start, end=end, on=on)

    @get("/notices", guards=[roles(Role.worker)], summary="A worker's notices")
    async def notices(
        self, in_tenant: TenantScope, actor: Actor, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[NoticeOut]:
        async with in_tenant:
            return await service.my_notices(actor, limit=limit, cursor=cursor)

    @post("/link-codes", guards=[UNION], summary="Issue a one-time code a worker sends the bot to link Telegram")
    async def link_code(self, in_tenant: TenantScope, actor: Actor, data: LinkCodeIn) -> LinkCodeOut:
        async with in_tenant:
            return await store.issue_link_code(data, actor)

    @get("/bot", guards=[ADMINS], summary="The tenant's bot (token masked)")
    async def bot(self, in_tenant: TenantScope) -> BotConfigOut:
        async with in_tenant:
            return await store.get_bot_config()

    @put("/bot", guards=[ADMINS], summary="Set the bot token; registers the webhook with Telegram")
    async def set_bot(self, request: Request, tenant: Slug, actor: Actor, data: BotConfigIn) -> BotConfigOut:
        return await setup.configure(request.app.state.settings, tenant, data, actor)


CONTROLLERS = [ComplaintController, DemandOrderController, AcceptanceFormController, VoiceController]
