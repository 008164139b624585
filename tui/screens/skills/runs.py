"""凤城工匠 reward runs: the list, a new run (`n`, who is owed what for a year), its preview
(totals by level and rule version, honours, the certificates skipped because their member is
rewarded for that level already) and approval behind a confirmation; then the
payment progress, refreshed by a timer until every payout is paid or failed."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import DataTable, ProgressBar, Static

from tui.i18n import L, of, pick
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import EXPORT, Column, ListScreen, export_with_notice
from tui.screens.base import AreaScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.orgs.common import field_lines
from tui.screens.skills.api import Run, SkillsApi
from tui.screens.welfare.api import yuan
from tui.widgets.base import bind

RUNS = L("工匠奖励发放", "Reward runs")
RUN = L("奖励发放 #{id}（{year} 年）", "Reward run #{id} ({year})")
NEW = L("新建", "New")
APPROVE = L("审批", "Approve")
BACK = L("返回", "Back")
CONFIRM = L(
    "审批奖励发放 #{id}：{count} 笔，共 ¥{total}？审批后即按此发放。",
    "Approve reward run #{id}: {count} payments, ¥{total} in all? They are paid as shown.",
)
APPROVED = L("奖励发放 #{id} 已审批，正在发放", "Reward run #{id} approved: paying")
NOT_PREVIEW = L("奖励发放 #{id} 不在待审批状态", "Reward run #{id} is not waiting for approval")
NOT_APPROVED = L("尚未审批", "Not approved yet")
DONE = L("全部发放完毕", "All settled")
REFRESHING = L("每 {seconds} 秒刷新", "refreshes every {seconds} s")
STATE_OF = {
    "preview": L("待审批", "waiting for approval"),
    "approved": L("已审批", "approved"),
    "cancelled": L("已取消", "cancelled"),
}
F_STATE = L("状态", "State")
F_LINES = L("笔数", "Payments")
F_TOTAL = L("金额", "Total")
F_NO_ACCOUNT = L("无银行账户（未计入）", "No bank account (left out)")
F_SKIPPED = L("同等级重复证书（不予奖励）", "Same level again (not paid)")
C_PAID = L("已发放", "Paid")
C_OPEN = L("发放中", "Open")
C_FAILED = L("失败", "Failed")
C_PAID_YUAN = L("已发放金额", "Paid (¥)")
KIND_OF = {"certificate": L("证书", "certificate"), "honour": L("荣誉", "honour")}


class NewRunForm(FormModal[Run]):
    HEADING = L("新建奖励发放", "New reward run")
    FIELDS = (
        Field("year", L("年度", "Year"), "int"),
        Field("up_to", L("截至日期（默认年底）", "Up to (default: the year's end)"), "date"),
    )

    async def submit(self, body: dict[str, Any]) -> Run:
        return await SkillsApi.of(self.app).create_run(body)


class RunsScreen(ListScreen[Run]):
    AREA = "skills.runs"
    HEADING = RUNS
    COLUMNS = (
        Column("id", L("编号", "No."), lambda r: r.id),
        Column("year", L("年度", "Year"), lambda r: r.year),
        Column("up_to", L("截至", "Up to"), lambda r: r.up_to.isoformat()),
        Column("lines", L("笔数", "Payments"), lambda r: f"{r.line_count:,}"),
        Column("total", L("金额（元）", "Total (¥)"), lambda r: yuan(r.total_fen)),
        Column("state", L("状态", "State"), lambda r: of(STATE_OF, r.state)),
    )
    BINDINGS = [bind("n", "new", NEW)]

    async def page(self, cursor: str | None) -> Page[Run]:
        return await SkillsApi.of(self.app).runs(cursor=cursor)

    def open(self, run: Run) -> None:
        self.app.push_screen(RunScreen(run), self.refreshed)

    def action_new(self) -> None:
        self.app.push_screen(NewRunForm(), self.created)

    def created(self, run: Run | None) -> None:
        self.action_refresh()
        if run is not None:
            self.app.push_screen(RunScreen(run), self.refreshed)


class RunScreen(AreaScreen):
    """A run's preview and, once approved, its payment progress (every `interval` seconds)."""

    AREA = "skills.runs"
    AUTO_FOCUS = "#groups"
    INTERVAL = 2.0
    BINDINGS = [bind("escape", "back", BACK), bind("a", "approve", APPROVE), bind("ctrl+s", "export", EXPORT)]

    def __init__(self, record: Run, interval: float | None = None) -> None:
        super().__init__()
        self.record = record
        self.interval = interval if interval is not None else self.INTERVAL
        self.timer: Timer | None = None

    def heading(self) -> str:
        return RUN(id=self.record.id, year=self.record.year)

    def body(self) -> ComposeResult:
        yield Static("", id="run-fields", markup=False)
        yield DataTable(id="groups", cursor_type="row", zebra_stripes=True)
        yield Static("", id="run-skipped", markup=False)
        yield ProgressBar(id="run-bar", show_eta=False)
        yield Static("", id="run-progress", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#groups", DataTable)
        for key, text in (
            ("kind", L("类别", "Kind")),
            ("label", L("项目", "Item")),
            ("rule", L("规则生效日", "Rule from")),
            ("lines", L("笔数", "Payments")),
            ("amount", L("每笔（元）", "Each (¥)")),
            ("total", L("合计（元）", "Total (¥)")),
        ):
            table.add_column(str(text), key=key)
        self.show()
        self.timer = self.set_interval(self.interval, self.tick)

    def action_back(self) -> None:
        self.dismiss(self.record)

    def action_refresh(self) -> None:
        self.run_worker(self.load(), group="run-progress", exclusive=True, exit_on_error=False)

    def tick(self) -> None:
        if self.record.state == "approved" and self.record.open:
            self.action_refresh()

    async def load(self) -> None:
        self.record = await SkillsApi.of(self.app).run(self.record.id)
        self.show()

    def show(self) -> None:
        r = self.record
        rows = [
            (F_STATE(), of(STATE_OF, r.state)),
            (F_LINES(), f"{r.line_count:,}"),
            (F_TOTAL(), "¥" + yuan(r.total_fen)),
        ]
        if r.without_account:
            rows.append((F_NO_ACCOUNT(), f"{r.without_account:,}"))
        if r.skipped:
            rows.append((F_SKIPPED(), f"{len(r.skipped):,}"))
        self.query_one("#run-fields", Static).update(field_lines(rows))
        self.query_one("#run-skipped", Static).update("\n".join(pick(s.zh, s.en) for s in r.skipped))
        table = self.query_one("#groups", DataTable)
        table.clear()
        for g in r.groups:
            table.add_row(
                of(KIND_OF, g.kind),
                g.label,
                g.rule_effective_from.isoformat() if g.rule_effective_from else "—",
                f"{g.lines:,}",
                yuan(g.amount_fen),
                yuan(g.total_fen),
            )
        bar = self.query_one("#run-bar", ProgressBar)
        progress = self.query_one("#run-progress", Static)
        if r.batch_id is None:
            bar.update(total=1, progress=0)
            progress.update(NOT_APPROVED())
            return
        bar.update(total=max(r.line_count, 1), progress=r.settled if r.line_count else 1)
        counts = field_lines(
            [
                (C_PAID(), f"{r.paid:,}"),
                (C_OPEN(), f"{r.open:,}"),
                (C_FAILED(), f"{r.failed:,}"),
                (C_PAID_YUAN(), "¥" + yuan(r.paid_fen)),
            ]
        )
        state = DONE() if not r.open else REFRESHING(seconds=f"{self.interval:g}")
        progress.update(f"{counts}\n{state}")

    @work(exclusive=True, group="run-export", exit_on_error=False)
    async def action_export(self) -> None:
        """Save the run's lines (one per payment) as XLSX."""
        await export_with_notice(self, f"/reward-runs/{self.record.id}/lines")

    def action_approve(self) -> None:
        if self.record.state != "preview":
            self.notify(NOT_PREVIEW(id=self.record.id), severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self.approve(), group="run-approve", exclusive=True, exit_on_error=False)

        question = CONFIRM(id=self.record.id, count=f"{self.record.line_count:,}", total=yuan(self.record.total_fen))
        self.app.push_screen(ConfirmModal(question, danger=False), answered)

    async def approve(self) -> None:
        self.record = await SkillsApi.of(self.app).approve_run(self.record.id)
        self.notify(APPROVED(id=self.record.id), markup=False)
        self.show()
