"""Enterprise demand orders (企业服务需求订单), newest first; Enter opens one with its complaints."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Select

from tui import labels as ui
from tui.i18n import L
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import ORDER_STATUSES, Order, VoiceApi
from tui.screens.voice.common import day

EVERY_STATUS = L("全部状态", "Every status")


def form_cell(o: Order) -> str:
    return f"{o.form.ref} · {day(o.form.due_on)}" if o.form else ui.APP_NONE()


class OrdersScreen(ListScreen[Order]):
    AREA = "voice.orders"
    HEADING = lbl.ORDERS_TITLE
    CSS_PATH = ["../screens.tcss", "voice.tcss"]
    COLUMNS = (
        Column("ref", lbl.ORDERS_COL_REF, lambda o: o.ref),
        Column("title", lbl.ORDERS_COL_TITLE, lambda o: o.title, width=30),
        Column("status", lbl.ORDERS_COL_STATUS, lambda o: lbl.of(lbl.STATUS_OF, o.status)),
        Column("complaints", lbl.ORDERS_COL_COMPLAINTS, lambda o: str(o.complaint_count)),
        Column("form", lbl.ORDERS_COL_FORM, form_cell),
        Column("created", lbl.ORDERS_COL_CREATED, lambda o: day(o.created_at)),
    )

    def filters(self) -> ComposeResult:
        yield Select[str](
            [(lbl.of(lbl.STATUS_OF, s), s) for s in ORDER_STATUSES], prompt=str(EVERY_STATUS), id="status", compact=True
        )

    async def page(self, cursor: str | None) -> Page[Order]:
        return await VoiceApi.of(self.app).orders(cursor=cursor, **self.filter_values())

    def open(self, order: Order) -> None:
        from tui.screens.voice.order import OrderScreen

        self.app.push_screen(OrderScreen(order.id), self.refreshed)
