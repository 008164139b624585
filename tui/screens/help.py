"""`?`: the keys of the screen underneath, in the chosen language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.i18n import t
from tui.screens.base import Modal


class HelpScreen(Modal):
    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("question_mark", "cancel", "help.close", key_display="?", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "heading", lambda: "")() or self.app.title
        with Vertical(id="help", classes="dialog"):
            yield Static(t("help.title", screen=title), classes="form-title", markup=False)
            yield DataTable(id="keys", cursor_type="row", show_cursor=False)
            yield Static(t("help.general"), classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns(t("help.col.key"), t("help.col.does"))
        seen: set[tuple[str, str]] = set()
        for _namespace, binding, enabled, _tooltip in self.under.active_bindings.values():
            if not binding.id or not binding.description or not enabled:
                continue  # ours only (they all have ids and translated labels), not the widgets' built-ins
            key = self.app.get_key_display(binding)
            if (key, binding.description) in seen:
                continue
            seen.add((key, binding.description))
            table.add_row(key, binding.description)
