"""The federation accepts a demand order: an acceptance form with its officer; the
deadline is the tenant's working days from today (the server counts them)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from tui import labels as ui
from tui.client import ApiError
from tui.screens.base import Modal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Order, VoiceApi
from tui.screens.voice.common import due_cell
from tui.widgets.form import field_row, show_error


class OpenFormModal(Modal):
    """Dismisses with the opened Form, or None when cancelled."""

    CSS_PATH = ["../forms.tcss", "voice.tcss"]
    BINDINGS = [Binding("ctrl+s", "submit", lbl.OPEN_FORM_SUBMIT.id, id="voice.open_form.submit")]

    def __init__(self, order: Order) -> None:
        super().__init__()
        self.order = order

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="open-form", classes="dialog"):
            yield Static(lbl.OPEN_FORM_TITLE(ref=self.order.ref), classes="form-title", markup=False)
            yield Static(
                lbl.OPEN_FORM_ABOUT(title=self.order.title, n=self.order.complaint_count),
                classes="hint",
                markup=False,
            )
            with Grid(classes="form-grid"):
                yield from field_row(lbl.OPEN_FORM_OFFICER(), Input(id="officer_name", compact=True), "officer_name")
            with Horizontal(classes="buttons"):
                yield Button(lbl.OPEN_FORM_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#officer_name", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        officer = self.query_one("#officer_name", Input).value.strip()
        if not officer:
            show_error(self, "officer_name", lbl.ERROR_REQUIRED())
            return
        self.open(officer)

    @work(exclusive=True, group="voice-open-form", exit_on_error=False)
    async def open(self, officer: str) -> None:
        try:
            form = await VoiceApi.of(self.app).open_form(self.order.id, officer)
        except ApiError as error:
            problem = next((p for p in error.errors if p.field == "officer_name"), None)
            if problem is None:
                raise
            show_error(self, "officer_name", problem.message)
            return
        self.notify(lbl.FORM_OPENED(ref=form.ref, due=due_cell(form).plain), markup=False)
        self.dismiss(form)
