"""Issue a one-time code a worker sends the tenant's Telegram bot (`/link CODE`) to
link their Telegram account to their member record: the worker chosen with a picker
(the kit's form), then the code shown once, to read out or copy."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from tui import labels as ui
from tui.kit.form import Field, FormModal
from tui.screens.base import Modal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import LinkCode, VoiceApi
from tui.screens.voice.common import SHANGHAI
from tui.screens.voice.paper import find_members


def issue_link_code(app) -> None:
    """The form, then the code it issued (shown once)."""

    def issued(code: LinkCode | None) -> None:
        if code is not None:
            app.push_screen(LinkCodeShownModal(code))

    app.push_screen(LinkCodeModal(), issued)


class LinkCodeModal(FormModal[LinkCode]):
    """Dismisses with the issued code, or None when cancelled."""

    HEADING = lbl.LINK_TITLE
    SUBMIT = lbl.LINK_ISSUE
    FIELDS = (Field("member_id", lbl.LINK_MEMBER, "pick", hint=lbl.PAPER_MEMBER_SEARCH_HINT, search=find_members),)

    def about(self) -> str:
        return str(lbl.LINK_HINT)

    async def submit(self, body: dict[str, Any]) -> LinkCode:
        return await VoiceApi.of(self.app).link_code(body)


class LinkCodeShownModal(Modal):
    """The code, this once: read it out, or copy it with `c`."""

    CSS_PATH = ["../forms.tcss", "voice.tcss"]
    BINDINGS = [
        Binding("c", "copy", lbl.LINK_COPY.id, id="voice.link.copy"),
        Binding("enter", "cancel", ui.SHOWN_CLOSE.id, id="voice.link.close"),
    ]

    def __init__(self, code: LinkCode) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        expires = self.code.expires_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        with VerticalScroll(id="link-code", classes="dialog"):
            yield Static(lbl.LINK_TITLE(), classes="form-title", markup=False)
            yield Static(lbl.LINK_CODE(code=self.code.code, expires=expires), id="link-code-shown", markup=False)
            yield Static(lbl.LINK_HINT(), classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(lbl.LINK_COPY(), id="copy", variant="primary", compact=True)
                yield Button(ui.SHOWN_CLOSE(), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#copy", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self.action_copy()
        else:
            self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.code.code)
        self.notify(lbl.LINK_COPIED(), markup=False)
