"""The health panel: API, PostgreSQL, Redis, the worker heartbeat and Telegram sending, with
the time each was last seen, then one row per tenant's bot outbox (what waits, what failed, the
last send error); it asks again every few seconds."""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.client import Check, ConnectionLost, Outbox
from tui.i18n import fit, t
from tui.screens.base import AreaScreen
from tui.screens.tokens import SHANGHAI


def ago(moment: dt.datetime | None, now: dt.datetime) -> str:
    if moment is None:
        return t("app.none")
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 5:
        rel = t("health.just_now")
    elif seconds < 60:
        rel = t("health.ago_s", n=seconds)
    elif seconds < 3600:
        rel = t("health.ago_m", n=seconds // 60)
    elif seconds < 86400:
        rel = t("health.ago_h", n=seconds // 3600)
    else:
        rel = t("health.ago_d", n=seconds // 86400)
    return f"{moment.astimezone(SHANGHAI):%H:%M:%S} · {rel}"


PARTS = ("api", "postgres", "redis", "worker", "bot")


class HealthScreen(AreaScreen):
    AREA = "health"
    TITLE_KEY = "health.title"
    CSS_PATH = "screens.tcss"

    def body(self) -> ComposeResult:
        yield DataTable(id="health", cursor_type="row", show_cursor=False)
        yield Static("", id="checked", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#health", DataTable)
        for key in ("part", "state", "detail", "seen"):
            table.add_column(t(f"health.col.{key}"), key=key)
        for part in PARTS:
            table.add_row(t(f"health.{part}"), "…", "", "", key=part)
        interval = self.app.health_interval
        if interval:
            self.set_interval(interval, self.action_refresh)
        super().on_mount()

    def action_refresh(self) -> None:
        self.check()

    @work(exclusive=True, group="health", exit_on_error=False)
    async def check(self) -> None:
        client = self.app.client
        now = dt.datetime.now(dt.UTC)
        try:
            ready = await client.readyz()
        except ConnectionLost as error:
            self.show("api", Check(False, error.reason), now)
            for part in PARTS[1:]:
                self.show(part, Check(False, t("app.none")), now)
            raise  # the app shows the banner and retries
        self.show("api", Check(True, client.url, now), now)
        for part in PARTS[1:]:
            self.show(part, getattr(ready, part), now)
        for outbox in ready.outboxes:
            self.show_outbox(outbox, now)
        interval = int(self.app.health_interval)
        checked = f"{now.astimezone(SHANGHAI):%H:%M:%S}"
        self.query_one("#checked", Static).update(
            t("health.checked", time=checked, seconds=interval) if interval else t("health.checked_once", time=checked)
        )

    def show(self, part: str, check: Check, now: dt.datetime) -> None:
        table = self.query_one("#health", DataTable)
        state = ("● " + t("health.ok")) if check.ok else ("✖ " + t("health.down"))
        with self.app.batch_update():
            table.update_cell(part, "state", state, update_width=True)
            table.update_cell(part, "detail", fit(check.detail, 48), update_width=True)
            table.update_cell(part, "seen", ago(check.last_seen, now), update_width=True)

    def show_outbox(self, outbox: Outbox, now: dt.datetime) -> None:
        """One row per tenant's bot: its backlog and failures, and the last send error."""
        table = self.query_one("#health", DataTable)
        key = f"outbox:{outbox.tenant}"
        if key not in table.rows:
            table.add_row(t("health.outbox", tenant=outbox.tenant), "", "", "", key=key)
        detail = t("health.outbox_detail", queued=outbox.queued, failed=outbox.failed)
        if outbox.last_error:
            detail += "; " + t("health.outbox_error", error=outbox.last_error)
        check = Check(not outbox.failing, detail, outbox.last_error_at)
        self.show(key, check, now)
