"""审计概览 The tenant's yearly audit overview (`/reports/audit`): audited unions, the grade
distribution drawn as bars (a count next to each, so it reads without colour), the average
score per area, rectifications on time and overdue cases."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui.i18n import L, pad
from tui.screens.audit.api import GRADES
from tui.screens.base import AreaScreen
from tui.screens.tokens import SHANGHAI
from tui.widgets.search import SearchInput

HEADING = L("审计概览", "Audit overview")
YEAR = L("年度", "Year")
BAD_YEAR = L("请输入四位年份", "enter a four-digit year")
DISTRIBUTION = L("等级分布（{count} 家已计分）", "Grades ({count} scored)")
FIGURES = L(
    "已审计工会 {audited} · 平均分 {average} · 按期整改 {on_time} · 逾期 {overdue} · 已结案 {closed}",
    "Unions audited {audited} · average {average} · rectified on time {on_time} · overdue {overdue} · closed {closed}",
)
AREAS = (
    L("教育宣传", "education"),
    L("文体活动", "culture and sports"),
    L("困难帮扶", "relief"),
    L("劳动竞赛", "competitions"),
    L("工会业务", "union business"),
    L("经费管理", "fund management"),
)
AREA_AVERAGES = L("各领域平均分", "Average per area")
BAR_WIDTH = 40


def bars(rows: list[tuple[str, int]], width: int = BAR_WIDTH) -> str:
    """One line a row: the label, a bar scaled to the largest count, the count itself."""
    top = max((count for _, count in rows), default=0)
    label_width = max((cell_len(label) for label, _ in rows), default=0) + 2
    lines = []
    for label, count in rows:
        length = round(count / top * width) if top else 0
        lines.append(f"{pad(label, label_width)}{'█' * length}{'·' if not length else ''} {count}")
    return "\n".join(lines)


class AuditOverviewScreen(AreaScreen):
    AREA = "audit.overview"
    CSS_PATH = ["../screens.tcss", "audit.tcss"]
    AUTO_FOCUS = "#year"

    def heading(self) -> str:
        return str(HEADING)

    def body(self) -> ComposeResult:
        yield SearchInput(
            str(dt.datetime.now(SHANGHAI).year), placeholder=str(YEAR), id="year", type="integer", max_length=4
        )
        yield Static("", id="figures", markup=False)
        yield Static("", id="distribution", classes="subheading", markup=False)
        yield Static("", id="grades", markup=False)
        yield Static(str(AREA_AVERAGES), classes="subheading", markup=False)
        yield Static("", id="area-averages", markup=False)

    @on(Input.Submitted, "#year")
    def action_refresh(self) -> None:
        raw = self.query_one("#year", Input).value.strip()
        if not (raw.isdigit() and len(raw) == 4):
            self.notify(str(BAD_YEAR), severity="warning", markup=False)
            return
        self.load(int(raw))

    @work(exclusive=True, group="audit-overview", exit_on_error=False)
    async def load(self, year: int) -> None:
        report = await self.app.client.report(self.app.tenant_slug, "audit", year)
        f = report.figures
        counts = [(str(label), int(f.get(f"grade_{code}", 0))) for code, (_, label) in GRADES.items()]
        self.query_one("#figures", Static).update(
            FIGURES(
                audited=int(f.get("audited_unions", 0)),
                average=f"{float(f.get('average_score', 0)):.2f}",
                on_time=int(f.get("rectified_on_time", 0)),
                overdue=int(f.get("overdue", 0)),
                closed=int(f.get("closed", 0)),
            )
        )
        self.query_one("#distribution", Static).update(DISTRIBUTION(count=sum(c for _, c in counts)))
        self.query_one("#grades", Static).update(bars(counts))
        self.query_one("#area-averages", Static).update(
            "\n".join(
                f"{pad(str(label), 12)}{float(f.get(f'area_{n}_avg', 0)):.2f}" for n, label in enumerate(AREAS, 1)
            )
        )
