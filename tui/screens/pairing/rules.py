"""The officers' locked and forbidden pairs of a programme; `d` removes one (the next
proposal no longer keeps or avoids that pair)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tui.kit.listing import EXPORT, export_with_notice
from tui.screens.base import Modal
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import PairingApi, PairRule, Programme
from tui.screens.pairing.common import may_edit
from tui.widgets.base import bind
from tui.widgets.tables import selected_key


class RulesModal(Modal):
    """Dismisses with True when a rule was removed (the open proposal is stale then)."""

    CSS_PATH = ["../forms.tcss", "pairing.tcss"]
    BINDINGS = [
        Binding("d", "remove", lbl.RULES_REMOVE.id, id="pairing.rules.remove"),
        bind("ctrl+s", "export", EXPORT),
    ]

    def __init__(self, programme: Programme, names: dict[int, str]) -> None:
        super().__init__()
        self.programme = programme
        self.names = names
        self.rules: list[PairRule] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="rules", classes="dialog"):
            yield Static(lbl.RULES_TITLE(name=self.programme.name), classes="form-title", markup=False)
            yield DataTable(id="rules-table", cursor_type="row")
            yield Static("", id="rules-count", classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#rules-table", DataTable)
        for key in ("kind", "master", "apprentice", "by"):
            table.add_column(lbl.of(lbl.RULES_COL_OF, key), key=key)
        table.focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return None if not may_edit(self.app) or not self.rules else True
        return True

    def member_name(self, member_id: int) -> str:
        return self.names.get(member_id, f"#{member_id}")

    @work(exclusive=True, group="pairing-rules", exit_on_error=False)
    async def load(self) -> None:
        self.rules = await PairingApi.of(self.app).rules(self.programme.id)
        table = self.query_one("#rules-table", DataTable)
        table.clear()
        for r in self.rules:
            table.add_row(
                lbl.of(lbl.RULES_OF, r.kind),
                self.member_name(r.master_member_id),
                self.member_name(r.apprentice_member_id),
                r.created_by,
                key=str(r.id),
            )
        self.query_one("#rules-count", Static).update(lbl.RULES_COUNT(count=len(self.rules)))
        self.refresh_bindings()

    @work(exclusive=True, group="pairing-rules-export", exit_on_error=False)
    async def action_export(self) -> None:
        """Save the programme's rules as XLSX."""
        await export_with_notice(self, f"{PairingApi.of(self.app).base}/programmes/{self.programme.id}/rules")

    def action_remove(self) -> None:
        key = selected_key(self.query_one("#rules-table", DataTable))
        if key is not None:
            self.remove_rule(int(key))

    @work(exclusive=True, group="pairing-rule-remove", exit_on_error=False)
    async def remove_rule(self, rule_id: int) -> None:
        await PairingApi.of(self.app).remove_rule(self.programme.id, rule_id)
        self.changed = True
        self.notify(lbl.RULES_REMOVED(), markup=False)
        self.load()

    def action_cancel(self) -> None:
        self.dismiss(self.changed)
