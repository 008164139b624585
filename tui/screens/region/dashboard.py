"""The region dashboard: one module's figures in every tenant for a year, as a table (a row per
tenant, a column per figure) and as a bar chart of the figure chosen; the totals of the figures
that add up (the server says which); a tenant with the module off is "not on" (未启用), never zeros.
The platform admin sees the whole region and how the module spread (who switched it on, since
when: a chart of the tenants with it on, and `h` the history of switches); a tenant's admin sees
its rollup (itself and the tenants under it, Xixia under Yinchuan). Ctrl+S saves the table as
XLSX (the route's `…/export`, the same year)."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static
from textual_plotext import PlotextPlot

from tui.i18n import L, fit, pick
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.region import labels as lbl
from tui.screens.region.api import Adoption, RegionApi, RegionReport, Switch, TenantFigures
from tui.screens.report import aligned, plotted
from tui.widgets.base import bind
from tui.widgets.paged_table import PagedTable
from tui.widgets.search import SearchInput

# labels shown by this file
HEADING = L("全区统计", "Region figures")
ROLLUP_HEADING = L("本会及下级统计", "Figures with the tenants below")
FIGURE = L("图示指标", "Chart the figure")
TOTALS = L(
    "合计（{on} 个租户已启用，{off} 个未启用）：{totals}",
    "Totals ({on} tenants on, {off} not on): {totals}",
)
NOT_SUMMED = L("不加总，仅分列各租户：{figures}", "Not added up, per tenant only: {figures}")
NO_FIGURES = L("（无）", "(none)")
BY_TENANT = L("各租户 · {figure}", "By tenant · {figure}")
ADOPTION = L("启用租户数（按日）· {module}", "Tenants on, by day · {module}")
ADOPTERS = L("首创：{pioneer}；已启用：{on}；未启用：{off}", "Pioneer: {pioneer}; on: {on}; not on: {off}")
SINCE = L("{tenant}（{date} 起）", "{tenant} (since {date})")
HISTORY = L("开关记录", "Switch history")
HISTORY_HEADING = L("{module} · 模块开关记录", "{module} · module switches")
WHEN = L("时间", "When")
SWITCHED = L("开关", "Switched")
BY = L("操作人", "By")
SWITCHED_ON = L("开启", "on")
SWITCHED_OFF = L("关闭", "off")
HISTORY_PAGES = 20  # the adoption chart reads at most this many pages of 100 switches
ADOPTION_DAYS = 12  # the chart's bars: the latest days with a switch


def titled(text: str, plot: PlotextPlot) -> str:
    """A chart's title cut to the chart's width (less its axis): plotext leaves out a title that
    does not fit."""
    return aligned(fit(text, plot.size.width - 10) if plot.size.width > 20 else text)


def this_year() -> int:
    return dt.date.today().year


class RegionScreen(ListScreen[TenantFigures]):
    """`rollup=False`: the platform admin's whole region; True: the tenant worked in and those under it."""

    CSS_PATH = ["../screens.tcss", "region.tcss"]
    HEADING = HEADING
    COLUMNS = (
        Column("tenant", lbl.TENANT, lambda t: pick(t.name_zh, t.name_en), width=22),
        Column("state", lbl.STATE, lambda t: str(lbl.ON if t.enabled else lbl.NOT_ON)),
    )
    BINDINGS = [bind("h", "history", HISTORY)]

    def __init__(self, *, rollup: bool = False) -> None:
        self.AREA = "core.rollup" if rollup else "region"
        super().__init__()
        self.rollup = rollup
        self.report: RegionReport | None = None
        self.codes: list[str] = []  # the figure columns now in the table
        self.adoption: dict[str, Adoption] = {}
        self.modules: list[tuple[str, str]] | None = None  # (shown, name), asked once

    def heading(self) -> str:
        return str(ROLLUP_HEADING if self.rollup else HEADING)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "history" and self.rollup:
            return False  # the switches are the platform's record
        return super().check_action(action, parameters)

    # --- the frame: filters, the table and its totals beside the charts ------------------------

    def filters(self) -> ComposeResult:
        yield Select([], id="module", prompt=str(lbl.MODULE), compact=True)
        yield SearchInput(str(this_year()), placeholder=str(lbl.YEAR), id="year", type="integer", max_length=4)

    def body(self) -> ComposeResult:
        with Horizontal(classes="list-filters"):
            yield from self.filters()
        with Horizontal(id="region-body"):
            with Vertical(id="region-table"):
                yield PagedTable(self.fetch, id="list")
                yield Static("", id="count", markup=False)
                yield Static("", id="totals", markup=False)
            with Vertical(id="region-charts"):
                yield Select([], id="figure", prompt=str(FIGURE), compact=True)
                yield PlotextPlot(id="by-tenant")
                yield PlotextPlot(id="adoption")
                yield Static("", id="adopters", markup=False)

    def on_mount(self) -> None:
        if self.rollup:
            self.query_one("#adoption").display = False
            self.query_one("#adopters").display = False

    @property
    def api(self) -> RegionApi:
        return RegionApi(self.app.client, self.app.tenant_slug if self.rollup else None)

    # --- loading ------------------------------------------------------------------------------

    async def choices(self) -> list[tuple[str, str]]:
        """The modules to pick from: the region's switchable ones, or those on in the tenant."""
        if self.rollup:
            return [(pick(m.title_zh, m.title_en), m.name) for m in self.app.tenant_modules if m.enabled]
        self.adoption = {a.module: a for a in await self.api.adoption()}
        return [(pick(a.title_zh, a.title_en), a.module) for a in self.adoption.values()]

    def year(self) -> int:
        raw = self.query_one("#year", Input).value.strip()
        if raw.isdigit() and len(raw) == 4:
            return int(raw)
        self.notify(str(lbl.BAD_YEAR), severity="warning", markup=False)
        self.query_one("#year", Input).value = str(this_year())
        return this_year()

    async def page(self, cursor: str | None) -> Page[TenantFigures]:
        select = self.query_one("#module", Select)
        if self.modules is None:
            self.modules = await self.choices()
            with select.prevent(Select.Changed):
                select.set_options(self.modules)
                if self.modules:
                    names = [name for _, name in self.modules]
                    select.value = "orgs" if "orgs" in names else names[0]
        if select.value is Select.NULL:
            return Page([])
        module, year = str(select.value), self.year()
        report = await self.api.region(module, year)
        self.report = report
        self.set_columns(report)
        self.show_totals(report)
        self.choose_figure(report)
        if not self.rollup:
            await self.draw_adoption(module)
        return Page(report.tenants, source=self.api.region_source(module, year))  # Ctrl+S saves it

    def set_columns(self, report: RegionReport) -> None:
        codes = list(report.labels) or list(dict.fromkeys(k for t in report.tenants for k in (t.figures or {})))
        if codes == self.codes:
            return
        self.codes = codes
        table = self.table
        table.clear(columns=True)
        for column in self.COLUMNS:
            table.add_column(str(column.label), key=column.key)
        for code in codes:
            label = report.labels.get(code)
            table.add_column(pick(label.zh, label.en) if label else code, key=f"figure:{code}")

    def cells(self, record: TenantFigures) -> list[object]:
        out = super().cells(record)
        for code in self.codes:
            out.append(record.text.get(code, "—"))  # the server's words (money in yuan); off: "—"
        return out

    def key(self, record: TenantFigures) -> str:
        return record.tenant

    def figure_name(self, code: str) -> str:
        label = self.report.labels.get(code) if self.report is not None else None
        return pick(label.zh, label.en) if label is not None else code

    def show_totals(self, report: RegionReport) -> None:
        totals = " · ".join(f"{self.figure_name(c)} {text}" for c, text in report.totals_text.items())
        text = TOTALS(on=report.tenants_on, off=report.tenants_off, totals=totals or NO_FIGURES)
        if report.not_summed:
            text += "\n" + NOT_SUMMED(figures="、".join(self.figure_name(c) for c in report.not_summed))
        self.query_one("#totals", Static).update(text)

    # --- the charts ---------------------------------------------------------------------------

    def choose_figure(self, report: RegionReport) -> None:
        select = self.query_one("#figure", Select)
        options = [(self.figure_name(c), c) for c in self.codes]
        keep = select.value if select.value in self.codes else None
        additive = [c for c in self.codes if c in report.totals]
        with select.prevent(Select.Changed):
            select.set_options(options)
            chosen = keep or (additive[0] if additive else self.codes[0] if self.codes else None)
            if chosen is not None:
                select.value = chosen
        self.draw()

    @on(Select.Changed, "#figure")
    def draw(self) -> None:
        report, code = self.report, self.query_one("#figure", Select).value
        plot = self.query_one("#by-tenant", PlotextPlot)
        plot.plt.clear_data()
        plot.plt.clear_figure()
        if report is None or code is Select.NULL:
            plot.refresh()
            return
        code = str(code)
        label = report.labels.get(code)
        unit = label.unit if label is not None else "count"
        plot.plt.title(titled(BY_TENANT(figure=self.figure_name(code)), plot))
        on = [t for t in report.tenants if t.figures is not None]
        if on:
            plot.plt.bar(
                [aligned(pick(t.name_zh, t.name_en)) for t in on],
                [plotted(t.figures.get(code, 0) if t.figures else 0, unit) for t in on],
                orientation="horizontal",
            )
        plot.refresh()

    async def draw_adoption(self, module: str) -> None:
        """How the module spread: the tenants with it on after each day's switches."""
        history: list[Switch] = []
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            page = await self.api.switches(module=module, cursor=cursor)
            history += page.items
            cursor = page.next_cursor
            if cursor is None:
                break
        state: dict[str, bool] = {}
        by_day: dict[str, int] = {}
        for switch in sorted(history, key=lambda s: s.id):
            state[switch.tenant] = switch.switched_on
            by_day[switch.at.date().isoformat()] = sum(state.values())
        days = list(by_day)[-ADOPTION_DAYS:]
        adoption = self.adoption.get(module)
        title = pick(adoption.title_zh, adoption.title_en) if adoption else module
        plot = self.query_one("#adoption", PlotextPlot)
        plot.plt.clear_data()
        plot.plt.clear_figure()
        plot.plt.title(titled(ADOPTION(module=title), plot))
        if days:
            plot.plt.bar([d[5:] for d in days], [by_day[d] for d in days])
        plot.refresh()
        if adoption is not None:
            on = "、".join(
                SINCE(tenant=pick(a.name_zh, a.name_en), date=a.since.date().isoformat())
                if a.since
                else pick(a.name_zh, a.name_en)
                for a in adoption.tenants
            )
            pioneer = adoption.pioneer_tenant
            self.query_one("#adopters", Static).update(
                ADOPTERS(
                    pioneer=pick(pioneer.name_zh, pioneer.name_en) if pioneer else adoption.pioneer_name or "—",
                    on=on or "—",
                    off="、".join(pick(t.name_zh, t.name_en) for t in adoption.off_tenants) or "—",
                )
            )

    # --- keys ---------------------------------------------------------------------------------

    def action_history(self) -> None:
        module = self.query_one("#module", Select).value
        if module is not Select.NULL:
            self.app.push_screen(SwitchesScreen(str(module), self.name_of_module(str(module))))

    def name_of_module(self, module: str) -> str:
        return next((shown for shown, name in self.modules or [] if name == module), module)


class SwitchesScreen(ListScreen[Switch]):
    """Every switch of one module, newest first: who switched it on or off in which tenant."""

    AREA = "region"
    HEADING = HISTORY
    COLUMNS = (
        Column("at", WHEN, lambda s: s.at.astimezone().strftime("%Y-%m-%d %H:%M")),
        Column("tenant", lbl.TENANT, lambda s: pick(s.name_zh, s.name_en) if s.name_zh and s.name_en else s.tenant),
        Column("switched", SWITCHED, lambda s: str(SWITCHED_ON if s.switched_on else SWITCHED_OFF)),
        Column("actor", BY, lambda s: s.actor, width=24),
    )

    def __init__(self, module: str, title: str) -> None:
        super().__init__()
        self.module = module
        self.module_title = title

    def heading(self) -> str:
        return HISTORY_HEADING(module=self.module_title)

    async def page(self, cursor: str | None) -> Page[Switch]:
        return await RegionApi(self.app.client, None).switches(module=self.module, cursor=cursor)
