"""Workers' complaints (职工诉求) the union can see, newest first; `n` enters a
paper complaint from the complaint box; space marks complaints and `o` folds the
marked ones into a demand order for the federation; `a` answers one at the
enterprise level, without an order."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from tui.i18n import L, fit
from tui.screens.base import AreaScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import CATEGORIES, COMPLAINT_STATUSES, Complaint, VoiceApi
from tui.screens.voice.common import day, is_union, worker
from tui.widgets.paged_table import PagedTable, Row
from tui.widgets.search import SearchInput
from tui.widgets.tables import selected_key

EVERY_CATEGORY = L("全部类别", "Every category")
FIND = L("按受理编号或诉求内容查找，回车应用", "Find by reference or words of the text, Enter applies")

COLUMNS = ("mark", "ref", "category", "channel", "status", "worker", "filed", "text")
MARK = "●"
STATUSES = (None, *COMPLAINT_STATUSES)


class ComplaintBoxScreen(AreaScreen):
    AREA = "voice.complaint_box"
    HEADING = lbl.COMPLAINTS_TITLE
    CSS_PATH = ["../screens.tcss", "voice.tcss"]
    BINDINGS = [
        Binding("n", "paper", lbl.PAPER.id, id="voice.complaints.paper"),
        Binding("s", "next_status", lbl.STATUS_FILTER.id, id="voice.complaints.status"),
        Binding("space", "mark", lbl.MARK.id, id="voice.complaints.mark"),
        Binding("o", "fold", lbl.FOLD.id, id="voice.complaints.fold"),
        Binding("a", "answer", lbl.ANSWER.id, id="voice.complaints.answer"),
    ]

    def __init__(self, q: str = "") -> None:
        super().__init__()
        self.q = q  # a reference number or words of the text (the API's `q`)
        self.status: str | None = None
        self.complaints: dict[str, Complaint] = {}
        self.marked: list[str] = []  # keys, in the order they were marked

    def body(self) -> ComposeResult:
        with Horizontal(id="complaint-filters"):
            yield SearchInput(self.q, placeholder=str(FIND), id="filter")
            yield Select[str](
                [(lbl.of(lbl.CATEGORY_OF, c), c) for c in CATEGORIES],
                prompt=str(EVERY_CATEGORY),
                id="category",
                compact=True,
            )
        yield Static(self.filter_text(), id="status-filter", markup=False)
        yield PagedTable(self.fetch, id="complaints")
        yield Static("", id="count", markup=False)
        yield Static("", id="complaint-text", markup=False)

    def filter_text(self) -> str:
        status = lbl.of(lbl.STATUS_OF, self.status) if self.status else lbl.ALL()
        return lbl.SHOWING(status=status)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        for key in COLUMNS:
            table.add_column(lbl.of(lbl.COMPLAINTS_COL_OF, key), key=key)
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("paper", "mark", "fold", "answer") and not is_union(self.app):
            return False
        if action == "fold" and not self.marked:
            return None
        if action == "answer":
            current = self.current()
            return None if current is None or current.status != "submitted" else True
        return True

    def current(self) -> Complaint | None:
        tables = self.query(PagedTable)  # (asked for the footer before the table exists, too)
        key = selected_key(tables.first()) if tables else None
        return self.complaints.get(key) if key is not None else None

    def action_answer(self) -> None:
        from tui.screens.voice.answer import AnswerComplaintModal

        c = self.current()
        if c is not None and c.status == "submitted":

            def answered(done: object) -> None:
                if done is not None:
                    self.action_refresh()

            self.app.push_screen(AnswerComplaintModal(c), answered)

    async def fetch(self, cursor: str | None) -> tuple[list[Row], str | None]:
        page = await VoiceApi.of(self.app).complaints(
            status=self.status, q=self.q or None, category=self.category(), cursor=cursor
        )
        rows: list[Row] = []
        for c in page.items:
            self.complaints[str(c.id)] = c
            rows.append(
                (
                    str(c.id),
                    (
                        MARK if str(c.id) in self.marked else "",
                        c.ref,
                        lbl.of(lbl.CATEGORY_OF, c.category),
                        lbl.of(lbl.CHANNEL_OF, c.channel),
                        lbl.of(lbl.STATUS_OF, c.status),
                        fit(worker(c), 10),
                        day(c.created_at),
                        fit(c.text, 40),
                    ),
                )
            )
        return rows, page.next_cursor

    def action_refresh(self) -> None:
        self.complaints = {}
        self.marked = []
        self.refresh_bindings()
        self.query_one(PagedTable).reset()

    @on(Input.Submitted, "#filter")
    def find(self, event: Input.Submitted) -> None:
        self.q = event.value.strip()
        self.action_refresh()
        self.query_one(PagedTable).focus()

    def category(self) -> str | None:
        value = self.query_one("#category", Select).value
        return value if isinstance(value, str) else None

    @on(Select.Changed, "#category")
    def category_chosen(self) -> None:
        self.action_refresh()

    def action_next_status(self) -> None:
        self.status = STATUSES[(STATUSES.index(self.status) + 1) % len(STATUSES)]
        self.query_one("#status-filter", Static).update(self.filter_text())
        self.action_refresh()

    @on(PagedTable.PageLoaded)
    def count(self, event: PagedTable.PageLoaded) -> None:
        self.query_one("#count", Static).update(lbl.COMPLAINTS_COUNT(count=event.table.row_count))
        self.show_text()

    @on(DataTable.RowHighlighted)
    def show_text(self) -> None:
        c = self.current()
        text = ""
        if c is not None:
            text = f"{c.ref} · {worker(c)}：{c.text}"
            if c.answer:
                text += "\n" + lbl.COMPLAINT_ANSWER(answer=c.answer)
        self.query_one("#complaint-text", Static).update(text)
        self.refresh_bindings()

    def action_mark(self) -> None:
        """Mark (or unmark) the complaint under the cursor; only one not yet in an order can be folded."""
        table = self.query_one(PagedTable)
        key = selected_key(table)
        c = self.complaints.get(key) if key is not None else None
        if key is None or c is None:
            return
        if key in self.marked:
            self.marked.remove(key)
        elif c.order_id is not None or c.status != "submitted":
            self.notify(lbl.FOLD_NOT_FOLDABLE(ref=c.ref), severity="warning", markup=False)
            return
        else:
            self.marked.append(key)
        table.update_cell(key, "mark", MARK if key in self.marked else "")
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self.refresh_bindings()

    def action_fold(self) -> None:
        from tui.screens.voice.fold import FoldOrderModal
        from tui.screens.voice.order import OrderScreen

        complaints = [self.complaints[k] for k in self.marked if k in self.complaints]
        if not complaints:
            return

        def folded(order) -> None:
            if order is not None:
                self.action_refresh()
                self.app.push_screen(OrderScreen(order.id), lambda _: self.action_refresh())

        self.app.push_screen(FoldOrderModal(complaints), folded)

    def action_paper(self) -> None:
        from tui.screens.voice.paper import enter_paper_complaint

        enter_paper_complaint(self.app)
