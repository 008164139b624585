"""What happens to an agreement (师徒协议) while it runs: a progress note, the outcome
at the end (level raised, competition result, 五小 innovation), or ending it early
with the reason. One small form each; the server checks every rule."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from tui import labels as ui
from tui.client import ApiError
from tui.screens.base import Modal
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import Agreement, PairingApi
from tui.widgets.form import field_row, show_error

# kind -> the route's last segment and its fields (name, integer?)
KINDS: dict[str, tuple[str, tuple[tuple[str, bool], ...]]] = {
    "note": ("notes", (("text", False),)),
    "outcome": (
        "outcome",
        (("level_after", True), ("competition_result", False), ("innovation", False), ("note", False)),
    ),
    "end": ("end", (("reason", False),)),
}


class AgreementFormModal(Modal):
    """Dismisses with the updated Agreement, or None when cancelled."""

    CSS_PATH = ["../forms.tcss", "pairing.tcss"]
    BINDINGS = [Binding("ctrl+s", "submit", lbl.FORM_SUBMIT.id, id="pairing.form.submit")]

    def __init__(self, kind: str, agreement: Agreement) -> None:
        super().__init__()
        self.kind = kind
        self.agreement = agreement
        self.route, self.fields = KINDS[kind]

    def compose(self) -> ComposeResult:
        a = self.agreement
        with VerticalScroll(id="agreement-form", classes="dialog"):
            yield Static(lbl.of(lbl.FORM_OF, self.kind, id=a.id), classes="form-title", markup=False)
            yield Static(
                lbl.FORM_PAIR(
                    master=a.master_name,
                    apprentice=a.apprentice_name,
                    start=f"{a.term_start:%Y-%m-%d}",
                    end=f"{a.term_end:%Y-%m-%d}",
                ),
                classes="hint",
                markup=False,
            )
            with Grid(classes="form-grid"):
                for name, integer in self.fields:
                    yield from field_row(
                        lbl.of(lbl.FIELD_OF, name),
                        Input(
                            id=name,
                            compact=True,
                            type="integer" if integer else "text",
                            placeholder=lbl.FIELD_LEVEL_HINT() if name == "level_after" else "",
                        ),
                        name,
                    )
            with Horizontal(classes="buttons"):
                yield Button(lbl.FORM_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.fields[0][0]}", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == self.fields[-1][0]:
            self.action_submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        body: dict[str, Any] = {}
        for name, integer in self.fields:
            show_error(self, name, "")
            raw = self.query_one(f"#{name}", Input).value.strip()
            if integer:
                if raw:
                    body[name] = int(raw)
            else:
                body[name] = raw
        self.send(body)

    @work(exclusive=True, group="pairing-agreement-form", exit_on_error=False)
    async def send(self, body: dict[str, Any]) -> None:
        try:
            agreement = await PairingApi.of(self.app).agreement_action(self.agreement.id, self.route, body)
        except ApiError as error:
            names = {name for name, _ in self.fields}
            shown = [p for p in error.errors if p.field in names]
            for problem in shown:
                show_error(self, problem.field, problem.message)
            if not shown:
                raise
            return
        self.notify(lbl.of(lbl.FORM_OF, f"{self.kind}.done", id=agreement.id), markup=False)
        self.dismiss(agreement)
