"""Reports: one shape for every module, computed from the records on request.

`GET /api/v1/t/{tenant}/reports/{module}?year=Y[&org=ID&as_of=DATE]` and
`saishang report MODULE --tenant SLUG --year Y` both call `report()`.

A report answers its `figures` as raw numbers (money in fen), and beside them each figure's
`labels` (zh-CN and English, its unit, whether it adds up across tenants) from the module's
figure catalogue (`report.FIGURES`), and its `text`: the value written for a reader in the
request's language (`¥1,300,000.00`, `87.5%`). `GET .../reports/{module}/years` answers the
years that have records, so a client opens the latest of them.

Across tenants, `region_report()` runs `report()` in each tenant's scope, one after the other
(never a query over two schemas), and adds up the figures the module says add up:
`GET /api/v1/platform/reports/{module}?year=Y` (the region, for the platform admin),
`GET /api/v1/t/{tenant}/reports/{module}/rollup?year=Y` (a tenant and those under it, for its
admin) and `saishang report MODULE --region [--tenant SLUG] --year Y`. Both also answer as XLSX
at `…/export` (a tenant a row, a figure a column headed by its label, the totals last).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get
from litestar.params import Parameter
from litestar.response import Stream

from server import messages
from server.errors import NotFound, invalid
from server.infra import sheets
from server.infra.figures import FigureLabel
from server.infra.params import Code, OptId, Slug, Year
from server.infra.problems import language
from server.infra.tenancy import conn, tenant_scope
from server.modules import registry
from server.modules.contract import Figure, Figures, Module, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import access
from server.platform import exports, service
from server.platform import messages as msg
from server.platform.auth import ADMINS, STAFF, platform_admin_only
from server.platform.roles import SYSTEM, Actor, Role


class ReportOut(msgspec.Struct):
    module: str
    tenant: str
    year: int
    figures: Figures  # raw values: money in fen, shares between 0 and 1
    labels: dict[str, FigureLabel] = {}
    text: dict[str, str] = {}  # each value written for a reader, in the request's language


class ReportYearsOut(msgspec.Struct):
    module: str
    tenant: str
    years: list[int]  # the years with records, latest first
    latest: int | None


# The platform's report (`service.platform_figures`): the platform imports no module, so its
# catalogue lives here. A tenant's counts take in the tenants under it: they do not add up.
PLATFORM_FIGURES = figure_catalogue(
    Figure("tenants", "在用租户", "Active tenants", sums=False),
    Figure("modules_enabled", "启用的模块", "Modules switched on", sums=False),
)

REPORTABLE = ["platform", *[m.name for m in registry.CATALOG if not m.always_on]]


def catalogue(module: str) -> dict[str, Figure]:
    """Every figure a module's report can emit (the platform's too), by code."""
    if module == "platform":
        return PLATFORM_FIGURES
    spec = registry.get(module)
    return dict(spec.figures) if spec is not None else {}


def show(value: int | float, unit: Unit, lang: str = messages.DEFAULT_LANGUAGE) -> str:
    """A figure's value as a reader reads it: fen as yuan, a share as a percent."""
    en = lang == "en"
    match unit:
        case Unit.fen:
            sign = "-" if value < 0 else ""
            yuan, fen = divmod(abs(int(value)), 100)
            return f"{sign}¥{yuan:,}.{fen:02d}"
        case Unit.ratio:
            return f"{value * 100:.1f}%"
        case Unit.days:
            return f"{value:g} working days" if en else f"{value:g} 个工作日"
        case Unit.score:
            return f"{value:,.2f}"
        case Unit.m2:
            return f"{value:,} m²"
        case Unit.flag:
            return ("yes" if en else "是") if value else ("no" if en else "否")
        case Unit.person:
            return f"{value:,}" if en else f"{value:,} 人"
        case Unit.person_time:
            return f"{value:,}" if en else f"{value:,} 人次"
    return f"{value:,}"


def _labelled(
    module: str, tenant: str, year: int, figures: Figures, lang: str = messages.DEFAULT_LANGUAGE
) -> ReportOut:
    known = catalogue(module)
    labels = {code: FigureLabel(f.zh, f.en, f.unit, f.additive) for code in figures if (f := known.get(code))}
    text = {
        code: show(value, known[code].unit if code in known else Unit.count, lang) for code, value in figures.items()
    }
    return ReportOut(module, tenant, year, figures, labels, text)


