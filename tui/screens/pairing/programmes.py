"""The tenant's pairing programmes (名师带高徒): counts per programme; Enter opens its proposal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from tui import labels as ui
from tui.i18n import L
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import PairingApi, Programme
from tui.widgets.base import bind
from tui.widgets.search import SearchInput

NEW = L("新建", "New")
CHANGE = L("修改", "Change")
CANDIDATES = L("候选人", "Candidates")
SAVED = L("已保存带徒项目{name}", "Programme {name} saved")


class ProgrammesScreen(ListScreen[Programme]):
    AREA = "pairing.programmes"
    HEADING = lbl.PROGRAMMES_TITLE
    CSS_PATH = ["../screens.tcss", "pairing.tcss"]
    COLUMNS = (
        Column("id", lbl.COL_ID, lambda p: str(p.id)),
        Column("name", lbl.COL_NAME, lambda p: p.name, width=30),
        Column("term", lbl.COL_TERM, lambda p: f"{p.term_start:%Y-%m-%d}–{p.term_end:%m-%d}"),  # with the year
        Column("masters", lbl.COL_MASTERS, lambda p: str(p.masters)),
        Column("apprentices", lbl.COL_APPRENTICES, lambda p: str(p.apprentices)),
        Column("target", lbl.COL_TARGET, lambda p: str(p.target_pairs)),
        Column("agreements", lbl.COL_AGREEMENTS, lambda p: str(p.agreements)),
        Column(
            "proposal",
            lbl.COL_PROPOSAL,
            lambda p: lbl.OPEN_PROPOSAL(id=p.open_proposal_id) if p.open_proposal_id else ui.APP_NONE(),
        ),
    )
    BINDINGS = [
        Binding("o", "open", lbl.OPEN.id, id="pairing.open"),
        Binding("g", "agreements", lbl.AGREEMENTS_OF.id, id="pairing.agreements_of"),
        Binding("slash", "focus_filter", lbl.FOCUS_YEAR.id, key_display="/", id="pairing.focus_year"),
        bind("n", "new", NEW),
        bind("c", "change", CHANGE),
        bind("k", "candidates", CANDIDATES),
    ]

    def filters(self) -> ComposeResult:
        yield SearchInput(placeholder=lbl.YEAR_FILTER(), id="year", type="integer", max_length=4)

    async def page(self, cursor: str | None) -> Page[Programme]:
        return await PairingApi.of(self.app).programmes(cursor=cursor, **self.filter_values())

    def action_focus_filter(self) -> None:
        self.query_one("#year", SearchInput).focus()

    def open(self, programme: Programme) -> None:
        from tui.screens.pairing.proposal import ProposalScreen

        self.app.push_screen(ProposalScreen(programme), self.refreshed)

    def action_open(self) -> None:
        if (programme := self.selected()) is not None:
            self.open(programme)

    def action_new(self) -> None:
        from tui.screens.pairing.forms import NewProgrammeModal

        self.app.push_screen(NewProgrammeModal(), self.saved)

    def action_change(self) -> None:
        from tui.screens.pairing.forms import ChangeProgrammeModal

        if (programme := self.selected()) is not None:
            self.app.push_screen(ChangeProgrammeModal(programme), self.saved)

    def saved(self, programme: Programme | None) -> None:
        if programme is not None:
            self.notify(SAVED(name=programme.name), markup=False)
            self.action_refresh()

    def action_candidates(self) -> None:
        from tui.screens.pairing.forms import CandidatesScreen

        if (programme := self.selected()) is not None:
            self.app.push_screen(CandidatesScreen(programme), self.refreshed)

    def action_agreements(self) -> None:
        from tui.screens.pairing.agreements import AgreementsScreen

        if (programme := self.selected()) is not None:
            self.app.push_screen(AgreementsScreen(programme))
