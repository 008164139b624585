"""Reports: one shape for every module, computed from the records on request.

`GET /api/v1/t/{tenant}/reports/{module}?year=Y[&org=ID&as_of=DATE]` and
`saishang report MODULE --tenant SLUG --year Y` both call `report()`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, Request, get
from litestar.params import Parameter

from server import messages
from server.errors import NotFound, invalid
from server.infra.tenancy import tenant_scope
from server.modules import registry
from server.modules.contract import Figures, ReportQuery
from server.modules.orgs import access
from server.platform import messages as msg
from server.platform import service
from server.platform.auth import STAFF
from server.platform.roles import SYSTEM, Actor, Role


class ReportOut(msgspec.Struct):
    module: str
    tenant: str
    year: int
    figures: Figures


REPORTABLE = ["platform", *[m.name for m in registry.CATALOG if not m.always_on]]


async def report(module: str, query: ReportQuery, actor: Actor = SYSTEM) -> ReportOut:
    """The module's figures; an org officer's are those of an org in their subtree (their own by default)."""
    if not 1949 <= query.year <= 2100:
        raise invalid("year", messages.BETWEEN, low=1949, high=2100)
    tenant = await service.active_tenant(query.tenant)
    if module == "platform":
        figures = await service.platform_figures(tenant.slug, query.year)
        return ReportOut(module, tenant.slug, query.year, figures)
    spec = registry.get(module)
    if spec is None:
        raise NotFound(msg.NO_SUCH_REPORT, code="report_not_found", module=module, known=", ".join(REPORTABLE))
    if not service.module_enabled(tenant, module):
        raise NotFound(msg.MODULE_NOT_ENABLED, module=module, tenant=tenant.slug)
    if spec.report is None:
        raise NotFound(msg.NO_REPORT_YET, code="report_not_found", module=module)
    async with tenant_scope(tenant.slug):
        if query.org is not None:
            await access.check_org_visible(actor, query.org)
        figures = await spec.report(query)
    return ReportOut(module, tenant.slug, query.year, figures)


class ReportController(Controller):
    path = "/reports"
    tags = ["reports"]
    guards = [STAFF]

    @get("/{module:str}", summary="A module's figures for a year, computed from the records")
    async def get_report(
        self,
        request: Request,
        tenant: str,
        module: str,
        year: int,
        org: int | None = None,
        as_of: Annotated[dt.date | None, Parameter(query="as_of")] = None,
    ) -> ReportOut:
        actor = request.state.actor
        if actor.role is Role.org_officer and org is None:
            org = access.scope_root(actor)  # an org officer's report is their subtree's
        return await report(module, ReportQuery(tenant=tenant, year=year, org=org, as_of=as_of), actor)
