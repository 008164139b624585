"""The tenant's activity log (core module): paged from the server, newest first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui.i18n import fit, t
from tui.screens.base import AreaScreen
from tui.screens.tokens import when
from tui.widgets.paged_table import PagedTable, Row
from tui.widgets.search import SearchInput

PAGE = 100


class ActivityScreen(AreaScreen):
    AREA = "core.activity"
    CSS_PATH = "screens.tcss"

    def heading(self) -> str:
        return t("activity.title", tenant=self.app.tenant_slug)

    def body(self) -> ComposeResult:
        yield SearchInput(placeholder=t("activity.filter"), id="action-filter")
        yield PagedTable(self.fetch, id="events")
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        for key in ("id", "at", "actor", "action", "subject"):
            table.add_column(t(f"activity.col.{key}"), key=key)
        table.focus()
        super().on_mount()

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
        more = t("activity.end") if table.exhausted else t("activity.more")
        self.query_one("#count", Static).update(t("activity.loaded", count=table.row_count, more=more))
