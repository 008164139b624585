"""Issue a one-time code a worker sends the tenant's Telegram bot (`/link CODE`) to
link their Telegram account to their member record. The code is shown once."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from tui import labels as ui
from tui.screens.base import Modal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import LinkCode, VoiceApi
from tui.screens.voice.common import SHANGHAI
from tui.widgets.form import field_row, show_error


class LinkCodeModal(Modal):
    """Find the worker, issue the code, read it out (or copy it with `c`)."""

    CSS_PATH = ["../forms.tcss", "voice.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "issue", lbl.LINK_ISSUE.id, id="voice.link.issue"),
        Binding("ctrl+y", "copy", lbl.LINK_COPY.id, id="voice.link.copy"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.issued: LinkCode | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="link-code", classes="dialog"):
            yield Static(lbl.LINK_TITLE(), classes="form-title", markup=False)
            with Grid(classes="form-grid"):
                yield from field_row(
                    lbl.PAPER_MEMBER_SEARCH(),
                    Input(id="member-search", compact=True, placeholder=lbl.PAPER_MEMBER_SEARCH_HINT()),
                )
                yield from field_row(
                    lbl.LINK_MEMBER(),
                    Select([], prompt=lbl.PAPER_CHOOSE(), id="member_id", compact=True),
                    "member_id",
                )
            yield Static("", id="link-code-shown", markup=False)
            yield Static(lbl.LINK_HINT(), classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(lbl.LINK_ISSUE(), id="issue", variant="primary", compact=True)
                yield Button(ui.SHOWN_CLOSE(), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#member-search", Input).focus()

    @on(Button.Pressed, "#close")
    def closed(self) -> None:
        self.dismiss(self.issued)

    @on(Input.Submitted, "#member-search")
    def member_search(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.find_members(event.value.strip())

    @work(exclusive=True, group="voice-link-members", exit_on_error=False)
    async def find_members(self, q: str) -> None:
        members = await VoiceApi.of(self.app).members(q)
        box = self.query_one("#member_id", Select)
        box.set_options([(f"{m.name}  {m.id_number}", m.id) for m in members])
        if len(members) == 1:
            box.value = members[0].id
        box.focus()

    @on(Button.Pressed, "#issue")
    def action_issue(self) -> None:
        box = self.query_one("#member_id", Select)
        show_error(self, "member_id", "")
        member = box.selection
        if member is None:
            show_error(self, "member_id", lbl.ERROR_CHOOSE())
            return
        self.issue(int(member))

    @work(exclusive=True, group="voice-link-code", exit_on_error=False)
    async def issue(self, member_id: int) -> None:
        self.issued = await VoiceApi.of(self.app).link_code(member_id)
        expires = self.issued.expires_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        self.query_one("#link-code-shown", Static).update(lbl.LINK_CODE(code=self.issued.code, expires=expires))

    def action_copy(self) -> None:
        if self.issued is not None:
            self.app.copy_to_clipboard(self.issued.code)
            self.notify(lbl.LINK_COPIED(), markup=False)
