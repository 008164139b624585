"""Restructuring plans (组织调整方案): the list, a plan's preview (child counts per
parent before and after, members affected, warnings), and apply / roll back, each
behind a confirmation. The API applies or rolls back the whole plan in one
transaction; the screens only ask and show."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui import labels as ui
from tui.i18n import fit
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.base import ScreenCommands
from tui.screens.confirm import ConfirmModal
from tui.screens.orgs import labels as lbl
from tui.screens.orgs.api import OrgsApi, PlanPreview, PlanSummary
from tui.screens.orgs.common import field_lines
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures, SaishangNode


def status_label(status: str) -> str:
    return lbl.of(lbl.PLAN_STATUS_OF, status) if status in ("draft", "applied", "rolled_back") else status


class PlanActions(SaishangNode):
    """Apply and roll back, each asked first; `changed()` runs after the API did it."""

    def confirm_apply(self, plan_id: int, name: str) -> None:
        self.check_then_apply(plan_id, name)

    @work(exclusive=True, group="plan-check", exit_on_error=False)
    async def check_then_apply(self, plan_id: int, name: str) -> None:
        app = self.app
        preview = await OrgsApi.of(app).preview(plan_id)
        if not preview.can_apply:
            blocking = next((w for w in preview.warnings if w.blocking), None)
            app.notify(lbl.PLAN_BLOCKED(reason=blocking.text if blocking else "-"), severity="error", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply(plan_id, name)

        question = lbl.PLAN_CONFIRM_APPLY(
            name=name,
            date=preview.effective_on.isoformat(),
            moves=preview.moves,
            new_orgs=preview.new_orgs,
            members=f"{preview.members_affected:,}",
        )
        app.push_screen(ConfirmModal(question), answered)

    @work(exclusive=True, group="plan-change", exit_on_error=False)
    async def apply(self, plan_id: int, name: str) -> None:
        await OrgsApi.of(self.app).apply(plan_id)
        self.notify(lbl.PLAN_APPLIED(name=name), markup=False)
        self.changed()

    def confirm_rollback(self, plan_id: int, name: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.rollback(plan_id, name)

        question = lbl.PLAN_CONFIRM_ROLLBACK(name=name)
        self.app.push_screen(ConfirmModal(question), answered)

    @work(exclusive=True, group="plan-change", exit_on_error=False)
    async def rollback(self, plan_id: int, name: str) -> None:
        await OrgsApi.of(self.app).rollback(plan_id)
        self.notify(lbl.PLAN_ROLLED_BACK(name=name), markup=False)
        self.changed()

    def changed(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Load the screen's data again (each screen says how)."""


