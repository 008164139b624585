"""Resolve an acceptance form: the resolution, the outcome, wages recovered; asked
once more before it is sent, since it resolves the order and every linked
complaint and tells each worker."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static, TextArea

from tui import labels as ui
from tui.client import ApiError
from tui.screens.base import Modal
from tui.screens.confirm import ConfirmModal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import OUTCOMES, Form, VoiceApi
from tui.screens.voice.common import day, text_field
from tui.widgets.form import field_row, show_error

FIELDS = ("resolution", "outcome", "recovered_yuan")


class ResolveFormModal(Modal):
    """Dismisses with the resolved Form, or None when cancelled."""

    CSS_PATH = ["../forms.tcss", "voice.tcss"]
    BINDINGS = [Binding("ctrl+s", "submit", lbl.RESOLVE_SUBMIT.id, id="voice.resolve.submit")]

    def __init__(self, form: Form) -> None:
        super().__init__()
        self.form = form

    def compose(self) -> ComposeResult:
        f = self.form
        with VerticalScroll(id="resolve-form", classes="dialog"):
            yield Static(lbl.RESOLVE_TITLE(ref=f.ref), classes="form-title", markup=False)
            yield Static(
                lbl.RESOLVE_ABOUT(
                    order=f.order_ref,
                    title=f.order_title,
                    n=f.complaint_count,
                    due=day(f.due_on),
                ),
                classes="hint",
                markup=False,
            )
            yield from text_field(lbl.RESOLVE_RESOLUTION(), "resolution")
            with Grid(classes="form-grid"):
                yield from field_row(
                    lbl.RESOLVE_OUTCOME(),
                    Select(
                        [(lbl.of(lbl.OUTCOME_OF, o), o) for o in OUTCOMES],
                        prompt=lbl.RESOLVE_OUTCOME_PROMPT(),
                        id="outcome",
                        compact=True,
                    ),
                    "outcome",
                )
                yield from field_row(
                    lbl.RESOLVE_RECOVERED(),
                    Input(id="recovered_yuan", compact=True, placeholder=lbl.RESOLVE_RECOVERED_HINT()),
                    "recovered_yuan",
                )
            with Horizontal(classes="buttons"):
                yield Button(lbl.RESOLVE_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#resolution", TextArea).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        for name in FIELDS:
            show_error(self, name, "")
        resolution = self.query_one("#resolution", TextArea).text.strip()
        outcome = self.query_one("#outcome", Select).value
        raw = self.query_one("#recovered_yuan", Input).value.strip().replace(",", "")
        recovered: Decimal | None = None
        problems = {}
        if not resolution:
            problems["resolution"] = lbl.ERROR_REQUIRED()
        if outcome is Select.NULL:
            problems["outcome"] = lbl.ERROR_CHOOSE()
        if raw:
            try:
                recovered = Decimal(raw)
            except InvalidOperation:
                problems["recovered_yuan"] = lbl.ERROR_YUAN()
        for name, message in problems.items():
            show_error(self, name, message)
        if problems:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.resolve(resolution, str(outcome), recovered)

        f = self.form
        self.app.push_screen(
            ConfirmModal(lbl.CONFIRM_RESOLVE(ref=f.ref, order=f.order_ref, n=f.complaint_count)), answered
        )

    @work(exclusive=True, group="voice-resolve", exit_on_error=False)
    async def resolve(self, resolution: str, outcome: str, recovered: Decimal | None) -> None:
        try:
            done = await VoiceApi.of(self.app).resolve(
                self.form.id, resolution=resolution, outcome=outcome, recovered_yuan=recovered
            )
        except ApiError as error:
            shown = False
            for problem in error.errors:
                if problem.field in FIELDS:
                    show_error(self, problem.field, problem.message)
                    shown = True
            if not shown:
                raise
            return
        self.notify(lbl.RESOLVED(ref=done.ref, n=done.complaint_count), markup=False)
        self.dismiss(done)
