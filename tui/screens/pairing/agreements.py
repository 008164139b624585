"""Pairing agreements (师徒协议): every programme's, or one programme's; the row under
the cursor shows its goals, progress notes and outcome below the table."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import labels as ui
from tui.i18n import L, fit
from tui.screens.base import AreaScreen
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import Agreement, PairingApi, Programme
from tui.screens.pairing.common import level, may_edit
from tui.widgets.base import bind
from tui.widgets.paged_table import PagedTable, Row
from tui.widgets.tables import selected_key

COLUMNS = ("id", "programme", "master", "apprentice", "term", "status", "outcome")
STATUSES = (None, "active", "completed", "ended_early")


def outcome(a: Agreement) -> str:
    if a.status == "ended_early":
        return lbl.AGREEMENT_ENDED(on=f"{a.ended_on:%Y-%m-%d}" if a.ended_on else "")
    parts = []
    if a.level_after is not None:
        parts.append(f"{level(a.level_before)} → {level(a.level_after)}")
    parts += [x for x in (a.competition_result, a.innovation) if x]
    return "；".join(parts) or ui.APP_NONE()


CHANGE = L("修改目标/期限", "Change goals/term")


class AgreementsScreen(AreaScreen):
    AREA = "pairing.agreements"
    CSS_PATH = ["../screens.tcss", "pairing.tcss"]
    BINDINGS = [
        Binding("n", "form('note')", lbl.AGREEMENTS_NOTE.id, id="pairing.agreements.note"),
        Binding("c", "form('outcome')", lbl.AGREEMENTS_OUTCOME.id, id="pairing.agreements.outcome"),
        Binding("e", "form('end')", lbl.AGREEMENTS_END.id, id="pairing.agreements.end"),
        Binding("s", "next_status", lbl.AGREEMENTS_STATUS.id, id="pairing.agreements.status"),
        bind("g", "change", CHANGE),
        Binding("escape", "back", ui.APP_BACK.id, id="pairing.agreements.back"),
    ]

    def __init__(self, programme: Programme | None = None) -> None:
        super().__init__()
        self.programme = programme
        self.status: str | None = None
        self.agreements: dict[str, Agreement] = {}

    def heading(self) -> str:
        if self.programme is None:
            return lbl.AGREEMENTS_TITLE()
        return lbl.AGREEMENTS_OF(name=self.programme.name)

    def body(self) -> ComposeResult:
        yield Static(self.filter_text(), id="status-filter", markup=False)
        yield PagedTable(self.fetch, id="agreements")
        yield Static("", id="count", markup=False)
        yield Static("", id="agreement", markup=False)

    def filter_text(self) -> str:
        status = lbl.of(lbl.AGREEMENT_OF, self.status) if self.status else lbl.AGREEMENTS_ALL()
        return lbl.AGREEMENTS_SHOWING(status=status)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        for key in COLUMNS:
            table.add_column(lbl.of(lbl.AGREEMENTS_COL_OF, key), key=key)
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("form", "change"):
            if not may_edit(self.app):
                return False
            current = self.current()
            return True if current is not None and current.status == "active" else None
        if action == "back":
            return self.app.screen_stack.index(self) > 1 if self in self.app.screen_stack else False
        return True

    async def fetch(self, cursor: str | None) -> tuple[list[Row], str | None]:
        page = await PairingApi.of(self.app).agreements(
            programme_id=self.programme.id if self.programme else None, status=self.status, cursor=cursor
        )
        rows: list[Row] = []
        for a in page.items:
            self.agreements[str(a.id)] = a
            rows.append(
                (
                    str(a.id),
                    (
                        str(a.id),
                        str(a.programme_id),
                        fit(a.master_name, 14),
                        fit(a.apprentice_name, 14),
                        f"{a.term_start:%Y-%m-%d}–{a.term_end:%Y-%m-%d}",
                        lbl.of(lbl.AGREEMENT_OF, a.status),
                        fit(outcome(a), 30),
                    ),
                )
            )
        return rows, page.next_cursor

    def action_refresh(self) -> None:
        self.agreements = {}
        self.query_one(PagedTable).reset()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_next_status(self) -> None:
        self.status = STATUSES[(STATUSES.index(self.status) + 1) % len(STATUSES)]
        self.query_one("#status-filter", Static).update(self.filter_text())
        self.action_refresh()

    @on(PagedTable.PageLoaded)
    def count(self, event: PagedTable.PageLoaded) -> None:
        self.query_one("#count", Static).update(lbl.AGREEMENTS_COUNT(count=event.table.row_count))
        self.show_detail()

    def current(self) -> Agreement | None:
        tables = self.query(PagedTable)  # (asked for the footer before the table exists, too)
        key = selected_key(tables.first()) if tables else None
        return self.agreements.get(key) if key is not None else None

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
                self.agreements[str(updated.id)] = updated
                table = self.query_one(PagedTable)
                table.update_cell(str(updated.id), "status", lbl.of(lbl.AGREEMENT_OF, updated.status))
                table.update_cell(str(updated.id), "outcome", fit(outcome(updated), 30))
                self.show_detail()

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
