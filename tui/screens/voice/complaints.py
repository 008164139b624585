"""Workers' complaints (职工诉求) the union can see, newest first; `n` enters a
paper complaint from the complaint box; space marks complaints, `o` folds the
marked ones into a new demand order for the federation and `l` adds them to an
order already filed; `a` answers one at the enterprise level, without an order."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Select, Static

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import CATEGORIES, COMPLAINT_STATUSES, Complaint, VoiceApi
from tui.screens.voice.common import day, is_union, worker
from tui.widgets.base import bind
from tui.widgets.search import SearchInput

EVERY_CATEGORY = L("全部类别", "Every category")
EVERY_STATUS = L("全部状态", "Every status")
FIND = L("按受理编号或诉求内容查找，回车应用", "Find by reference or words of the text, Enter applies")
LINK = L("并入已有订单", "Add to an order")


def foldable(c: Complaint) -> bool:
    """Not in an order yet, not answered: it may go into an order."""
    return c.order_id is None and c.status == "submitted"


class ComplaintBoxScreen(ListScreen[Complaint]):
    AREA = "voice.complaint_box"
    HEADING = lbl.COMPLAINTS_TITLE
    CSS_PATH = ["../screens.tcss", "voice.tcss"]
    MARKS = True
    COLUMNS = (
        Column("ref", lbl.COMPLAINTS_COL_REF, lambda c: c.ref),
        Column("category", lbl.COMPLAINTS_COL_CATEGORY, lambda c: lbl.of(lbl.CATEGORY_OF, c.category)),
        Column("channel", lbl.COMPLAINTS_COL_CHANNEL, lambda c: lbl.of(lbl.CHANNEL_OF, c.channel)),
        Column("status", lbl.COMPLAINTS_COL_STATUS, lambda c: lbl.of(lbl.STATUS_OF, c.status)),
        Column("worker", lbl.COMPLAINTS_COL_WORKER, worker, width=10),
        Column("filed", lbl.COMPLAINTS_COL_FILED, lambda c: day(c.created_at)),
        Column("text", lbl.COMPLAINTS_COL_TEXT, lambda c: c.text, width=40),
    )
    BINDINGS = [
        bind("n", "paper", lbl.PAPER),
        bind("o", "fold", lbl.FOLD),
        bind("l", "link", LINK),
        bind("a", "answer", lbl.ANSWER),
    ]

    def __init__(self, q: str = "") -> None:
        super().__init__()
        self.q = q  # a reference number or words of the text (the API's `q`)

    def filters(self) -> ComposeResult:
        yield SearchInput(self.q, placeholder=str(FIND), id="q")
        yield Select[str](
            [(lbl.of(lbl.CATEGORY_OF, c), c) for c in CATEGORIES],
            prompt=str(EVERY_CATEGORY),
            id="category",
            compact=True,
        )
        yield Select[str](
            [(lbl.of(lbl.STATUS_OF, s), s) for s in COMPLAINT_STATUSES],
            prompt=str(EVERY_STATUS),
            id="status",
            compact=True,
        )

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static("", id="complaint-text", markup=False)

    async def page(self, cursor: str | None) -> Page[Complaint]:
        return await VoiceApi.of(self.app).complaints(cursor=cursor, **self.filter_values())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("paper", "mark", "fold", "link", "answer") and not is_union(self.app):
            return False
        if action == "answer":
            current = self.current() if self.query("#list") else None  # (the footer asks before the table exists)
            return None if current is None or current.status != "submitted" else True
        return super().check_action(action, parameters)

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

    def foldable(self) -> list[Complaint]:
        """The marked complaints that may go into an order; the others are said and left out."""
        marked = self.marked()
        for c in marked:
            if not foldable(c):
                self.notify(lbl.FOLD_NOT_FOLDABLE(ref=c.ref), severity="warning", markup=False)
        return [c for c in marked if foldable(c)]

    def action_fold(self) -> None:
        from tui.screens.voice.fold import FoldOrderModal

        if complaints := self.foldable():
            self.app.push_screen(FoldOrderModal(complaints), self.show_order)

    def action_link(self) -> None:
        from tui.screens.voice.fold import AddToOrderModal

        if complaints := self.foldable():
            self.app.push_screen(AddToOrderModal(complaints), self.show_order)

    def show_order(self, order) -> None:
        from tui.screens.voice.order import OrderScreen

        if order is not None:
            self.action_refresh()
            self.app.push_screen(OrderScreen(order.id), self.refreshed)

    def action_answer(self) -> None:
        from tui.screens.voice.answer import AnswerComplaintModal

        c = self.current()
        if c is not None and c.status == "submitted":
            self.app.push_screen(AnswerComplaintModal(c), self.refreshed)

    def action_paper(self) -> None:
        from tui.screens.voice.paper import enter_paper_complaint

        enter_paper_complaint(self.app)