async def report(
    module: str,
    query: ReportQuery,
    actor: Actor = SYSTEM,
    lang: str = messages.DEFAULT_LANGUAGE,
    tenant: service.TenantOut | None = None,
) -> ReportOut:
    """The module's figures; an org officer's are those of an org in their subtree (their own by default).
    A request passes the `tenant` its guard read: looking it up again would take a second pool
    connection while the request holds the one its scope opens on (a deadlock when the pool is
    exhausted by such requests, as behind PgBouncer with a small pool)."""
    if not 1949 <= query.year <= 2100:
        raise invalid("year", messages.BETWEEN, low=1949, high=2100)
    tenant = tenant or await service.active_tenant(query.tenant)
    if module == "platform":
        figures = await service.platform_figures(tenant.slug, query.year)
        return _labelled(module, tenant.slug, query.year, figures, lang)
    spec = await _reporting(module, tenant)
    assert spec.report is not None
    async with tenant_scope(tenant.slug):
        if query.org is not None:
            await access.check_org_visible(actor, query.org)
        figures = await spec.report(query)
    return _labelled(module, tenant.slug, query.year, figures, lang)


async def report_years(module: str, tenant_slug: str) -> ReportYearsOut:
    """The years a module has records in (the whole tenant's: which years hold records is no
    secret of an org's), latest first; the platform's own state has no history, so this year."""
    tenant = await service.active_tenant(tenant_slug)
    if module == "platform":
        years = [dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).year]
    else:
        spec = await _reporting(module, tenant)
        years = []
        if spec.report_years is not None:
            async with tenant_scope(tenant.slug):
                rows = await conn().fetch(spec.report_years)
            years = sorted({int(r["year"]) for r in rows if r["year"] is not None and 1949 <= r["year"] <= 2100})
            years.reverse()
    return ReportYearsOut(module, tenant.slug, years, years[0] if years else None)


async def _reporting(module: str, tenant: service.TenantOut) -> Module:
    spec = registry.get(module)
    if spec is None:
        raise NotFound(msg.NO_SUCH_REPORT, code="report_not_found", module=module, known=", ".join(REPORTABLE))
    if not service.module_enabled(tenant, module):
        raise NotFound(msg.MODULE_NOT_ENABLED, module=module, tenant=tenant.slug)
    if spec.report is None:
        raise NotFound(msg.NO_REPORT_YET, code="report_not_found", module=module)
    return spec


class ReportController(Controller):
    path = "/reports"
    tags = ["reports"]
    guards = [STAFF]

    @get("/{module:str}", summary="A module's figures for a year, computed from the records")
    async def get_report(
        self,
        request: Request,
        tenant: Slug,
        module: Code,
        year: Year,
        org: OptId = None,
        as_of: Annotated[dt.date | None, Parameter(query="as_of")] = None,
    ) -> ReportOut:
        actor = request.state.actor
        if actor.role is Role.org_officer and org is None:
            org = access.scope_root(actor)  # an org officer's report is their subtree's
        query = ReportQuery(tenant=tenant, year=year, org=org, as_of=as_of)
        return await report(module, query, actor, language(request), request.state.tenant)

    @get("/{module:str}/years", summary="The years a module has records in, latest first")
    async def get_report_years(self, tenant: Slug, module: Code) -> ReportYearsOut:
        return await report_years(module, tenant)

    @get(
        "/{module:str}/rollup",
        guards=[ADMINS],
        summary="A module's figures for this tenant and each tenant under it, and their totals",
    )
    async def get_rollup(self, request: Request, tenant: Slug, module: Code, year: Year) -> RegionReportOut:
        return await region_report(module, year, root=tenant, lang=language(request))

    @get(
        "/{module:str}/rollup/export",
        guards=[ADMINS],
        summary="A module's figures for this tenant and each tenant under it, and their totals (XLSX)",
        media_type=exports.XLSX,
    )
    async def get_rollup_export(self, request: Request, tenant: Slug, module: Code, year: Year) -> Stream:
        """The rollup as an XLSX workbook: a tenant a row, a figure a column, the totals last."""
        return await region_download(await region_report(module, year, root=tenant), language(request), tenant)


# --- across tenants ---------------------------------------------------------------------------


class TenantFigures(msgspec.Struct):
    tenant: str
    name_zh: str
    name_en: str
    parent: str | None
    enabled: bool  # the module is on for the tenant; when off, `figures` is null, never zeros
    figures: Figures | None = None
    text: dict[str, str] = {}  # each value written for a reader, in the request's language (as a report's)


class RegionReportOut(msgspec.Struct):
    module: str
    year: int
    root: str | None  # the tenant whose subtree this is; null for the whole region
    tenants: list[TenantFigures]
    totals: Figures  # the figures that add up, over the tenants with the module on
    not_summed: list[str]  # shown per tenant only: rates, averages, counts of distinct kinds
    tenants_on: int
    tenants_off: int
    labels: dict[str, FigureLabel] = {}  # each figure's label, unit and whether it adds up (as in a report)
    totals_text: dict[str, str] = {}  # each total written for a reader, in the request's language


