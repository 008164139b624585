"""The federation's queue of open acceptance forms (工会维权服务受理单), nearest
deadline first, with the Chinese working days left; overdue and provisional
deadlines are marked. Enter opens the form's demand order; `v` resolves a form."""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import labels as ui
from tui.i18n import L, fit
from tui.screens.base import AreaScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Form, VoiceApi
from tui.screens.voice.common import day, due_cell, is_union, left_cell
from tui.widgets.base import bind
from tui.widgets.tables import selected_key

MARK = L("选中/取消", "Mark")
ASSIGN = L("指派经办人", "Assign officer")
MARKED = "✓"  # a mark, not a colour
MARKED_COUNT = L("已选 {count} 张", "{count} marked")
ASSIGNED = L("已将 {count} 张受理单指派给{officer}", "{count} forms assigned to {officer}")
ADMINS = frozenset({"tenant_admin", "platform_admin"})

COLUMNS = ("ref", "order", "officer", "due", "left", "complaints")  # opened: in the line below


class FormQueueScreen(AreaScreen):
    AREA = "voice.queue"
    HEADING = lbl.QUEUE_TITLE
    CSS_PATH = ["../screens.tcss", "voice.tcss"]
    BINDINGS = [
        Binding("o", "open_order", lbl.OPEN_ORDER.id, id="voice.queue.open"),
        Binding("v", "resolve", lbl.RESOLVE.id, id="voice.queue.resolve"),
        Binding("m", "toggle_mine", lbl.MINE.id, id="voice.queue.mine"),
        Binding("n", "paper", lbl.PAPER.id, id="voice.queue.paper"),
        bind("space", "mark", MARK, key_display="␣"),
        bind("a", "assign", ASSIGN),
    ]

    def __init__(self, *, on: dt.date | None = None) -> None:
        super().__init__()
        self.on = on  # None: the server's today (Asia/Shanghai); tests pin a day
        self.mine = False
        self.forms: list[Form] = []
        self.marks: set[str] = set()  # forms marked (space) for assigning an officer to all at once

    def body(self) -> ComposeResult:
        yield Static("", id="queue-note", markup=False)
        yield DataTable(id="forms", cursor_type="row", zebra_stripes=True)
        yield Static("", id="form-detail", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#forms", DataTable)
        for key in COLUMNS:
            table.add_column(lbl.of(lbl.QUEUE_COL_OF, key), key=key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "assign":
            return self.app.identity is not None and self.app.identity.role in ADMINS
        if action in ("resolve", "paper"):
            if not is_union(self.app):
                return False
            if action == "resolve" and self.selected(quiet=True) is None:
                return None
        return True

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="voice-queue", exit_on_error=False)
    async def load(self) -> None:
        forms = await VoiceApi.of(self.app).queue(on=self.on, mine=self.mine)
        self.forms = sorted(forms, key=lambda f: (f.due_on, f.id))  # the server's order, kept if it changes
        self.show_rows()

    def show_rows(self) -> None:
        table = self.query_one("#forms", DataTable)
        current = selected_key(table)
        with self.app.batch_update():
            table.clear()
            for f in self.forms:
                table.add_row(
                    f"{MARKED} {f.ref}" if str(f.id) in self.marks else f.ref,
                    fit(f"{f.order_ref} {f.order_title}", 28),
                    fit(f.officer_name or ui.APP_NONE(), 10),
                    due_cell(f),
                    left_cell(f),
                    str(f.complaint_count),
                    key=str(f.id),
                )
            if current in {str(f.id) for f in self.forms}:
                table.move_cursor(row=table.get_row_index(current))
        overdue = sum(1 for f in self.forms if f.overdue)
        provisional = sum(1 for f in self.forms if f.provisional)
        note = lbl.QUEUE_NOTE(open=len(self.forms), overdue=overdue, provisional=provisional)
        if self.mine:
            note += lbl.QUEUE_MINE_ONLY()
        if self.marks:
            note += " · " + MARKED_COUNT(count=len(self.marks))
        self.query_one("#queue-note", Static).update(note)
        self.show_detail()

    @on(DataTable.RowHighlighted, "#forms")
    def show_detail(self) -> None:
        form = self.selected(quiet=True)
        text = ""
        if form is not None:
            lines = [
                lbl.QUEUE_DETAIL(
                    ref=form.ref,
                    order=form.order_ref,
                    title=form.order_title,
                    days=form.working_days,
                    opened=day(form.opened_on),
                    due=day(form.due_on),
                )
            ]
            if form.provisional:
                lines.append("⚠ " + lbl.PROVISIONAL_WARNING(year=form.due_on.year))
            text = "\n".join(lines)
        self.query_one("#form-detail", Static).update(text)
        self.refresh_bindings()

    def selected(self, *, quiet: bool = False) -> Form | None:
        tables = self.query("#forms").results(DataTable)  # (asked for the footer before the table exists, too)
        table = next(tables, None)
        key = selected_key(table) if table is not None else None
        form = next((f for f in self.forms if str(f.id) == key), None)
        if form is None and not quiet:
            self.notify(lbl.QUEUE_NONE_SELECTED(), severity="warning", markup=False)
        return form

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_order()

    def action_open_order(self) -> None:
        from tui.screens.voice.order import OrderScreen

        form = self.selected()
        if form is not None:

            def reload(_: object) -> None:
                self.load()

            self.app.push_screen(OrderScreen(form.order_id), reload)

    def action_resolve(self) -> None:
        from tui.screens.voice.resolve import ResolveFormModal

        form = self.selected()
        if form is None:
            return

        def resolved(done: Form | None) -> None:
            if done is not None:
                self.load()

        self.app.push_screen(ResolveFormModal(form), resolved)

    def action_mark(self) -> None:
        form = self.selected(quiet=True)
        if form is None:
            return
        self.marks.symmetric_difference_update({str(form.id)})
        table = self.query_one("#forms", DataTable)
        row = table.cursor_row
        self.show_rows()
        table.move_cursor(row=min(row + 1, table.row_count - 1))

    def marked(self) -> list[Form]:
        """The marked forms; the highlighted one when none is marked."""
        chosen = [f for f in self.forms if str(f.id) in self.marks]
        if chosen:
            return chosen
        form = self.selected()
        return [form] if form is not None else []

    def action_assign(self) -> None:
        from tui.screens.voice.assign import AssignOfficerModal

        forms = self.marked()
        if not forms:
            return

        def assigned(done: list[Form] | None) -> None:
            if done:
                self.notify(ASSIGNED(count=len(done), officer=done[0].officer_name), markup=False)
                self.marks.clear()
                self.load()

        self.app.push_screen(AssignOfficerModal(forms), assigned)

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self.load()

    def action_paper(self) -> None:
        from tui.screens.voice.paper import enter_paper_complaint

        enter_paper_complaint(self.app)
