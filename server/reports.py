"""Reports: one shape for every module, computed from the records on request.

`GET /api/v1/t/{tenant}/reports/{module}?year=Y[&org=ID&as_of=DATE]` and
`saishang report MODULE --tenant SLUG --year Y` both call `report()`.

Across tenants, `region_report()` runs `report()` in each tenant's scope, one after the other
(never a query over two schemas), and adds up the figures the module says add up:
`GET /api/v1/platform/reports/{module}?year=Y` (the region, for the platform admin),
`GET /api/v1/t/{tenant}/reports/{module}/rollup?year=Y` (a tenant and those under it, for its
admin) and `saishang report MODULE --region [--tenant SLUG] --year Y`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, Request, get
from litestar.params import Parameter

from server import messages
from server.errors import NotFound, invalid
from server.infra.params import Year
from server.infra.tenancy import tenant_scope
from server.modules import registry
from server.modules.contract import Figures, Module, ReportQuery
from server.modules.orgs import access
from server.platform import messages as msg
from server.platform import service
from server.platform.auth import ADMINS, STAFF, platform_admin_only
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

    @get(
        "/{module:str}/rollup",
        guards=[ADMINS],
        summary="A module's figures for this tenant and each tenant under it, and their totals",
    )
    async def get_rollup(self, tenant: str, module: str, year: Year) -> RegionReportOut:
        return await region_report(module, year, root=tenant)


# --- across tenants ---------------------------------------------------------------------------


class TenantFigures(msgspec.Struct):
    tenant: str
    name_zh: str
    name_en: str
    parent: str | None
    enabled: bool  # the module is on for the tenant; when off, `figures` is null, never zeros
    figures: Figures | None = None


class RegionReportOut(msgspec.Struct):
    module: str
    year: int
    root: str | None  # the tenant whose subtree this is; null for the whole region
    tenants: list[TenantFigures]
    totals: Figures  # the figures that add up, over the tenants with the module on
    not_summed: list[str]  # shown per tenant only: rates, averages, counts of distinct kinds
    tenants_on: int
    tenants_off: int


def combine(spec: Module, figures: list[Figures]) -> tuple[Figures, list[str]]:
    """The totals of the figures that add up (the contract's rule: whole numbers the module does
    not list in `report_not_summed`), and the names of those that do not."""
    keys = list(dict.fromkeys(k for f in figures for k in f))
    summed = [
        k
        for k in keys
        if k not in spec.report_not_summed
        and all(isinstance(f[k], int) and not isinstance(f[k], bool) for f in figures if k in f)
    ]
    totals: Figures = {k: sum(int(f.get(k, 0)) for f in figures) for k in summed}
    return totals, [k for k in keys if k not in set(summed)]


async def region_report(module: str, year: int, root: str | None = None) -> RegionReportOut:
    """The module's figures in every active tenant (or in `root` and those under it), each computed
    by `report()` in that tenant's own scope, opened and closed before the next; a tenant with the
    module off is listed as off."""
    spec = registry.get(module)
    known = [m for m in REPORTABLE if m != "platform"]
    if spec is None or module not in known:
        raise NotFound(msg.NO_REGION_REPORT, code="report_not_found", module=module, known=", ".join(known))
    if spec.report is None:
        raise NotFound(msg.NO_REPORT_YET, code="report_not_found", module=module)
    if not 1949 <= year <= 2100:
        raise invalid("year", messages.BETWEEN, low=1949, high=2100)
    tenants = await service.list_tenants(include_disabled=False)
    if root is not None:
        await service.active_tenant(root)
        tenants = service.subtree(tenants, root)
    rows: list[TenantFigures] = []
    for t in tenants:
        row = TenantFigures(t.slug, t.name_zh, t.name_en, t.parent, service.module_enabled(t, module))
        if row.enabled:
            row.figures = (await report(module, ReportQuery(tenant=t.slug, year=year))).figures
        rows.append(row)
    on = [r.figures for r in rows if r.figures is not None]
    totals, not_summed = combine(spec, on)
    return RegionReportOut(module, year, root, rows, totals, not_summed, len(on), len(rows) - len(on))


class RegionReportController(Controller):
    """`/api/v1/platform/reports`: the region's figures, for the platform admin."""

    path = "/reports"
    tags = ["reports"]
    guards = [platform_admin_only]

    @get("/{module:str}", summary="A module's figures in every tenant, and the region's totals")
    async def get_region(self, module: str, year: Year) -> RegionReportOut:
        return await region_report(module, year)
