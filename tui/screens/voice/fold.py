"""The enterprise union folds related complaints into a demand order (企业服务需求订单)
for the city federation: a title and a summary over the complaints marked in the box."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from tui import labels as ui
from tui.client import ApiError
from tui.i18n import fit
from tui.screens.base import Modal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Complaint, VoiceApi
from tui.widgets.form import field_row, show_error

FIELDS = ("title", "summary", "complaint_ids")


class FoldOrderModal(Modal):
    """Dismisses with the new Order, or None when cancelled."""

    CSS_PATH = ["../forms.tcss", "voice.tcss"]
    BINDINGS = [Binding("ctrl+s", "submit", lbl.FOLD_SUBMIT.id, id="voice.fold.submit")]

    def __init__(self, complaints: list[Complaint]) -> None:
        super().__init__()
        self.complaints = complaints

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="fold-order", classes="dialog"):
            yield Static(lbl.FOLD_TITLE(n=len(self.complaints)), classes="form-title", markup=False)
            yield Static(
                "\n".join(
                    f"{c.ref}  {lbl.of(lbl.CATEGORY_OF, c.category)}  {fit(c.text, 50)}" for c in self.complaints[:8]
                ),
                classes="hint",
                markup=False,
            )
            with Grid(classes="form-grid"):
                yield from field_row(lbl.FOLD_ORDER_TITLE(), Input(id="title", compact=True), "title")
                yield from field_row(lbl.FOLD_SUMMARY(), Input(id="summary", compact=True), "summary")
            error = Static("", id="complaint_ids-error", classes="field-error", markup=False)
            error.display = False
            yield error
            with Horizontal(classes="buttons"):
                yield Button(lbl.FOLD_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#title")
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#summary", Input).focus()

    @on(Input.Submitted, "#summary")
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        for name in FIELDS:
            show_error(self, name, "")
        title = self.query_one("#title", Input).value.strip()
        if not title:
            show_error(self, "title", lbl.ERROR_REQUIRED())
            return
        self.fold(title, self.query_one("#summary", Input).value.strip())

    @work(exclusive=True, group="voice-fold", exit_on_error=False)
    async def fold(self, title: str, summary: str) -> None:
        try:
            order = await VoiceApi.of(self.app).create_order(
                title=title, summary=summary, complaint_ids=[c.id for c in self.complaints]
            )
        except ApiError as error:
            shown = False
            for problem in error.errors:
                name = "complaint_ids" if problem.field.startswith("complaint_ids") else problem.field
                if name in FIELDS:
                    show_error(
                        self,
                        name,
                        f"{problem.field}: {problem.message}" if name == "complaint_ids" else problem.message,
                    )
                    shown = True
            if not shown:
                raise
            return
        self.notify(lbl.FOLD_DONE(ref=order.ref, n=order.complaint_count), markup=False)
        self.dismiss(order)
