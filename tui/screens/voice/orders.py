"""Enterprise demand orders (企业服务需求订单), newest first; Enter opens one with its complaints."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import labels as ui
from tui.i18n import fit
from tui.screens.base import AreaScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import ORDER_STATUSES, VoiceApi
from tui.screens.voice.common import day
from tui.widgets.paged_table import PagedTable, Row
from tui.widgets.tables import selected_key

COLUMNS = ("ref", "title", "status", "complaints", "form", "created")
STATUSES = (None, *ORDER_STATUSES)


class OrdersScreen(AreaScreen):
    AREA = "voice.orders"
    HEADING = lbl.ORDERS_TITLE
    CSS_PATH = ["../screens.tcss", "voice.tcss"]
    BINDINGS = [
        Binding("o", "open", lbl.OPEN_ORDER.id, id="voice.orders.open"),
        Binding("s", "next_status", lbl.STATUS_FILTER.id, id="voice.orders.status"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: str | None = None

    def body(self) -> ComposeResult:
        yield Static(self.filter_text(), id="status-filter", markup=False)
        yield PagedTable(self.fetch, id="orders")
        yield Static("", id="count", markup=False)

    def filter_text(self) -> str:
        status = lbl.of(lbl.STATUS_OF, self.status) if self.status else lbl.ALL()
        return lbl.SHOWING(status=status)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        for key in COLUMNS:
            table.add_column(lbl.of(lbl.ORDERS_COL_OF, key), key=key)
        table.focus()

    async def fetch(self, cursor: str | None) -> tuple[list[Row], str | None]:
        page = await VoiceApi.of(self.app).orders(status=self.status, cursor=cursor)
        rows: list[Row] = []
        for o in page.items:
            form = f"{o.form.ref} · {day(o.form.due_on)}" if o.form else ui.APP_NONE()
            rows.append(
                (
                    str(o.id),
                    (
                        o.ref,
                        fit(o.title, 30),
                        lbl.of(lbl.STATUS_OF, o.status),
                        str(o.complaint_count),
                        form,
                        day(o.created_at),
                    ),
                )
            )
        return rows, page.next_cursor

    def action_refresh(self) -> None:
        self.query_one(PagedTable).reset()

    def action_next_status(self) -> None:
        self.status = STATUSES[(STATUSES.index(self.status) + 1) % len(STATUSES)]
        self.query_one("#status-filter", Static).update(self.filter_text())
        self.action_refresh()

    @on(PagedTable.PageLoaded)
    def count(self, event: PagedTable.PageLoaded) -> None:
        self.query_one("#count", Static).update(lbl.ORDERS_COUNT(count=event.table.row_count))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from tui.screens.voice.order import OrderScreen

        key = selected_key(self.query_one(PagedTable))
        if key is None:
            self.notify(lbl.ORDERS_NONE_SELECTED(), severity="warning", markup=False)
            return
        self.app.push_screen(OrderScreen(int(key)), lambda _: self.action_refresh())
