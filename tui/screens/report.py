"""A module's figures for a year (`/reports/{module}`): the screen every enabled module
gets until it brings its own."""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input

from tui.i18n import pick, t
from tui.screens.base import AreaScreen
from tui.widgets.search import SearchInput


class ReportScreen(AreaScreen):
    CSS_PATH = "screens.tcss"

    def __init__(self, module: str, title: tuple[str, str]) -> None:
        self.AREA = f"{module}.figures"
        super().__init__()
        self.module = module
        self.module_title = title

    def heading(self) -> str:
        return t("report.title", module=pick(*self.module_title))

    def body(self) -> ComposeResult:
        yield SearchInput(
            str(dt.date.today().year), placeholder=t("report.year"), id="year", type="integer", max_length=4
        )
        yield DataTable(id="figures", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#figures", DataTable)
        table.add_column(t("report.col.figure"), key="figure")
        table.add_column(t("report.col.value"), key="value")
        table.focus()
        super().on_mount()

    @on(Input.Submitted, "#year")
    def action_refresh(self) -> None:
        raw = self.query_one("#year", Input).value.strip()
        if not (raw.isdigit() and len(raw) == 4):
            self.notify(t("report.bad_year"), severity="warning", markup=False)
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
