"""Enter a paper complaint from the complaint box (意见箱): category, the enterprise
union, the worker if the paper is signed, anonymity, the text. It is filed with
channel `tui`; an unsigned paper is anonymous (the server decides so)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from tui import labels as ui
from tui.client import ApiError
from tui.screens.base import Modal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import CATEGORIES, Complaint, VoiceApi
from tui.screens.voice.common import text_field
from tui.widgets.form import field_row, show_error
from tui.widgets.toggles import Tick

FIELDS = ("category", "org_id", "member_id", "anonymous", "text")


def enter_paper_complaint(app) -> None:
    """Open the form; once filed, say its reference and refresh the screen underneath."""

    def filed(complaint: Complaint | None) -> None:
        if complaint is not None:
            app.notify(lbl.PAPER_FILED(ref=complaint.ref), markup=False)
            refresh = getattr(app.screen, "action_refresh", None)
            if refresh is not None:
                refresh()

    app.push_screen(PaperComplaintModal(), filed)


class PaperComplaintModal(Modal):
    """Dismisses with the filed Complaint, or None when cancelled."""

    CSS_PATH = ["../forms.tcss", "voice.tcss"]
    BINDINGS = [Binding("ctrl+s", "submit", lbl.PAPER_SUBMIT.id, id="voice.paper.submit")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="paper-complaint", classes="dialog"):
            yield Static(lbl.PAPER_TITLE(), classes="form-title", markup=False)
            with Grid(classes="form-grid"):
                yield from field_row(
                    lbl.PAPER_CATEGORY(),
                    Select(
                        [(lbl.of(lbl.CATEGORY_OF, c), c) for c in CATEGORIES],
                        prompt=lbl.PAPER_CHOOSE(),
                        id="category",
                        compact=True,
                    ),
                    "category",
                )
                yield from field_row(
                    lbl.PAPER_UNION_SEARCH(),
                    Input(id="union-search", compact=True, placeholder=lbl.PAPER_UNION_SEARCH_HINT()),
                )
                yield from field_row(
                    lbl.PAPER_UNION(),
                    Select([], prompt=lbl.PAPER_CHOOSE(), id="org_id", compact=True),
                    "org_id",
                )
                yield from field_row(
                    lbl.PAPER_MEMBER_SEARCH(),
                    Input(id="member-search", compact=True, placeholder=lbl.PAPER_MEMBER_SEARCH_HINT()),
                )
                yield from field_row(
                    lbl.PAPER_MEMBER(),
                    Select([], prompt=lbl.PAPER_UNSIGNED(), id="member_id", compact=True),
                    "member_id",
                )
                yield from field_row(
                    lbl.PAPER_ANONYMOUS(),
                    Tick(lbl.PAPER_ANONYMOUS_LABEL(), id="anonymous", compact=True),
                    "anonymous",
                )
            yield from text_field(lbl.PAPER_TEXT(), "text")
            yield Static(lbl.PAPER_HINT(), classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(lbl.PAPER_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#category", Select).focus()
        self.find_unions("")

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    # --- pickers ----------------------------------------------------------------------------

    @on(Input.Submitted, "#union-search")
    def union_search(self, event: Input.Submitted) -> None:
        event.stop()
        self.find_unions(event.value.strip())

    @work(exclusive=True, group="voice-unions", exit_on_error=False)
    async def find_unions(self, q: str) -> None:
        unions = await VoiceApi.of(self.app).unions(q)
        box = self.query_one("#org_id", Select)
        box.set_options([(u.name, u.id) for u in unions])
        if len(unions) == 1:
            box.value = unions[0].id
        if q:
            box.focus()

    @on(Input.Submitted, "#member-search")
    def member_search(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.find_members(event.value.strip())

    @work(exclusive=True, group="voice-members", exit_on_error=False)
    async def find_members(self, q: str) -> None:
        org = self.query_one("#org_id", Select).selection
        members = await VoiceApi.of(self.app).members(q, org_id=None if org is None else int(org))
        box = self.query_one("#member_id", Select)
        box.set_options([(f"{m.name}  {m.id_number}", m.id) for m in members])
        if len(members) == 1:
            box.value = members[0].id
        box.focus()

    # --- filing -------------------------------------------------------------------------------

    def action_submit(self) -> None:
        self.submit()

    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        for name in FIELDS:
            show_error(self, name, "")
        category = self.query_one("#category", Select).value
        text = self.query_one("#text", TextArea).text.strip()
        problems = {}
        if category is Select.NULL:
            problems["category"] = lbl.ERROR_CHOOSE()
        if not text:
            problems["text"] = lbl.ERROR_REQUIRED()
        for name, message in problems.items():
            show_error(self, name, message)
        if problems:
            return
        org = self.query_one("#org_id", Select).selection
        member = self.query_one("#member_id", Select).selection
        self.file(
            str(category),
            text,
            None if org is None else int(org),
            None if member is None else int(member),
            self.query_one("#anonymous", Checkbox).value,
        )

    @work(exclusive=True, group="voice-paper", exit_on_error=False)
    async def file(self, category: str, text: str, org_id: int | None, member_id: int | None, anonymous: bool) -> None:
        try:
            complaint = await VoiceApi.of(self.app).enter_paper_complaint(
                category=category, text=text, org_id=org_id, member_id=member_id, anonymous=anonymous
            )
        except ApiError as error:
            shown = [p for p in error.errors if p.field in FIELDS]
            for problem in shown:
                show_error(self, problem.field, problem.message)
            if not shown:
                raise
            return
        self.dismiss(complaint)
