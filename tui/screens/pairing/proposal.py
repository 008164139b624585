"""One programme's proposal: the proposed pairs with their reasons, the unpaired
apprentices with theirs, the blocking-pairs count; propose (the server solves, the
TUI waits in a worker) and accept (behind a confirmation) turn it into agreements."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import labels as ui
from tui.i18n import fit
from tui.screens.base import AreaScreen
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import Accepted, Pair, PairingApi, Programme, Proposal, Unpaired
from tui.screens.pairing.common import level, may_edit, reasons_text, trade
from tui.widgets.tables import selected_key

PAIR_COLUMNS = ("master", "apprentice", "trade", "levels", "state", "reasons")
UNPAIRED_COLUMNS = ("apprentice", "trade", "level", "eligible", "why")
EDITING = ("propose", "accept", "lock", "forbid")


class ProposalScreen(AreaScreen):
    AREA = "pairing.programmes"
    CSS_PATH = ["../screens.tcss", "pairing.tcss"]
    AUTO_FOCUS = "#pairs"
    BINDINGS = [
        Binding("escape", "back", ui.APP_BACK.id, id="pairing.back"),
        Binding("p", "propose", lbl.PROPOSE.id, id="pairing.propose"),
        Binding("a", "accept", lbl.ACCEPT.id, id="pairing.accept"),
        Binding("l", "lock", lbl.LOCK.id, id="pairing.lock"),
        Binding("x", "forbid", lbl.FORBID.id, id="pairing.forbid"),
        Binding("u", "rules", lbl.RULES.id, id="pairing.rules"),
    ]

    def __init__(self, programme: Programme) -> None:
        super().__init__()
        self.programme = programme
        self.proposal: Proposal | None = None
        self.solving = False
        self.loaded = False

    def heading(self) -> str:
        p = self.programme
        return lbl.PROPOSAL_TITLE(name=p.name, start=f"{p.term_start:%Y-%m-%d}", end=f"{p.term_end:%Y-%m-%d}")

    def body(self) -> ComposeResult:
        yield Static(ui.APP_LOADING(), id="summary", markup=False)
        yield Static("", id="pairs-title", classes="subheading", markup=False)
        yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield Static("", id="unpaired-title", classes="subheading", markup=False)
        yield DataTable(id="unpaired", cursor_type="row", zebra_stripes=True)
        yield Static("", id="why", markup=False)

    def on_mount(self) -> None:
        pairs = self.query_one("#pairs", DataTable)
        for key in PAIR_COLUMNS:
            pairs.add_column(lbl.of(lbl.PAIR_OF, key), key=key)
        unpaired = self.query_one("#unpaired", DataTable)
        for key in UNPAIRED_COLUMNS:
            unpaired.add_column(lbl.of(lbl.UNPAIRED_OF, key), key=key)

    # --- which keys apply now ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDITING:
            if not may_edit(self.app):
                return False  # auditors read; the keys are not even shown
            if self.solving or not self.loaded:
                return None
            if action == "accept":
                return None if self.proposal is None or self.proposal.status != "open" else True
            if action in ("lock", "forbid"):
                return None if self.current_pair() is None else True
        return True

    # --- loading and showing ------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

    @work(exclusive=True, group="pairing-proposal", exit_on_error=False)
    async def load(self) -> None:
        api = PairingApi.of(self.app)
        self.programme = await api.programme(self.programme.id)
        self.show(await api.latest_proposal(self.programme.id))

    def show(self, proposal: Proposal | None) -> None:
        self.proposal = proposal
        self.loaded = True
        self.query_one("#heading", Static).update(self.heading())
        self.query_one("#summary", Static).update(self.summary_text())
        pairs = proposal.pairs if proposal else []
        unpaired = proposal.unpaired if proposal else []
        self.query_one("#pairs-title", Static).update(lbl.PAIRS_TITLE(count=len(pairs)))
        self.query_one("#unpaired-title", Static).update(lbl.UNPAIRED_TITLE(count=len(unpaired)))
        with self.app.batch_update():
            table = self.query_one("#pairs", DataTable)
            table.clear()
            for pair in pairs:
                table.add_row(*self.pair_cells(pair), key=f"{pair.master_member_id}:{pair.apprentice_member_id}")
            table = self.query_one("#unpaired", DataTable)
            table.clear()
            for u in unpaired:
                table.add_row(
                    fit(u.name, 16),
                    fit(trade(u.trade), 12),
                    level(u.level),
                    str(u.eligible_masters),
                    fit(reasons_text(u.reasons), 60),
                    key=str(u.apprentice_member_id),
                )
        self.show_why()
        self.refresh_bindings()

    def summary_text(self) -> str:
        proposal = self.proposal
        p = self.programme
        if proposal is None:
            lines = [lbl.NO_PROPOSAL(masters=p.masters, apprentices=p.apprentices, target=p.target_pairs)]
            if may_edit(self.app):
                lines.append(lbl.NO_PROPOSAL_HINT())
            return "\n".join(lines)
        s = proposal.summary
        lines = [
            lbl.SUMMARY_HEAD(
                id=proposal.id,
                status=lbl.of(lbl.STATUS_OF, proposal.status),
                by=proposal.created_by,
            ),
            lbl.SUMMARY_COUNTS(
                pairs=s.pairs,
                target=s.target_pairs,
                new=s.new_pairs,
                unpaired=s.unpaired,
                masters=s.masters,
                idle=s.idle_masters,
                apprentices=s.apprentices,
            ),
            lbl.SUMMARY_QUALITY(
                blocking=s.blocking_pairs,
                cost=s.cost,
                optimal=lbl.OPTIMAL() if s.optimal else lbl.NOT_OPTIMAL(),
            ),
        ]
        lines += [f"⚠ {reasons_text([w])}" for w in proposal.warnings]
        return "\n".join(lines)

    @staticmethod
    def pair_cells(pair: Pair) -> tuple[str, ...]:
        if pair.master_trade == pair.apprentice_trade or not pair.apprentice_trade:
            trades = trade(pair.master_trade)
        else:
            trades = f"{trade(pair.master_trade)}/{trade(pair.apprentice_trade)}"
        if pair.agreement_id is not None:
            state = lbl.STATE_AGREED(id=pair.agreement_id)
        elif pair.locked:
            state = lbl.STATE_LOCKED()
        else:
            state = lbl.STATE_NEW()
        return (
            fit(pair.master_name, 14),
            fit(pair.apprentice_name, 14),
            fit(trades, 14),
            f"{level(pair.master_level)} → {level(pair.apprentice_level)}",
            state,
            fit(reasons_text(pair.reasons), 60),
        )

    # --- the reasons of the row under the cursor, in full ------------------------------------

    def current_pair(self) -> Pair | None:
        if self.proposal is None:
            return None
        key = selected_key(self.query_one("#pairs", DataTable))
        return next((p for p in self.proposal.pairs if f"{p.master_member_id}:{p.apprentice_member_id}" == key), None)

    def current_unpaired(self) -> Unpaired | None:
        if self.proposal is None:
            return None
        key = selected_key(self.query_one("#unpaired", DataTable))
        return next((u for u in self.proposal.unpaired if str(u.apprentice_member_id) == key), None)

    @on(DataTable.RowHighlighted)
    def show_why(self, event: DataTable.RowHighlighted | None = None) -> None:
        # The table with the focus speaks (both tables announce their first row when filled).
        focused = self.focused.id if isinstance(self.focused, DataTable) else "pairs"
        text = ""
        if focused == "unpaired":
            u = self.current_unpaired()
            if u is not None:
                text = lbl.WHY_UNPAIRED(name=u.name, reasons=reasons_text(u.reasons))
        else:
            pair = self.current_pair()
            if pair is not None:
                text = lbl.WHY_PAIR(
                    master=pair.master_name,
                    apprentice=pair.apprentice_name,
                    reasons=reasons_text(pair.reasons),
                )
        self.query_one("#why", Static).update(text)
        self.refresh_bindings()

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, DataTable):
            self.show_why()

    # --- propose, accept, lock, forbid ---------------------------------------------------------

    def action_propose(self) -> None:
        if not self.solving:
            self.propose()

    @work(exclusive=True, group="pairing-propose", exit_on_error=False)
    async def propose(self) -> None:
        pairs = self.query_one("#pairs", DataTable)
        self.solving = True
        self.refresh_bindings()
        pairs.loading = True
        self.query_one("#summary", Static).update(lbl.SOLVING())
        try:
            proposal = await PairingApi.of(self.app).propose(self.programme.id)
        except BaseException:
            self.query_one("#summary", Static).update(self.summary_text())
            raise
        finally:
            self.solving = False
            pairs.loading = False
        self.programme.open_proposal_id = proposal.id
        self.show(proposal)
        s = proposal.summary
        self.notify(lbl.PROPOSED(id=proposal.id, pairs=s.pairs, unpaired=s.unpaired, ms=s.solve_ms), markup=False)

    def action_accept(self) -> None:
        proposal = self.proposal
        if proposal is None or proposal.status != "open":
            return
        if proposal.summary.new_pairs == 0:
            self.notify(lbl.NOTHING_NEW(), severity="warning", markup=False)
            return

        from tui.screens.pairing.forms import AcceptProposalModal

        self.app.push_screen(AcceptProposalModal(proposal, self.programme), self.accepted)

    def accepted(self, accepted: Accepted | None) -> None:
        if accepted is not None:
            self.notify(lbl.ACCEPTED(count=accepted.agreements_created, id=accepted.proposal_id), markup=False)
            self.load()

    def action_rules(self) -> None:
        from tui.screens.pairing.rules import RulesModal

        names = self.proposal.names() if self.proposal is not None else {}

        def closed(changed: bool | None) -> None:
            if changed:
                self.notify(lbl.RULES_PROPOSE_AGAIN(), markup=False)

        self.app.push_screen(RulesModal(self.programme, names), closed)

    def action_lock(self) -> None:
        self.pair_rule("lock")

    def action_forbid(self) -> None:
        self.pair_rule("forbid")

    def pair_rule(self, kind: str) -> None:
        pair = self.current_pair()
        if pair is not None:
            self.add_rule(kind, pair)

    @work(group="pairing-rule", exit_on_error=False)
    async def add_rule(self, kind: str, pair: Pair) -> None:
        api = PairingApi.of(self.app)
        call = api.lock if kind == "lock" else api.forbid
        await call(self.programme.id, pair.master_member_id, pair.apprentice_member_id)
        done = (lbl.LOCK_DONE if kind == "lock" else lbl.FORBID_DONE)(
            master=pair.master_name,
            apprentice=pair.apprentice_name,
        )
        self.notify(done, markup=False)
