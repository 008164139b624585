"""Restructuring plans (组织调整方案): the list, a plan's preview (child counts per
parent before and after, members affected, warnings), and apply / roll back, each
behind a confirmation. The API applies or rolls back the whole plan in one
transaction; the screens only ask and show."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.i18n import fit, t
from tui.screens.base import AreaScreen, ScreenCommands
from tui.screens.confirm import ConfirmModal
from tui.screens.orgs.api import OrgsApi, PlanPreview, PlanSummary
from tui.screens.orgs.common import field_lines
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures, SaishangNode
from tui.widgets.tables import selected_key, sync_rows

COLUMNS = ("id", "name", "effective", "status", "moves", "new_orgs")


def status_label(status: str) -> str:
    return t(f"orgs.plan.status.{status}") if status in ("draft", "applied", "rolled_back") else status


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
            app.notify(
                t("orgs.plan.blocked", reason=blocking.message if blocking else "-"), severity="error", markup=False
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply(plan_id, name)

        question = t(
            "orgs.plan.confirm_apply",
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
        self.notify(t("orgs.plan.applied", name=name), markup=False)
        self.changed()

    def confirm_rollback(self, plan_id: int, name: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.rollback(plan_id, name)

        question = t("orgs.plan.confirm_rollback", name=name)
        self.app.push_screen(ConfirmModal(question), answered)

    @work(exclusive=True, group="plan-change", exit_on_error=False)
    async def rollback(self, plan_id: int, name: str) -> None:
        await OrgsApi.of(self.app).rollback(plan_id)
        self.notify(t("orgs.plan.rolled_back", name=name), markup=False)
        self.changed()

    def changed(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Load the screen's data again (each screen says how)."""


class PlansScreen(PlanActions, AreaScreen):
    AREA = "orgs.plans"
    TITLE_KEY = "orgs.plans.title"
    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    BINDINGS = [
        Binding("p", "preview", "orgs.plans.preview", id="orgs.plans.preview"),
        Binding("a", "apply", "orgs.plans.apply", id="orgs.plans.apply"),
        Binding("u", "rollback", "orgs.plans.rollback", id="orgs.plans.rollback"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plans: list[PlanSummary] = []

    def body(self) -> ComposeResult:
        yield DataTable(id="plans", cursor_type="row", zebra_stripes=True)
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#plans", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"orgs.plans.col.{key}"), key=key)
        super().on_mount()

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="plans", exit_on_error=False)
    async def load(self) -> None:
        self.plans = await OrgsApi.of(self.app).plans()
        rows = {
            str(p.id): (
                str(p.id),
                fit(p.name, 40),
                p.effective_on.isoformat(),
                status_label(p.status),
                f"{p.moves:,}",
                f"{p.new_orgs:,}",
            )
            for p in self.plans
        }
        with self.app.batch_update():
            sync_rows(self.query_one("#plans", DataTable), rows)
        self.query_one("#count", Static).update(t("orgs.plans.count", count=len(self.plans)))

    def selected(self) -> PlanSummary | None:
        key = selected_key(self.query_one("#plans", DataTable))
        plan = next((p for p in self.plans if str(p.id) == key), None)
        if plan is None:
            self.notify(t("orgs.plans.none_selected"), severity="warning", markup=False)
        return plan

    @on(DataTable.RowSelected, "#plans")
    def action_preview(self) -> None:
        plan = self.selected()
        if plan is not None:

            def reload(_: object) -> None:
                self.load()

            self.app.push_screen(PlanPreviewScreen(plan), reload)

    def action_apply(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        if plan.status == "applied":
            self.notify(t("orgs.plan.already_applied", name=plan.name), severity="warning", markup=False)
            return
        self.confirm_apply(plan.id, plan.name)

    def action_rollback(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        if plan.status != "applied":
            self.notify(t("orgs.plan.not_applied", name=plan.name), severity="warning", markup=False)
            return
        self.confirm_rollback(plan.id, plan.name)


class PlanPreviewScreen(PlanActions, ScreenCommands, Localized, ReportsFailures, Screen):
    """What applying the plan does: per parent, its children before and after; warnings."""

    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    BINDINGS = [
        Binding("escape", "back", "app.back", id="plan.back"),
        Binding("a", "apply", "orgs.plans.apply", id="plan.apply"),
        Binding("u", "rollback", "orgs.plans.rollback", id="plan.rollback"),
        Binding("r", "refresh", "app.refresh", id="plan.refresh"),
    ]

    def __init__(self, plan: PlanSummary) -> None:
        super().__init__()
        self.plan = plan
        self.preview: PlanPreview | None = None

    def heading(self) -> str:
        return t("orgs.plan.title", name=self.plan.name)

    def compose(self) -> ComposeResult:
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Vertical(id="detail"):
            yield Static(self.heading(), id="heading", markup=False)
            yield Static(t("app.loading"), id="plan-summary", markup=False)
            yield Static(t("orgs.plan.parents"), classes="subheading", markup=False)
            yield DataTable(id="plan-parents", cursor_type="row", zebra_stripes=True)
            yield Static(t("orgs.plan.warnings"), classes="subheading", markup=False)
            yield DataTable(id="plan-warnings", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        parents = self.query_one("#plan-parents", DataTable)
        for key in ("parent", "before", "after", "change"):
            parents.add_column(t(f"orgs.plan.col.{key}"), key=key)
        warnings = self.query_one("#plan-warnings", DataTable)
        for key in ("blocking", "code", "message"):
            warnings.add_column(t(f"orgs.plan.col.{key}"), key=key)
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
            (t("orgs.plan.effective"), plan.effective_on.isoformat()),
            (t("orgs.plan.status"), status_label(plan.status)),
            (t("orgs.plan.moves"), f"{preview.moves:,}"),
            (t("orgs.plan.new_orgs"), f"{preview.new_orgs:,}"),
            (t("orgs.plan.members"), f"{preview.members_affected:,}"),
            (t("orgs.plan.can_apply"), t("app.yes") if preview.can_apply else t("app.no")),
        ]
        self.query_one("#plan-summary", Static).update(field_lines(summary))
        parents = self.query_one("#plan-parents", DataTable)
        warnings = self.query_one("#plan-warnings", DataTable)
        with self.app.batch_update():
            parents.clear()
            for i, p in enumerate(preview.parents):
                name = p.name if p.parent_id is not None or p.ref is None else t("orgs.plan.new_org", name=p.name)
                change = p.after - p.before
                parents.add_row(
                    fit(name, 40), f"{p.before:,}", f"{p.after:,}", f"{change:+,}" if change else "0", key=str(i)
                )
            warnings.clear()
            for i, w in enumerate(sorted(preview.warnings, key=lambda w: not w.blocking)):  # blocking first
                warnings.add_row(
                    t("orgs.plan.blocking") if w.blocking else t("orgs.plan.note"), w.code, w.message, key=str(i)
                )
            if not preview.warnings:
                warnings.add_row(t("app.none"), "", t("orgs.plan.no_warnings"), key="none")

    def action_apply(self) -> None:
        if self.plan.status == "applied":
            self.notify(t("orgs.plan.already_applied", name=self.plan.name), severity="warning", markup=False)
            return
        self.confirm_apply(self.plan.id, self.plan.name)

    def action_rollback(self) -> None:
        if self.plan.status != "applied":
            self.notify(t("orgs.plan.not_applied", name=self.plan.name), severity="warning", markup=False)
            return
        self.confirm_rollback(self.plan.id, self.plan.name)
