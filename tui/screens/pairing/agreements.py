"""Pairing agreements (师徒协议): every programme's, or one programme's; the row under
the cursor shows its goals, progress notes and outcome below the table."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Select, Static

from tui import labels as ui
from tui.i18n import L
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import Agreement, PairingApi, Programme
from tui.screens.pairing.common import level, may_edit
from tui.widgets.base import bind
from tui.widgets.paged_table import PagedTable

STATUSES = ("active", "completed", "ended_early")


def outcome(a: Agreement) -> str:
    if a.status == "ended_early":
        return lbl.AGREEMENT_ENDED(on=f"{a.ended_on:%Y-%m-%d}" if a.ended_on else "")
    parts = []
    if a.level_after is not None:
        parts.append(f"{level(a.level_before)} → {level(a.level_after)}")
    parts += [x for x in (a.competition_result, a.innovation) if x]
    return "；".join(parts) or ui.APP_NONE()


CHANGE = L("修改目标/期限", "Change goals/term")


class AgreementsScreen(ListScreen[Agreement]):
    AREA = "pairing.agreements"
    HEADING = lbl.AGREEMENTS_TITLE
    CSS_PATH = ["../screens.tcss", "pairing.tcss"]
    COLUMNS = (
        Column("id", lbl.AGREEMENTS_COL_ID, lambda a: str(a.id)),
        Column("programme", lbl.AGREEMENTS_COL_PROGRAMME, lambda a: str(a.programme_id)),
        Column("master", lbl.AGREEMENTS_COL_MASTER, lambda a: a.master_name, width=14),
        Column("apprentice", lbl.AGREEMENTS_COL_APPRENTICE, lambda a: a.apprentice_name, width=14),
        Column("term", lbl.AGREEMENTS_COL_TERM, lambda a: f"{a.term_start:%Y-%m-%d}–{a.term_end:%Y-%m-%d}"),
        Column("status", lbl.AGREEMENTS_COL_STATUS, lambda a: lbl.of(lbl.AGREEMENT_OF, a.status)),
        Column("outcome", lbl.AGREEMENTS_COL_OUTCOME, outcome, width=30),
    )
    BINDINGS = [
        Binding("n", "form('note')", lbl.AGREEMENTS_NOTE.id, id="pairing.agreements.note"),
        Binding("c", "form('outcome')", lbl.AGREEMENTS_OUTCOME.id, id="pairing.agreements.outcome"),
        Binding("e", "form('end')", lbl.AGREEMENTS_END.id, id="pairing.agreements.end"),
        bind("g", "change", CHANGE),
        Binding("escape", "back", ui.APP_BACK.id, id="pairing.agreements.back"),
    ]

    def __init__(self, programme: Programme | None = None) -> None:
        super().__init__()
        self.programme = programme

    def heading(self) -> str:
        if self.programme is None:
            return lbl.AGREEMENTS_TITLE()
        return lbl.AGREEMENTS_OF(name=self.programme.name)

    def filters(self) -> ComposeResult:
        yield Select[str](
            [(lbl.of(lbl.AGREEMENT_OF, s), s) for s in STATUSES],
            prompt=lbl.AGREEMENTS_ALL(),
            id="status",
            compact=True,
        )

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static("", id="agreement", markup=False)

    async def page(self, cursor: str | None) -> Page[Agreement]:
        return await PairingApi.of(self.app).agreements(
            programme_id=self.programme.id if self.programme else None, cursor=cursor, **self.filter_values()
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("form", "change"):
            if not may_edit(self.app):
                return False
            current = self.current() if self.query("#list") else None  # (the footer asks before the table exists)
            return True if current is not None and current.status == "active" else None
        if action == "back":
            return self.app.screen_stack.index(self) > 1 if self in self.app.screen_stack else False
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        self.dismiss(None)

    @on(PagedTable.PageLoaded)
    def loaded(self) -> None:
        self.show_detail()

    def replace(self, agreement: Agreement) -> None:
        """Show the agreement as the API now has it, in its row (the cursor stays)."""
        key = self.key(agreement)
        self.records[key] = agreement
        for column, cell in zip(self.COLUMNS, self.cells(agreement), strict=True):
            self.table.update_cell(key, column.key, cell)
        self.show_detail()

    def action_change(self) -> None:
        from tui.screens.pairing.forms import ChangeAgreementModal

        agreement = self.current()
        if agreement is None or agreement.status != "active":
            return

        def changed(updated: Agreement | None) -> None:
            if updated is not None:
                self.action_refresh()

        self.app.push_screen(ChangeAgreementModal(agreement), changed)

    def action_form(self, kind: str) -> None:
        from tui.screens.pairing.agreement_forms import AgreementFormModal

        agreement = self.current()
        if agreement is None or agreement.status != "active":
            return

        def done(updated: Agreement | None) -> None:
            if updated is not None:
                self.replace(updated)

        self.app.push_screen(AgreementFormModal(kind, agreement), done)

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        a = self.current()
        if a is None:
            self.query_one("#agreement", Static).update("")
            return
        lines = [lbl.AGREEMENT_GOALS(goals=a.goals or ui.APP_NONE())]
        lines += [f"  {n.noted_on:%Y-%m-%d} {n.author}: {n.text}" for n in a.notes[-3:]]
        if a.status == "ended_early":
            lines.append(lbl.AGREEMENT_END_REASON(reason=a.end_reason))
        elif a.status == "completed":
            lines.append(lbl.AGREEMENT_OUTCOME(outcome=outcome(a)))
        self.query_one("#agreement", Static).update("\n".join(lines))
        self.refresh_bindings()
