"""An enterprise demand order (企业服务需求订单) with its linked complaints; its
acceptance form, if the federation opened one (resolve it from here with `v`)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import labels as ui
from tui.client import ApiError
from tui.i18n import fit
from tui.screens.base import AreaScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Complaint, Form, Order, VoiceApi
from tui.screens.voice.common import day, due_cell, is_admin, is_union, left_cell, worker
from tui.widgets.tables import selected_key

COLUMNS = ("ref", "category", "channel", "status", "worker", "filed", "text")


class OrderScreen(AreaScreen):
    AREA = "voice.orders"
    CSS_PATH = ["../screens.tcss", "voice.tcss"]
    AUTO_FOCUS = "#complaints"
    BINDINGS = [
        Binding("escape", "back", ui.APP_BACK.id, id="voice.order.back"),
        Binding("v", "resolve", lbl.RESOLVE.id, id="voice.order.resolve"),
        Binding("f", "open_form", lbl.OPEN_FORM.id, id="voice.order.open_form"),
    ]

    def __init__(self, order_id: int) -> None:
        super().__init__()
        self.order_id = order_id
        self.order: Order | None = None
        self.form: Form | None = None
        self.org_name = ""

    def heading(self) -> str:
        if self.order is None:
            return lbl.ORDER_LOADING()
        return lbl.ORDER_TITLE(ref=self.order.ref, title=self.order.title)

    def body(self) -> ComposeResult:
        yield Static(ui.APP_LOADING(), id="order-info", markup=False)
        yield Static("", id="complaints-title", classes="subheading", markup=False)
        yield DataTable(id="complaints", cursor_type="row", zebra_stripes=True)
        yield Static("", id="complaint-text", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#complaints", DataTable)
        for key in COLUMNS:
            table.add_column(lbl.of(lbl.COMPLAINTS_COL_OF, key), key=key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve":
            if not is_union(self.app):
                return False
            return self.form is not None and self.form.status == "open" or None
        if action == "open_form":
            if not is_admin(self.app):
                return False
            return self.order is not None and self.order.status == "submitted" or None
        return True

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(self.order)

    @work(exclusive=True, group="voice-order", exit_on_error=False)
    async def load(self) -> None:
        api = VoiceApi.of(self.app)
        self.order = await api.order(self.order_id)
        self.form = await api.form(self.order.form.id) if self.order.form is not None else None
        try:
            self.org_name = (await api.org(self.order.org_id)).name
        except ApiError:
            self.org_name = f"#{self.order.org_id}"  # the orgs routes may be off or out of this role's reach
        self.show()

    def show(self) -> None:
        order = self.order
        assert order is not None
        self.query_one("#heading", Static).update(self.heading())
        lines = [
            lbl.ORDER_INFO(
                status=lbl.of(lbl.STATUS_OF, order.status),
                org=self.org_name,
                by=order.created_by,
                on=day(order.created_at),
            )
        ]
        if order.summary:
            lines.append(order.summary)
        form = self.form
        if form is None:
            lines.append(lbl.ORDER_NO_FORM())
        elif form.status == "open":
            lines.append(
                lbl.ORDER_FORM(
                    ref=form.ref,
                    officer=form.officer_name or ui.APP_NONE(),
                    due=due_cell(form).plain,
                    left=left_cell(form).plain,
                )
            )
        else:
            lines.append(
                lbl.ORDER_FORM_RESOLVED(
                    ref=form.ref,
                    on=day(form.resolved_on),
                    outcome=lbl.of(lbl.OUTCOME_OF, form.outcome) if form.outcome else ui.APP_NONE(),
                    resolution=form.resolution,
                )
            )
        self.query_one("#order-info", Static).update("\n".join(lines))
        self.query_one("#complaints-title", Static).update(lbl.ORDER_COMPLAINTS(n=len(order.complaints)))
        table = self.query_one("#complaints", DataTable)
        with self.app.batch_update():
            table.clear()
            for c in order.complaints:
                table.add_row(
                    c.ref,
                    lbl.of(lbl.CATEGORY_OF, c.category),
                    lbl.of(lbl.CHANNEL_OF, c.channel),
                    lbl.of(lbl.STATUS_OF, c.status),
                    fit(worker(c), 10),
                    day(c.created_at),
                    fit(c.text, 40),
                    key=str(c.id),
                )
        self.show_text()
        self.refresh_bindings()

    def current(self) -> Complaint | None:
        if self.order is None:
            return None
        key = selected_key(self.query_one("#complaints", DataTable))
        return next((c for c in self.order.complaints if str(c.id) == key), None)

    @on(DataTable.RowHighlighted, "#complaints")
    def show_text(self) -> None:
        c = self.current()
        text = ""
        if c is not None:
            text = f"{c.ref} · {worker(c)}：{c.text}"
            if c.answer:
                text += "\n" + lbl.COMPLAINT_ANSWER(answer=c.answer)
        self.query_one("#complaint-text", Static).update(text)

    def action_resolve(self) -> None:
        from tui.screens.voice.resolve import ResolveFormModal

        if self.form is not None and self.form.status == "open":
            self.app.push_screen(ResolveFormModal(self.form), self.reload_if_done)

    def action_open_form(self) -> None:
        from tui.screens.voice.open_form import OpenFormModal

        if self.order is not None and self.order.status == "submitted":
            self.app.push_screen(OpenFormModal(self.order), self.reload_if_done)

    def reload_if_done(self, done: object) -> None:
        """A modal closed: load again unless it was cancelled."""
        if done is not None:
            self.load()
