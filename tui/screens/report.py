"""A module's figures for a year (`/reports/{module}`): the screen every enabled module
gets until it brings its own.

It opens on the latest year that has records (`/reports/{module}/years`), shows each figure
by its label in the app's language and the value as the server writes it for a reader
(`救助金额  ¥1,300,000.00`), and draws two charts for the highlighted figure: its trend over
the years with records, and the distribution of this year's figures of the same unit (not zero).
Ctrl+S saves the year's figures as XLSX (the report's `…/export` sibling)."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static
from textual_plotext import PlotextPlot

from tui import labels as ui
from tui.client import Report
from tui.i18n import L, pick
from tui.kit.listing import EXPORT, export_with_notice
from tui.screens.base import AreaScreen
from tui.widgets.base import bind
from tui.widgets.search import SearchInput

HEADING = L("{module} · 统计", "{module} · figures")
YEAR = L("年份（回车查看）", "Year (Enter shows it)")
BAD_YEAR = L("年份必须是四位数字", "The year must be four digits")
NO_RECORDS = L("尚无任何年份的记录，显示今年", "No year has records yet: showing this year")
YEARS_WITH_RECORDS = L("有记录的年份：{years}", "Years with records: {years}")
TREND = L("{figure} · 历年", "{figure} · over the years")
SPREAD = L("{year} 年同单位的非零指标（{unit}）", "{year}: figures of the same unit, not zero ({unit})")
UNITS = {
    "fen": L("元", "yuan"),
    "count": L("个", "count"),
    "person": L("人", "people"),
    "person_time": L("人次", "person-times"),
    "ratio": L("%", "%"),
    "days": L("工作日", "working days"),
    "score": L("分", "points"),
    "m2": L("平方米", "m²"),
    "flag": L("是/否", "yes/no"),
}
TREND_YEARS = 8  # the trend chart's reach: the latest years with records


def plotted(value: float, unit: str) -> float:
    """A figure's value on a chart's axis: yuan for fen, a percent for a share."""
    if unit == "fen":
        return value / 100
    if unit == "ratio":
        return value * 100
    return value


def aligned(label: str) -> str:
    """A label for a chart's axis that plotext measures as the terminal draws it: plotext counts
    characters, a Chinese character takes two cells, so each one is followed by a zero-width
    space (a character of no width) and the count comes out at the width."""
    return "".join(ch + "\u200b" * (cell_len(ch) - 1) for ch in label)


class ReportScreen(AreaScreen):
    CSS_PATH = "screens.tcss"
    BINDINGS = [bind("ctrl+s", "export", EXPORT)]

    def __init__(self, module: str, title: tuple[str, str]) -> None:
        self.AREA = f"{module}.figures"
        super().__init__()
        self.module = module
        self.module_title = title
        self.years: list[int] | None = None  # the years with records, latest first (asked once)
        self.reports: dict[int, Report] = {}  # by year: the shown one and the trend's
        self.year: int | None = None

    def heading(self) -> str:
        return HEADING(module=pick(*self.module_title))

    def body(self) -> ComposeResult:
        yield SearchInput(placeholder=str(YEAR), id="year", type="integer", max_length=4)
        yield Static("", id="years", markup=False)
        with Horizontal(id="figures-and-charts"):
            yield DataTable(id="figures", cursor_type="row")
            with Vertical(id="charts"):
                yield PlotextPlot(id="trend")
                yield PlotextPlot(id="spread")

    def on_mount(self) -> None:
        table = self.query_one("#figures", DataTable)
        table.add_column(ui.REPORT_COL_FIGURE(), key="figure")
        table.add_column(ui.REPORT_COL_VALUE(), key="value")
        table.focus()

    def action_refresh(self) -> None:
        self.reports.clear()
        self.load(self.year)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and self.year is None:
            return False  # nothing shown yet
        return super().check_action(action, parameters)

    @work(exclusive=True, group="report-export", exit_on_error=False)
    async def action_export(self) -> None:
        """Save the shown year's figures as XLSX."""
        if self.year is not None:
            name = f"{self.app.tenant_slug}-{self.module}-figures-{self.year}"
            await export_with_notice(self, f"/reports/{self.module}", name=name, year=self.year)

    @on(Input.Submitted, "#year")
    def year_typed(self) -> None:
        raw = self.query_one("#year", Input).value.strip()
        if not (raw.isdigit() and len(raw) == 4):
            self.notify(str(BAD_YEAR), severity="warning", markup=False)
            return
        self.load(int(raw))

    @work(exclusive=True, group="report", exit_on_error=False)
    async def load(self, year: int | None) -> None:
        """Show `year`'s figures; the first time, the latest year with records."""
        client, slug = self.app.client, self.app.tenant_slug
        if self.years is None:
            self.years = (await client.report_years(slug, self.module)).years
            self.query_one("#years", Static).update(
                YEARS_WITH_RECORDS(years=", ".join(map(str, self.years))) if self.years else str(NO_RECORDS)
            )
        if year is None:
            year = self.years[0] if self.years else dt.date.today().year
        self.query_one("#year", Input).value = str(year)
        report = self.reports.get(year) or await client.report(slug, self.module, year)
        self.reports[year] = report
        self.year = year
        self.refresh_bindings()
        table = self.query_one("#figures", DataTable)
        with self.app.batch_update():
            table.clear()
            for code, value in report.figures.items():
                label = report.labels.get(code)
                name = pick(label.zh, label.en) if label is not None else code
                table.add_row(name, report.text.get(code, f"{value:,}"), key=code)
        for past in sorted(self.years)[-TREND_YEARS:]:  # the trend's years, asked once each
            if past not in self.reports:
                self.reports[past] = await client.report(slug, self.module, past)
        self.draw()

    def highlighted(self) -> str | None:
        table = self.query_one("#figures", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowHighlighted, "#figures")
    def draw(self) -> None:
        code = self.highlighted()
        report = self.reports.get(self.year) if self.year is not None else None
        if code is None or report is None:
            return
        label = report.labels.get(code)
        unit = label.unit if label is not None else "count"
        name = pick(label.zh, label.en) if label is not None else code

        trend = self.query_one("#trend", PlotextPlot)
        years = sorted(y for y in self.reports if code in self.reports[y].figures)
        trend.plt.clear_data()
        trend.plt.clear_figure()
        trend.plt.title(aligned(TREND(figure=name)))
        if years:
            trend.plt.bar([str(y) for y in years], [plotted(self.reports[y].figures[code], unit) for y in years])
        trend.refresh()

        spread = self.query_one("#spread", PlotextPlot)
        same = [c for c, lab in report.labels.items() if lab.unit == unit and report.figures.get(c)]
        spread.plt.clear_data()
        spread.plt.clear_figure()
        spread.plt.title(aligned(SPREAD(year=report.year, unit=UNITS.get(unit, L(unit, unit)))))
        if same:
            spread.plt.bar(
                [aligned(pick(report.labels[c].zh, report.labels[c].en)) for c in same],
                [plotted(report.figures[c], unit) for c in same],
                orientation="horizontal",
            )
        spread.refresh()