def combine(spec: Module, figures: list[Figures]) -> tuple[Figures, list[str]]:
    """The totals of the figures that add up (the module's figure catalogue says which: a count or
    money adds up unless declared `sums=False`; a share, a mean or a flag never does), and the
    names of those that do not."""
    keys = list(dict.fromkeys(k for f in figures for k in f))
    summed = [k for k in keys if k in spec.figures and spec.figures[k].additive]
    totals: Figures = {k: sum(int(f.get(k, 0)) for f in figures) for k in summed}
    return totals, [k for k in keys if k not in set(summed)]


async def region_report(
    module: str, year: int, root: str | None = None, lang: str = messages.DEFAULT_LANGUAGE
) -> RegionReportOut:
    """The module's figures in every active tenant (or in `root` and those under it), each computed
    by `report()` in that tenant's own scope, opened and closed before the next; a tenant with the
    module off is listed as off. Each value and total also as text for a reader in `lang`."""
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
            answer = await report(module, ReportQuery(tenant=t.slug, year=year), lang=lang, tenant=t)
            row.figures, row.text = answer.figures, answer.text
        rows.append(row)
    on = [r.figures for r in rows if r.figures is not None]
    totals, not_summed = combine(spec, on)
    labels = {
        code: FigureLabel(f.zh, f.en, f.unit, f.additive)
        for code in dict.fromkeys(k for f in on for k in f)
        if (f := spec.figures.get(code))
    }
    totals_text = {code: show(value, spec.figures[code].unit, lang) for code, value in totals.items()}
    off = len(rows) - len(on)
    return RegionReportOut(module, year, root, rows, totals, not_summed, len(on), off, labels, totals_text)


REGION_COLUMNS: list[tuple[str, str]] = [("单位", "Tenant"), ("代码", "Slug"), ("模块已开启", "Module on")]
TOTAL = ("合计", "Total")
NUMBER_FORMATS = {Unit.fen: exports.YUAN, Unit.ratio: "0.0%"}


def region_sheet(out: RegionReportOut, lang: str) -> sheets.Sheet:
    """The region's figures as a sheet: a tenant a row, a figure a column (headed by its label,
    money in yuan, shares as percents), and the totals of those that add up on the last row."""
    figures = catalogue(out.module)
    present = {code for t in out.tenants for code in (t.figures or {})}
    codes = [c for c in [*figures, *sorted(present - set(figures))] if c in present]

    def head(code: str) -> str:
        figure = figures.get(code)
        if figure is None:
            return code
        word = exports.words((figure.zh, figure.en), lang)
        return word + exports.words(("（元）", " (yuan)"), lang) if figure.unit is Unit.fen else word

    def number(code: str, values: Figures | None) -> int | float | Decimal | None:
        value = (values or {}).get(code)
        figure = figures.get(code)
        if value is not None and figure is not None and figure.unit is Unit.fen:
            return Decimal(int(value)) / 100
        return value

    rows: list[list[Any]] = [
        [
            exports.words((t.name_zh, t.name_en), lang),
            t.tenant,
            exports.cell(t.enabled, lang),
            *(number(c, t.figures) for c in codes),
        ]
        for t in out.tenants
    ]
    rows.append([exports.words(TOTAL, lang), None, None, *(number(c, out.totals) for c in codes)])
    formats = {
        n: NUMBER_FORMATS[figures[c].unit]
        for n, c in enumerate(codes, start=len(REGION_COLUMNS) + 1)
        if c in figures and figures[c].unit in NUMBER_FORMATS
    }
    headers = [exports.words(h, lang) for h in REGION_COLUMNS] + [head(c) for c in codes]
    return sheets.Sheet(f"{out.module} {out.year}", headers, rows, number_formats=formats)


async def region_download(out: RegionReportOut, lang: str, name: str) -> Stream:
    return await sheets.download("xlsx", f"{name}-{out.module}-{out.year}", region_sheet(out, lang))


class RegionReportController(Controller):
    """`/api/v1/platform/reports`: the region's figures, for the platform admin."""

    path = "/reports"
    tags = ["reports"]
    guards = [platform_admin_only]

    @get("/{module:str}", summary="A module's figures in every tenant, and the region's totals")
    async def get_region(self, request: Request, module: Code, year: Year) -> RegionReportOut:
        return await region_report(module, year, lang=language(request))

    @get(
        "/{module:str}/export",
        summary="A module's figures in every tenant, and the region's totals (XLSX)",
        media_type=exports.XLSX,
    )
    async def get_region_export(self, request: Request, module: Code, year: Year) -> Stream:
        """The region's figures as an XLSX workbook: a tenant a row, a figure a column headed by
        its label in the request's language, the totals on the last row."""
        return await region_download(await region_report(module, year), language(request), "region")
