"""The tenant's pairing programmes (名师带高徒): counts per programme; Enter opens its proposal."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from tui import labels as ui
from tui.i18n import L, fit
from tui.screens.base import AreaScreen
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import PairingApi, Programme
from tui.widgets.base import bind
from tui.widgets.paged_table import PagedTable, Row
from tui.widgets.search import SearchInput
from tui.widgets.tables import selected_key

COLUMNS = (
    "id",
    "name",
    "term",
    "masters",
    "apprentices",
    "target",
    "agreements",
    "proposal",
)  # the term shows the year


NEW = L("新建", "New")
CHANGE = L("修改", "Change")
CANDIDATES = L("候选人", "Candidates")
SAVED = L("已保存带徒项目{name}", "Programme {name} saved")


class ProgrammesScreen(AreaScreen):
    AREA = "pairing.programmes"
    HEADING = lbl.PROGRAMMES_TITLE
    CSS_PATH = ["../screens.tcss", "pairing.tcss"]
    BINDINGS = [
        Binding("o", "open", lbl.OPEN.id, id="pairing.open"),
        Binding("g", "agreements", lbl.AGREEMENTS_OF.id, id="pairing.agreements_of"),
        Binding("slash", "focus_filter", lbl.FOCUS_YEAR.id, key_display="/", id="pairing.focus_year"),
        bind("n", "new", NEW),
        bind("c", "change", CHANGE),
        bind("k", "candidates", CANDIDATES),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.programmes: dict[str, Programme] = {}

    def body(self) -> ComposeResult:
        yield SearchInput(placeholder=lbl.YEAR_FILTER(), id="year-filter", type="integer", max_length=4)
        yield PagedTable(self.fetch, id="programmes")
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        for key in COLUMNS:
            table.add_column(lbl.of(lbl.COL_OF, key), key=key)
        table.focus()

    async def fetch(self, cursor: str | None) -> tuple[list[Row], str | None]:
        raw = self.query_one("#year-filter", Input).value.strip()
        year = int(raw) if raw.isdigit() else None
        page = await PairingApi.of(self.app).programmes(year=year, cursor=cursor)
        rows: list[Row] = []
        for p in page.items:
            self.programmes[str(p.id)] = p
            proposal = lbl.OPEN_PROPOSAL(id=p.open_proposal_id) if p.open_proposal_id else ui.APP_NONE()
            rows.append(
                (
                    str(p.id),
                    (
                        str(p.id),
                        fit(p.name, 30),
                        f"{p.term_start:%Y-%m-%d}–{p.term_end:%m-%d}",
                        str(p.masters),
                        str(p.apprentices),
                        str(p.target_pairs),
                        str(p.agreements),
                        proposal,
                    ),
                )
            )
        return rows, page.next_cursor

    def action_refresh(self) -> None:
        self.programmes = {}
        self.query_one(PagedTable).reset()

    @on(Input.Submitted, "#year-filter")
    def filter_changed(self) -> None:
        self.action_refresh()
        self.query_one(PagedTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#year-filter", Input).focus()

    @on(PagedTable.PageLoaded)
    def count(self, event: PagedTable.PageLoaded) -> None:
        self.query_one("#count", Static).update(lbl.PROGRAMMES_COUNT(count=event.table.row_count))

    def selected(self) -> Programme | None:
        key = selected_key(self.query_one(PagedTable))
        programme = self.programmes.get(key) if key is not None else None
        if programme is None:
            self.notify(lbl.NONE_SELECTED(), severity="warning", markup=False)
        return programme

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from tui.screens.pairing.proposal import ProposalScreen

        programme = self.selected()
        if programme is not None:
            self.app.push_screen(ProposalScreen(programme), lambda _: self.action_refresh())

    def action_new(self) -> None:
        from tui.screens.pairing.forms import NewProgrammeModal

        self.app.push_screen(NewProgrammeModal(), self.saved)

    def action_change(self) -> None:
        from tui.screens.pairing.forms import ChangeProgrammeModal

        programme = self.selected()
        if programme is not None:
            self.app.push_screen(ChangeProgrammeModal(programme), self.saved)

    def saved(self, programme: Programme | None) -> None:
        if programme is not None:
            self.notify(SAVED(name=programme.name), markup=False)
            self.action_refresh()

    def action_candidates(self) -> None:
        from tui.screens.pairing.forms import CandidatesScreen

        programme = self.selected()
        if programme is not None:
            self.app.push_screen(CandidatesScreen(programme), lambda _: self.action_refresh())

    def action_agreements(self) -> None:
        from tui.screens.pairing.agreements import AgreementsScreen

        programme = self.selected()
        if programme is not None:
            self.app.push_screen(AgreementsScreen(programme))
