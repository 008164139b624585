"""The three forms over a period: complaints by category, channel and status, orders,
forms, on-time rate, working days to resolve, ratings (`/voice/statistics`)."""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from tui.i18n import t
from tui.screens.base import AreaScreen
from tui.screens.voice.api import CATEGORIES, COMPLAINT_STATUSES, Statistics, VoiceApi
from tui.screens.voice.common import SHANGHAI
from tui.widgets.search import SearchInput

CHANNELS = ("telegram", "api", "tui")


def rows_of(s: Statistics) -> list[tuple[str, str]]:
    rows = [(t("voice.stats.complaints"), f"{s.complaints:,}")]
    rows += [("  " + t(f"voice.category.{c}"), f"{s.by_category.get(c, 0):,}") for c in CATEGORIES]
    rows += [
        ("  " + t("voice.stats.via", channel=t(f"voice.channel.{c}")), f"{s.by_channel.get(c, 0):,}") for c in CHANNELS
    ]
    rows += [("  " + t(f"voice.status.{c}"), f"{s.by_status.get(c, 0):,}") for c in COMPLAINT_STATUSES]
    rows += [
        (t("voice.stats.demand_orders"), f"{s.demand_orders:,}"),
        (t("voice.stats.acceptance_forms"), f"{s.acceptance_forms:,}"),
        (t("voice.stats.open_forms"), f"{s.open_forms:,}"),
        (t("voice.stats.overdue_forms"), f"{s.overdue_forms:,}"),
        (t("voice.stats.on_time_rate"), f"{s.on_time_rate:.1%}"),
        (t("voice.stats.median_working_days"), f"{s.median_working_days:g}"),
        (t("voice.stats.average_working_days"), f"{s.average_working_days:.1f}"),
        (t("voice.stats.ratings"), f"{s.ratings:,}"),
        (t("voice.stats.average_rating"), f"{s.average_rating:.2f}" if s.ratings else t("app.none")),
    ]
    return rows


class StatisticsScreen(AreaScreen):
    AREA = "voice.statistics"
    TITLE_KEY = "voice.stats.title"
    CSS_PATH = ["../screens.tcss", "voice.tcss"]

    def body(self) -> ComposeResult:
        today = dt.datetime.now(SHANGHAI).date()  # the federation's today, not the terminal's
        with Horizontal(id="period"):
            yield Label(t("voice.stats.from"), classes="field-label")
            yield SearchInput(f"{today.year}-01-01", id="start", compact=True, max_length=10)
            yield Label(t("voice.stats.to"), classes="field-label")
            yield SearchInput(f"{today:%Y-%m-%d}", id="end", compact=True, max_length=10)
        yield DataTable(id="statistics", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#statistics", DataTable)
        table.add_column(t("report.col.figure"), key="figure")
        table.add_column(t("report.col.value"), key="value")
        table.focus()
        super().on_mount()

    @on(Input.Submitted)
    def action_refresh(self) -> None:
        try:
            start = dt.date.fromisoformat(self.query_one("#start", Input).value.strip())
            last = dt.date.fromisoformat(self.query_one("#end", Input).value.strip())
        except ValueError:
            self.notify(t("voice.stats.bad_dates"), severity="warning", markup=False)
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