class PlansScreen(ListScreen[PlanSummary], PlanActions):
    AREA = "orgs.plans"
    HEADING = lbl.PLANS_TITLE
    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    COLUMNS = (
        Column("id", lbl.PLANS_COL_ID, lambda p: str(p.id)),
        Column("name", lbl.PLANS_COL_NAME, lambda p: p.name, width=40),
        Column("effective", lbl.PLANS_COL_EFFECTIVE, lambda p: p.effective_on.isoformat()),
        Column("status", lbl.PLANS_COL_STATUS, lambda p: status_label(p.status)),
        Column("moves", lbl.PLANS_COL_MOVES, lambda p: f"{p.moves:,}"),
        Column("new_orgs", lbl.PLANS_COL_NEW_ORGS, lambda p: f"{p.new_orgs:,}"),
    )
    BINDINGS = [
        Binding("p", "preview", lbl.PLANS_PREVIEW.id, id="orgs.plans.preview"),
        Binding("a", "apply", lbl.PLANS_APPLY.id, id="orgs.plans.apply"),
        Binding("u", "rollback", lbl.PLANS_ROLLBACK.id, id="orgs.plans.rollback"),
    ]

    async def page(self, cursor: str | None) -> Page[PlanSummary]:
        return await OrgsApi.of(self.app).plans(cursor=cursor)

    def open(self, plan: PlanSummary) -> None:
        self.app.push_screen(PlanPreviewScreen(plan), self.refreshed)

    def action_preview(self) -> None:
        if (plan := self.selected()) is not None:
            self.open(plan)

    def action_apply(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        if plan.status == "applied":
            self.notify(lbl.PLAN_ALREADY_APPLIED(name=plan.name), severity="warning", markup=False)
            return
        self.confirm_apply(plan.id, plan.name)

    def action_rollback(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        if plan.status != "applied":
            self.notify(lbl.PLAN_NOT_APPLIED(name=plan.name), severity="warning", markup=False)
            return
        self.confirm_rollback(plan.id, plan.name)


class PlanPreviewScreen(PlanActions, ScreenCommands, Localized, ReportsFailures, Screen):
    """What applying the plan does: per parent, its children before and after; warnings."""

    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    BINDINGS = [
        Binding("escape", "back", ui.APP_BACK.id, id="plan.back"),
        Binding("a", "apply", lbl.PLANS_APPLY.id, id="plan.apply"),
        Binding("u", "rollback", lbl.PLANS_ROLLBACK.id, id="plan.rollback"),
        Binding("r", "refresh", ui.APP_REFRESH.id, id="plan.refresh"),
    ]

    def __init__(self, plan: PlanSummary) -> None:
        super().__init__()
        self.plan = plan
        self.preview: PlanPreview | None = None

    def heading(self) -> str:
        return lbl.PLAN_TITLE(name=self.plan.name)

    def compose(self) -> ComposeResult:
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Vertical(id="detail"):
            yield Static(self.heading(), id="heading", markup=False)
            yield Static(ui.APP_LOADING(), id="plan-summary", markup=False)
            yield Static(lbl.PLAN_PARENTS(), classes="subheading", markup=False)
            yield DataTable(id="plan-parents", cursor_type="row", zebra_stripes=True)
            yield Static(lbl.PLAN_WARNINGS(), classes="subheading", markup=False)
            yield DataTable(id="plan-warnings", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        parents = self.query_one("#plan-parents", DataTable)
        for key in ("parent", "before", "after", "change"):
            parents.add_column(lbl.of(lbl.PLAN_COL_OF, key), key=key)
        warnings = self.query_one("#plan-warnings", DataTable)
        for key in ("blocking", "code", "message"):
            warnings.add_column(lbl.of(lbl.PLAN_COL_OF, key), key=key)
        parents.focus()
        self.action_refresh()

    def action_back(self) -> None:
        self.dismiss(self.plan)

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="plan-preview", exit_on_error=False)
    async def load(self) -> None:
        api = OrgsApi.of(self.app)
        plan = await api.plan(self.plan.id)
        preview = await api.preview(self.plan.id)
        self.plan = PlanSummary(plan.id, plan.name, plan.effective_on, plan.status, preview.moves, preview.new_orgs)
        self.preview = preview
        summary = [
            (lbl.PLAN_EFFECTIVE(), plan.effective_on.isoformat()),
            (lbl.PLAN_STATUS(), status_label(plan.status)),
            (lbl.PLAN_MOVES(), f"{preview.moves:,}"),
            (lbl.PLAN_NEW_ORGS(), f"{preview.new_orgs:,}"),
            (lbl.PLAN_MEMBERS(), f"{preview.members_affected:,}"),
            (lbl.PLAN_CAN_APPLY(), ui.APP_YES() if preview.can_apply else ui.APP_NO()),
        ]
        self.query_one("#plan-summary", Static).update(field_lines(summary))
        parents = self.query_one("#plan-parents", DataTable)
        warnings = self.query_one("#plan-warnings", DataTable)
        with self.app.batch_update():
            parents.clear()
            for i, p in enumerate(preview.parents):
                name = p.name if p.parent_id is not None or p.ref is None else lbl.PLAN_NEW_ORG(name=p.name)
                change = p.after - p.before
                parents.add_row(
                    fit(name, 40), f"{p.before:,}", f"{p.after:,}", f"{change:+,}" if change else "0", key=str(i)
                )
            warnings.clear()
            for i, w in enumerate(sorted(preview.warnings, key=lambda w: not w.blocking)):  # blocking first
                warnings.add_row(lbl.PLAN_BLOCKING() if w.blocking else lbl.PLAN_NOTE(), w.code, w.text, key=str(i))
            if not preview.warnings:
                warnings.add_row(ui.APP_NONE(), "", lbl.PLAN_NO_WARNINGS(), key="none")

    def action_apply(self) -> None:
        if self.plan.status == "applied":
            self.notify(lbl.PLAN_ALREADY_APPLIED(name=self.plan.name), severity="warning", markup=False)
            return
        self.confirm_apply(self.plan.id, self.plan.name)

    def action_rollback(self) -> None:
        if self.plan.status != "applied":
            self.notify(lbl.PLAN_NOT_APPLIED(name=self.plan.name), severity="warning", markup=False)
            return
        self.confirm_rollback(self.plan.id, self.plan.name)
