"""The three forms over a period: complaints by category, channel and status, orders,
forms, on-time rate, working days to resolve, ratings (`/voice/statistics`)."""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from tui import labels as ui
from tui.screens.base import AreaScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import CATEGORIES, COMPLAINT_STATUSES, Statistics, VoiceApi
from tui.screens.voice.common import SHANGHAI
from tui.widgets.search import SearchInput

CHANNELS = ("telegram", "api", "tui")


def rows_of(s: Statistics) -> list[tuple[str, str]]:
    rows = [(lbl.STATS_COMPLAINTS(), f"{s.complaints:,}")]
    rows += [("  " + lbl.of(lbl.CATEGORY_OF, c), f"{s.by_category.get(c, 0):,}") for c in CATEGORIES]
    rows += [("  " + lbl.STATS_VIA(channel=lbl.of(lbl.CHANNEL_OF, c)), f"{s.by_channel.get(c, 0):,}") for c in CHANNELS]
    rows += [("  " + lbl.of(lbl.STATUS_OF, c), f"{s.by_status.get(c, 0):,}") for c in COMPLAINT_STATUSES]
    rows += [
        (lbl.STATS_DEMAND_ORDERS(), f"{s.demand_orders:,}"),
        (lbl.STATS_ACCEPTANCE_FORMS(), f"{s.acceptance_forms:,}"),
        (lbl.STATS_OPEN_FORMS(), f"{s.open_forms:,}"),
        (lbl.STATS_OVERDUE_FORMS(), f"{s.overdue_forms:,}"),
        (lbl.STATS_ON_TIME_RATE(), f"{s.on_time_rate:.1%}"),
        (lbl.STATS_MEDIAN_WORKING_DAYS(), f"{s.median_working_days:g}"),
        (lbl.STATS_AVERAGE_WORKING_DAYS(), f"{s.average_working_days:.1f}"),
        (lbl.STATS_RATINGS(), f"{s.ratings:,}"),
        (lbl.STATS_AVERAGE_RATING(), f"{s.average_rating:.2f}" if s.ratings else ui.APP_NONE()),
    ]
    return rows


class StatisticsScreen(AreaScreen):
    AREA = "voice.statistics"
    HEADING = lbl.STATS_TITLE
    CSS_PATH = ["../screens.tcss", "voice.tcss"]

    def body(self) -> ComposeResult:
        today = dt.datetime.now(SHANGHAI).date()  # the federation's today, not the terminal's
        with Horizontal(id="period"):
            yield Label(lbl.STATS_FROM(), classes="field-label")
            yield SearchInput(f"{today.year}-01-01", id="start", compact=True, max_length=10)
            yield Label(lbl.STATS_TO(), classes="field-label")
            yield SearchInput(f"{today:%Y-%m-%d}", id="end", compact=True, max_length=10)
        yield DataTable(id="statistics", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#statistics", DataTable)
        table.add_column(ui.REPORT_COL_FIGURE(), key="figure")
        table.add_column(ui.REPORT_COL_VALUE(), key="value")
        table.focus()

    @on(Input.Submitted)
    def action_refresh(self) -> None:
        try:
            start = dt.date.fromisoformat(self.query_one("#start", Input).value.strip())
            last = dt.date.fromisoformat(self.query_one("#end", Input).value.strip())
        except ValueError:
            self.notify(lbl.STATS_BAD_DATES(), severity="warning", markup=False)
            return
        self.load(start, last + dt.timedelta(days=1))  # the period includes its last day

    @work(exclusive=True, group="voice-statistics", exit_on_error=False)
    async def load(self, start: dt.date, end: dt.date) -> None:
        s = await VoiceApi.of(self.app).statistics(start, end)
        table = self.query_one("#statistics", DataTable)
        with self.app.batch_update():
            table.clear()
            for i, (label, value) in enumerate(rows_of(s)):
                table.add_row(label, value, key=str(i))
