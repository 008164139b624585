"""The health panel: API, PostgreSQL, Redis, the worker heartbeat and Telegram sending, with
the time each was last seen, then one row per tenant's bot outbox (what waits, what failed, the
last send error); it asks again every few seconds."""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui import labels as ui
from tui.client import Check, ConnectionLost, Outbox
from tui.i18n import L, fit, of
from tui.screens.base import AreaScreen
from tui.screens.tokens import SHANGHAI

# labels shown by this file (tui.i18n.L)
HEALTH_AGO_D = L("{n} 天前", "{n} days ago")
HEALTH_AGO_H = L("{n} 小时前", "{n} h ago")
HEALTH_AGO_M = L("{n} 分钟前", "{n} min ago")
HEALTH_AGO_S = L("{n} 秒前", "{n}s ago")
HEALTH_API = L("接口服务", "API")
HEALTH_BOT = L("Telegram 机器人发送", "Telegram sending")
HEALTH_CHECKED = L("检查于 {time}，每 {seconds} 秒自动刷新", "Checked at {time}; refreshes every {seconds}s")
HEALTH_CHECKED_ONCE = L("检查于 {time}，按 r 再查", "Checked at {time}; r checks again")
HEALTH_COL_DETAIL = L("说明", "Detail")
HEALTH_COL_PART = L("部件", "Part")
HEALTH_COL_SEEN = L("最近一次", "Last seen")
HEALTH_COL_STATE = L("状态", "State")
HEALTH_DOWN = L("异常", "down")
HEALTH_JUST_NOW = L("刚刚", "just now")
HEALTH_OK = L("正常", "ok")
HEALTH_OUTBOX = L("机器人 · {tenant}", "Bot · {tenant}")
HEALTH_OUTBOX_DETAIL = L("待发 {queued}，失败 {failed}", "{queued} queued, {failed} failed")
HEALTH_OUTBOX_ERROR = L("最近错误：{error}", "last error: {error}")
HEALTH_POSTGRES = L("PostgreSQL 数据库", "PostgreSQL")
HEALTH_REDIS = L("Redis 队列", "Redis")
HEALTH_TITLE = L("运行状态", "Health")
HEALTH_WORKER = L("后台任务（心跳）", "Worker heartbeat")
HEALTH_OF = {
    "ago_d": HEALTH_AGO_D,
    "ago_h": HEALTH_AGO_H,
    "ago_m": HEALTH_AGO_M,
    "ago_s": HEALTH_AGO_S,
    "api": HEALTH_API,
    "bot": HEALTH_BOT,
    "checked": HEALTH_CHECKED,
    "checked_once": HEALTH_CHECKED_ONCE,
    "col.detail": HEALTH_COL_DETAIL,
    "col.part": HEALTH_COL_PART,
    "col.seen": HEALTH_COL_SEEN,
    "col.state": HEALTH_COL_STATE,
    "down": HEALTH_DOWN,
    "just_now": HEALTH_JUST_NOW,
    "ok": HEALTH_OK,
    "outbox": HEALTH_OUTBOX,
    "outbox_detail": HEALTH_OUTBOX_DETAIL,
    "outbox_error": HEALTH_OUTBOX_ERROR,
    "postgres": HEALTH_POSTGRES,
    "redis": HEALTH_REDIS,
    "title": HEALTH_TITLE,
    "worker": HEALTH_WORKER,
}
HEALTH_COL_OF = {
    "detail": HEALTH_COL_DETAIL,
    "part": HEALTH_COL_PART,
    "seen": HEALTH_COL_SEEN,
    "state": HEALTH_COL_STATE,
}


def ago(moment: dt.datetime | None, now: dt.datetime) -> str:
    if moment is None:
        return ui.APP_NONE()
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 5:
        rel = HEALTH_JUST_NOW()
    elif seconds < 60:
        rel = HEALTH_AGO_S(n=seconds)
    elif seconds < 3600:
        rel = HEALTH_AGO_M(n=seconds // 60)
    elif seconds < 86400:
        rel = HEALTH_AGO_H(n=seconds // 3600)
    else:
        rel = HEALTH_AGO_D(n=seconds // 86400)
    return f"{moment.astimezone(SHANGHAI):%H:%M:%S} · {rel}"


PARTS = ("api", "postgres", "redis", "worker", "bot")


class HealthScreen(AreaScreen):
    AREA = "health"
    HEADING = HEALTH_TITLE
    CSS_PATH = "screens.tcss"

    def body(self) -> ComposeResult:
        yield DataTable(id="health", cursor_type="row", show_cursor=False)
        yield Static("", id="checked", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#health", DataTable)
        for key in ("part", "state", "detail", "seen"):
            table.add_column(of(HEALTH_COL_OF, key), key=key)
        for part in PARTS:
            table.add_row(of(HEALTH_OF, part), "…", "", "", key=part)
        interval = self.app.health_interval
        if interval:
            self.set_interval(interval, self.action_refresh)

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
                self.show(part, Check(False, ui.APP_NONE()), now)
            raise  # the app shows the banner and retries
        self.show("api", Check(True, client.url, now), now)
        for part in PARTS[1:]:
            self.show(part, getattr(ready, part), now)
        for outbox in ready.outboxes:
            self.show_outbox(outbox, now)
        interval = int(self.app.health_interval)
        checked = f"{now.astimezone(SHANGHAI):%H:%M:%S}"
        self.query_one("#checked", Static).update(
            HEALTH_CHECKED(time=checked, seconds=interval) if interval else HEALTH_CHECKED_ONCE(time=checked)
        )

    def show(self, part: str, check: Check, now: dt.datetime) -> None:
        table = self.query_one("#health", DataTable)
        state = ("● " + HEALTH_OK()) if check.ok else ("✖ " + HEALTH_DOWN())
        with self.app.batch_update():
            table.update_cell(part, "state", state, update_width=True)
            table.update_cell(part, "detail", fit(check.detail, 48), update_width=True)
            table.update_cell(part, "seen", ago(check.last_seen, now), update_width=True)

    def show_outbox(self, outbox: Outbox, now: dt.datetime) -> None:
        """One row per tenant's bot: its backlog and failures, and the last send error."""
        table = self.query_one("#health", DataTable)
        key = f"outbox:{outbox.tenant}"
        if key not in table.rows:
            table.add_row(HEALTH_OUTBOX(tenant=outbox.tenant), "", "", "", key=key)
        detail = HEALTH_OUTBOX_DETAIL(queued=outbox.queued, failed=outbox.failed)
        if outbox.last_error:
            detail += "; " + HEALTH_OUTBOX_ERROR(error=outbox.last_error)
        check = Check(not outbox.failing, detail, outbox.last_error_at)
        self.show(key, check, now)
