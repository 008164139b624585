"""The confirmation every destructive action asks for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui.i18n import L
from tui.screens.base import Modal

# labels shown by this file (tui.i18n.L)
CONFIRM_CANCEL = L("取消", "Cancel")
CONFIRM_OK = L("确定", "Confirm")
CONFIRM_TITLE = L("请确认", "Please confirm")


class ConfirmModal(Modal):
    """Dismisses with True (confirmed) or False. Enter/y confirms, Esc/n cancels."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("y", "confirm", CONFIRM_OK.id, id="confirm.ok"),
        Binding("n", "cancel", CONFIRM_CANCEL.id, id="confirm.cancel"),
    ]

    def __init__(self, question: str, *, danger: bool = True) -> None:
        super().__init__()
        self.question = question
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(CONFIRM_TITLE(), classes="form-title", markup=False)
            yield Static(self.question, id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(CONFIRM_OK(), id="ok", variant="error" if self.danger else "primary", compact=True)
                yield Button(CONFIRM_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()  # the safe choice has the focus

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "ok")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
