"""`?`: the keys of the screen underneath, in the chosen language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.i18n import L
from tui.screens.base import Modal

# labels shown by this file (tui.i18n.L)
HELP_CLOSE = L("关闭", "Close")
HELP_COL_DOES = L("作用", "Does")
HELP_COL_KEY = L("按键", "Key")
HELP_GENERAL = L(
    "Tab 在侧栏与表格之间切换焦点；Ctrl+P 打开命令面板；按键可在配置文件 [keymap] 中重新映射。",
    "Tab moves focus between the sidebar and the table; Ctrl+P opens the command palette; keys can be remapped in the config file's [keymap] table.",
)
HELP_TITLE = L("帮助 · {screen}", "Help · {screen}")


class HelpScreen(Modal):
    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("question_mark", "cancel", HELP_CLOSE.id, key_display="?", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "heading", lambda: "")() or self.app.title
        with Vertical(id="help", classes="dialog"):
            yield Static(HELP_TITLE(screen=title), classes="form-title", markup=False)
            yield DataTable(id="keys", cursor_type="row", show_cursor=False)
            yield Static(HELP_GENERAL(), classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns(HELP_COL_KEY(), HELP_COL_DOES())
        seen: set[tuple[str, str]] = set()
        for _namespace, binding, enabled, _tooltip in self.under.active_bindings.values():
            if not binding.id or not binding.description or not enabled:
                continue  # ours only (they all have ids and translated labels), not the widgets' built-ins
            key = self.app.get_key_display(binding)
            if (key, binding.description) in seen:
                continue
            seen.add((key, binding.description))
            table.add_row(key, binding.description)
