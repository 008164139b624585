"""Relief campaigns (救助活动): the list, approval behind a confirmation, and a
campaign's payment progress — a ProgressBar and the counts (pending, in flight,
paid, failed, unknown, amount paid in yuan) refreshed every few seconds by a
timer that starts an exclusive worker, so the screen never waits on the API."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from tui import labels as ui
from tui.i18n import L, pick
from tui.kit.api import Page
from tui.kit.listing import EXPORT, Column, ListScreen, export_with_notice
from tui.screens.base import ScreenCommands
from tui.screens.confirm import ConfirmModal
from tui.screens.orgs.common import field_lines
from tui.screens.tokens import when
from tui.screens.welfare import labels as lbl
from tui.screens.welfare.api import KINDS, Campaign, Progress, WelfareApi, yuan
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures, SaishangNode, bind
from tui.widgets.search import SearchInput

PAGE = 100
NEW = L("新建", "New")
CREATED = L("已创建救助活动“{name}”（草稿）", "Campaign {name} created (draft)")
BY_NAME = L("名称中的字（回车应用）", "Words of the name (Enter applies)")
BY_YEAR = L("年份", "Year")
EVERY_KIND = L("全部类型", "Every kind")


def kind_label(kind: str) -> str:
    return pick(*KINDS[kind]) if kind in KINDS else kind


def status_label(status: str) -> str:
    return lbl.of(lbl.STATUS_OF, status) if status in ("draft", "approved") else status


class Approves(SaishangNode):
    """Approval, asked first with what it will pay; `approved()` runs once the API did it."""

    @work(exclusive=True, group="campaign-approve-check", exit_on_error=False)
    async def ask_approval(self, campaign: Campaign) -> None:
        preview = await WelfareApi.of(self.app).preview(campaign.id)
        if not preview.within_budget:
            self.notify(
                lbl.OVER_BUDGET(
                    total=yuan(preview.total_fen),
                    budget=yuan(preview.budget_fen),
                ),
                severity="error",
                markup=False,
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.approve(campaign)

        question = lbl.CONFIRM_APPROVE(
            name=campaign.name,
            count=f"{preview.beneficiaries:,}",
            total=yuan(preview.total_fen),
            budget=yuan(preview.budget_fen),
        )
        self.app.push_screen(ConfirmModal(question), answered)

    @work(exclusive=True, group="campaign-approve", exit_on_error=False)
    async def approve(self, campaign: Campaign) -> None:
        done = await WelfareApi.of(self.app).approve(campaign.id)
        self.notify(lbl.APPROVED(name=done.name), markup=False)
        self.approved(done)

    def approved(self, campaign: Campaign) -> None:
        """Override: show the campaign as approved."""


class CampaignsScreen(ListScreen[Campaign], Approves):
    AREA = "welfare.campaigns"
    HEADING = lbl.CAMPAIGNS_TITLE
    CSS_PATH = ["../screens.tcss", "welfare.tcss"]
    COLUMNS = (
        Column("id", lbl.COL_ID, lambda c: str(c.id)),
        Column("name", lbl.COL_NAME, lambda c: c.name, width=36),
        Column("kind", lbl.COL_KIND, lambda c: kind_label(c.kind)),
        Column("year", lbl.COL_YEAR, lambda c: str(c.year)),
        Column("budget", lbl.COL_BUDGET, lambda c: yuan(c.budget_fen)),
        Column("status", lbl.COL_STATUS, lambda c: status_label(c.status)),
        Column("approved", lbl.COL_APPROVED, lambda c: when(c.approved_at, ui.APP_NONE())),
    )
    BINDINGS = [
        bind("n", "new", NEW),
        Binding("o", "open", lbl.OPEN.id, id="welfare.open"),
        Binding("a", "approve", lbl.APPROVE.id, id="welfare.approve"),
    ]

    def filters(self) -> ComposeResult:  # the API's filters: q, year, kind
        yield SearchInput(placeholder=str(BY_NAME), id="q")
        yield SearchInput(placeholder=str(BY_YEAR), id="year", type="integer", max_length=4)
        yield Select[str]([(pick(*v), k) for k, v in KINDS.items()], prompt=str(EVERY_KIND), id="kind", compact=True)

    async def page(self, cursor: str | None) -> Page[Campaign]:
        return await WelfareApi.of(self.app).campaigns(cursor=cursor, limit=PAGE, **self.filter_values())

    def open(self, campaign: Campaign) -> None:
        self.app.push_screen(CampaignProgressScreen(campaign), self.refreshed)

    def action_open(self) -> None:
        if (campaign := self.selected()) is not None:
            self.open(campaign)

    def action_new(self) -> None:
        from tui.screens.welfare.campaign_form import NewCampaignModal

        self.app.push_screen(NewCampaignModal(), self.created)

    def created(self, campaign: Campaign | None) -> None:
        if campaign is not None:
            self.notify(CREATED(name=campaign.name), markup=False)
            self.action_refresh()

    def action_approve(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        if campaign.status != "draft":
            self.notify(lbl.ALREADY_APPROVED(name=campaign.name), severity="warning", markup=False)
            return
        self.ask_approval(campaign)

    def approved(self, campaign: Campaign) -> None:
        key = self.key(campaign)
        self.records[key] = campaign
        for column, value in zip(self.COLUMNS, self.cells(campaign), strict=True):
            self.table.update_cell(key, column.key, value)
        self.open(campaign)


class CampaignProgressScreen(Approves, ScreenCommands, Localized, ReportsFailures, Screen):
    """One campaign and where its payouts are, refreshed every `INTERVAL` seconds until all are settled."""

    CSS_PATH = ["../screens.tcss", "welfare.tcss"]
    INTERVAL = 2.0
    BINDINGS = [
        Binding("escape", "back", ui.APP_BACK.id, id="campaign.back"),
        Binding("a", "approve", lbl.APPROVE.id, id="campaign.approve"),
        Binding("r", "refresh", ui.APP_REFRESH.id, id="campaign.refresh"),
        bind("ctrl+s", "export", EXPORT),
    ]

    def __init__(self, campaign: Campaign, interval: float | None = None) -> None:
        super().__init__()
        self.campaign = campaign
        self.progress: Progress | None = None
        self.interval = interval if interval is not None else self.INTERVAL
        self.timer: Timer | None = None
        self.readings = 0  # refreshes that reached the screen (tests look at it)

    def heading(self) -> str:
        return lbl.PROGRESS_TITLE(name=self.campaign.name)

    def compose(self) -> ComposeResult:
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Vertical(id="detail"):
            yield Static(self.heading(), id="heading", markup=False)
            yield Static("", id="campaign-fields", markup=False)
            yield ProgressBar(id="payout-bar", show_eta=False)
            yield Static(ui.APP_LOADING(), id="payout-counts", markup=False)
            yield Static("", id="payout-state", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_campaign()
        self.timer = self.set_interval(self.interval, self.tick)
        self.action_refresh()

    def action_back(self) -> None:
        self.dismiss(self.campaign)

    def action_refresh(self) -> None:
        if self.timer is not None:
            self.timer.resume()
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed refresh is said once (by the app) and the timer waits for `r` or the reconnect."""
        event.prevent_default()  # reported here, once, not again by ReportsFailures
        if event.state == WorkerState.ERROR:
            if event.worker.group == "campaign-progress" and self.timer is not None:
                self.timer.pause()
                self.query_one("#payout-state", Static).update(lbl.PAUSED())
            self.app.report_failure(event.worker.error)

    def tick(self) -> None:
        if self.progress is not None and self.progress.done:
            return  # every payout is paid or failed: nothing more will change
        if not any(w.node is self and w.group == "campaign-progress" and w.is_running for w in self.app.workers):
            self.load()

    @work(exclusive=True, group="campaign-progress", exit_on_error=False)
    async def load(self) -> None:
        api = WelfareApi.of(self.app)
        self.campaign = await api.campaign(self.campaign.id)
        progress = await api.progress(self.campaign.id) if self.campaign.batch_id is not None else None
        self.progress = progress
        self.readings += 1
        self.show_campaign()
        self.show_progress()

    def show_campaign(self) -> None:
        c = self.campaign
        rows = [
            (lbl.F_KIND(), kind_label(c.kind)),
            (lbl.F_YEAR(), str(c.year)),
            (lbl.F_BUDGET(), "¥" + yuan(c.budget_fen)),
            (lbl.F_STATUS(), status_label(c.status)),
        ]
        if c.approved_at is not None:
            rows.append((lbl.F_APPROVED(), f"{when(c.approved_at)} · {c.approved_by or ''}"))
        self.query_one("#campaign-fields", Static).update(field_lines(rows))

    def show_progress(self) -> None:
        bar = self.query_one("#payout-bar", ProgressBar)
        counts = self.query_one("#payout-counts", Static)
        state = self.query_one("#payout-state", Static)
        p = self.progress
        if p is None:
            bar.update(total=1, progress=0)
            counts.update(lbl.NOT_APPROVED())
            state.update("")
            return
        bar.update(total=max(p.total, 1), progress=p.settled if p.total else 1)
        rows = [
            (lbl.C_TOTAL(), f"{p.total:,}"),
            (lbl.C_PENDING(), f"{p.pending:,}"),
            (lbl.C_IN_FLIGHT(), f"{p.in_flight:,}"),
            (lbl.C_PAID(), f"{p.paid:,}"),
            (lbl.C_FAILED(), f"{p.failed:,}"),
            (lbl.C_UNKNOWN(), f"{p.unknown:,}"),
            (lbl.C_PAID_YUAN(), "¥" + yuan(p.paid_fen)),
            (lbl.C_TOTAL_YUAN(), "¥" + yuan(p.total_fen)),
        ]
        counts.update(field_lines(rows))
        if p.done:
            state.update(lbl.DONE())
        else:
            state.update(lbl.REFRESHING(seconds=f"{self.interval:g}"))

    @work(exclusive=True, group="campaign-export", exit_on_error=False)
    async def action_export(self) -> None:
        """Save the campaign's payouts as XLSX."""
        await export_with_notice(self, f"/campaigns/{self.campaign.id}/payouts")

    def action_approve(self) -> None:
        if self.campaign.status != "draft":
            self.notify(lbl.ALREADY_APPROVED(name=self.campaign.name), severity="warning", markup=False)
            return
        self.ask_approval(self.campaign)

    def approved(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.progress = None
        self.load()
