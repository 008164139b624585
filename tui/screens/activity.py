"""The tenant's activity log (core module): paged from the server, newest first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui import labels as ui
from tui.i18n import L, fit, of
from tui.screens.base import AreaScreen
from tui.screens.tokens import when
from tui.widgets.paged_table import PagedTable, Row
from tui.widgets.search import SearchInput

# labels shown by this file (tui.i18n.L)
ACTIVITY_COL_ACTION = L("动作", "Action")
ACTIVITY_COL_ACTOR = L("操作人", "Actor")
ACTIVITY_COL_AT = L("时间", "Time")
ACTIVITY_COL_ID = L("编号", "ID")
ACTIVITY_COL_SUBJECT = L("对象", "Subject")
ACTIVITY_FILTER = L("按动作筛选（如 orgs.create），回车应用", "Filter by action (e.g. orgs.create), Enter applies")
ACTIVITY_LOADED = L("已加载 {count} 条{more}", "{count} loaded{more}")
ACTIVITY_TITLE = L("操作日志 · {tenant}", "Activity log · {tenant}")
ACTIVITY_COL_OF = {
    "action": ACTIVITY_COL_ACTION,
    "actor": ACTIVITY_COL_ACTOR,
    "at": ACTIVITY_COL_AT,
    "id": ACTIVITY_COL_ID,
    "subject": ACTIVITY_COL_SUBJECT,
}


PAGE = 100


class ActivityScreen(AreaScreen):
    AREA = "core.activity"
    CSS_PATH = "screens.tcss"

    def heading(self) -> str:
        return ACTIVITY_TITLE(tenant=self.app.tenant_slug)

    def body(self) -> ComposeResult:
        yield SearchInput(placeholder=ACTIVITY_FILTER(), id="action-filter")
        yield PagedTable(self.fetch, id="events")
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        for key in ("id", "at", "actor", "action", "subject"):
            table.add_column(of(ACTIVITY_COL_OF, key), key=key)
        table.focus()

    async def fetch(self, cursor: str | None) -> tuple[list[Row], str | None]:
        action = self.query_one("#action-filter", Input).value.strip() or None
        page = await self.app.client.events(
            self.app.tenant_slug,
            limit=PAGE,
            cursor=cursor,
            action=action,
        )
        rows: list[Row] = [
            (str(e.id), (str(e.id), when(e.at), fit(e.actor, 24), e.action, fit(e.subject, 60))) for e in page.items
        ]
        return rows, page.next_cursor

    def action_refresh(self) -> None:
        self.query_one(PagedTable).reset()

    @on(Input.Submitted, "#action-filter")
    def filter_changed(self) -> None:
        self.action_refresh()
        self.query_one(PagedTable).focus()

    @on(PagedTable.PageLoaded)
    def count(self, event: PagedTable.PageLoaded) -> None:
        table = event.table
        more = ui.ACTIVITY_END() if table.exhausted else ui.ACTIVITY_MORE()
        self.query_one("#count", Static).update(ACTIVITY_LOADED(count=table.row_count, more=more))
