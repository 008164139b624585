"""The enterprise union answers a complaint itself, without a demand order: the
answer and its outcome; asked once more, since the worker is told at once."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Select, Static, TextArea

from tui import labels as ui
from tui.client import ApiError
from tui.i18n import fit
from tui.screens.base import Modal
from tui.screens.confirm import ConfirmModal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import OUTCOMES, Complaint, VoiceApi
from tui.screens.voice.common import text_field, worker
from tui.widgets.form import field_row, show_error

FIELDS = ("answer", "outcome")


class AnswerComplaintModal(Modal):
    """Dismisses with the answered Complaint, or None when cancelled."""

    CSS_PATH = ["../forms.tcss", "voice.tcss"]
    BINDINGS = [Binding("ctrl+s", "submit", lbl.ANSWER_SUBMIT.id, id="voice.answer.submit")]

    def __init__(self, complaint: Complaint) -> None:
        super().__init__()
        self.complaint = complaint

    def compose(self) -> ComposeResult:
        c = self.complaint
        with VerticalScroll(id="answer-complaint", classes="dialog"):
            yield Static(lbl.ANSWER_TITLE(ref=c.ref), classes="form-title", markup=False)
            yield Static(
                f"{lbl.of(lbl.CATEGORY_OF, c.category)} · {worker(c)}：{fit(c.text, 120)}", classes="hint", markup=False
            )
            yield from text_field(lbl.ANSWER_ANSWER(), "answer")
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
            with Horizontal(classes="buttons"):
                yield Button(lbl.ANSWER_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#answer", TextArea).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        for name in FIELDS:
            show_error(self, name, "")
        answer = self.query_one("#answer", TextArea).text.strip()
        outcome = self.query_one("#outcome", Select)
        if not answer:
            show_error(self, "answer", lbl.ERROR_REQUIRED())
        if outcome.is_blank():
            show_error(self, "outcome", lbl.ERROR_CHOOSE())
        if not answer or outcome.is_blank():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.send(answer, str(outcome.value))

        self.app.push_screen(ConfirmModal(lbl.CONFIRM_ANSWER(ref=self.complaint.ref)), answered)

    @work(exclusive=True, group="voice-answer", exit_on_error=False)
    async def send(self, answer: str, outcome: str) -> None:
        try:
            done = await VoiceApi.of(self.app).answer(self.complaint.id, answer=answer, outcome=outcome)
        except ApiError as error:
            shown = [p for p in error.errors if p.field in FIELDS]
            for problem in shown:
                show_error(self, problem.field, problem.message)
            if not shown:
                raise
            return
        self.notify(lbl.ANSWERED(ref=done.ref), markup=False)
        self.dismiss(done)
