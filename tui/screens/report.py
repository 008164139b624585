"""A module's figures for a year (`/reports/{module}`): the screen every enabled module
gets until it brings its own."""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input

from tui import labels as ui
from tui.i18n import L, pick
from tui.screens.base import AreaScreen
from tui.widgets.search import SearchInput

# labels shown by this file (tui.i18n.L)
REPORT_BAD_YEAR = L("年份必须是四位数字", "The year must be four digits")
REPORT_TITLE = L("{module} · 统计", "{module} · figures")
REPORT_YEAR = L("年份", "Year")


class ReportScreen(AreaScreen):
    CSS_PATH = "screens.tcss"

    def __init__(self, module: str, title: tuple[str, str]) -> None:
        self.AREA = f"{module}.figures"
        super().__init__()
        self.module = module
        self.module_title = title

    def heading(self) -> str:
        return REPORT_TITLE(module=pick(*self.module_title))

    def body(self) -> ComposeResult:
        yield SearchInput(str(dt.date.today().year), placeholder=REPORT_YEAR(), id="year", type="integer", max_length=4)
        yield DataTable(id="figures", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#figures", DataTable)
        table.add_column(ui.REPORT_COL_FIGURE(), key="figure")
        table.add_column(ui.REPORT_COL_VALUE(), key="value")
        table.focus()

    @on(Input.Submitted, "#year")
    def action_refresh(self) -> None:
        raw = self.query_one("#year", Input).value.strip()
        if not (raw.isdigit() and len(raw) == 4):
            self.notify(REPORT_BAD_YEAR(), severity="warning", markup=False)
            return
        self.load(int(raw))

    @work(exclusive=True, group="report", exit_on_error=False)
    async def load(self, year: int) -> None:
        table = self.query_one("#figures", DataTable)
        table.clear()
        report = await self.app.client.report(self.app.tenant_slug, self.module, year)
        with self.app.batch_update():
            for key, value in report.figures.items():
                table.add_row(key, f"{value:,}" if isinstance(value, int) else f"{value:,.2f}", key=key)
