"""The federation's queue of open acceptance forms (工会维权服务受理单), nearest
deadline first, with the Chinese working days left; overdue and provisional
deadlines are marked. Enter opens the form's demand order; `v` resolves a form;
space marks forms and `a` assigns one officer to the marked ones."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import labels as ui
from tui.i18n import L
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Form, VoiceApi
from tui.screens.voice.common import day, due_cell, is_union, left_cell
from tui.widgets.base import bind
from tui.widgets.paged_table import PagedTable

ASSIGN = L("指派经办人", "Assign officer")
ASSIGNED = L("已将 {count} 张受理单指派给{officer}", "{count} forms assigned to {officer}")
ADMINS = frozenset({"tenant_admin", "platform_admin"})


class FormQueueScreen(ListScreen[Form]):
    AREA = "voice.queue"
    HEADING = lbl.QUEUE_TITLE
    CSS_PATH = ["../screens.tcss", "voice.tcss"]
    MARKS = True
    COLUMNS = (  # opened: in the line below
        Column("ref", lbl.QUEUE_COL_REF, lambda f: f.ref),
        Column("order", lbl.QUEUE_COL_ORDER, lambda f: f"{f.order_ref} {f.order_title}", width=28),
        Column("officer", lbl.QUEUE_COL_OFFICER, lambda f: f.officer_name or ui.APP_NONE(), width=10),
        Column("due", lbl.QUEUE_COL_DUE, due_cell),
        Column("left", lbl.QUEUE_COL_LEFT, left_cell),
        Column("complaints", lbl.QUEUE_COL_COMPLAINTS, lambda f: str(f.complaint_count)),
    )
    BINDINGS = [
        Binding("o", "open_order", lbl.OPEN_ORDER.id, id="voice.queue.open"),
        Binding("v", "resolve", lbl.RESOLVE.id, id="voice.queue.resolve"),
        Binding("m", "toggle_mine", lbl.MINE.id, id="voice.queue.mine"),
        Binding("n", "paper", lbl.PAPER.id, id="voice.queue.paper"),
        bind("a", "assign", ASSIGN),
    ]

    def __init__(self, *, on: dt.date | None = None) -> None:
        super().__init__()
        self.on = on  # None: the server's today (Asia/Shanghai); tests pin a day
        self.mine = False

    def body(self) -> ComposeResult:
        yield Static("", id="queue-note", markup=False)
        yield from super().body()
        yield Static("", id="form-detail", markup=False)

    async def page(self, cursor: str | None) -> Page[Form]:
        return await VoiceApi.of(self.app).queue(on=self.on, mine=self.mine, cursor=cursor)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("assign", "mark"):
            return self.app.identity is not None and self.app.identity.role in ADMINS
        if action in ("resolve", "paper"):
            if not is_union(self.app):
                return False
            if action == "resolve" and (not self.query("#list") or self.current() is None):
                return None  # (the footer asks before the table exists, too)
        return super().check_action(action, parameters)

    @on(PagedTable.PageLoaded)
    def show_note(self) -> None:
        forms = list(self.records.values())
        overdue = sum(1 for f in forms if f.overdue)
        provisional = sum(1 for f in forms if f.provisional)
        note = lbl.QUEUE_NOTE(open=len(forms), overdue=overdue, provisional=provisional)
        if self.mine:
            note += lbl.QUEUE_MINE_ONLY()
        self.query_one("#queue-note", Static).update(note)
        self.show_detail()

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        form = self.current()
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

    def open(self, form: Form) -> None:
        from tui.screens.voice.order import OrderScreen

        self.app.push_screen(OrderScreen(form.order_id), self.refreshed)

    def action_open_order(self) -> None:
        if (form := self.selected()) is not None:
            self.open(form)

    def action_resolve(self) -> None:
        from tui.screens.voice.resolve import ResolveFormModal

        if (form := self.selected()) is not None:
            self.app.push_screen(ResolveFormModal(form), self.reload_if_done)

    def reload_if_done(self, done: object) -> None:
        if done is not None:
            self.action_refresh()

    def action_assign(self) -> None:
        from tui.screens.voice.assign import AssignOfficerModal

        forms = self.marked()
        if not forms:
            return

        def assigned(done: list[Form] | None) -> None:
            if done:
                self.notify(ASSIGNED(count=len(done), officer=done[0].officer_name), markup=False)
                self.action_refresh()

        self.app.push_screen(AssignOfficerModal(forms), assigned)

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self.action_refresh()

    def action_paper(self) -> None:
        from tui.screens.voice.paper import enter_paper_complaint

        enter_paper_complaint(self.app)
