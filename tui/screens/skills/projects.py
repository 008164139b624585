"""点题式 The federation's review queue: training projects declared by grassroots unions,
reviewed here (approve, return with reasons, reject); `f` shows every project instead."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from tui.i18n import L, of
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.skills.api import Project, SkillsApi
from tui.screens.welfare.api import yuan
from tui.widgets.base import bind

QUEUE = L("项目评审（待评审）", "Project review (waiting)")
ALL = L("培训项目（全部）", "Training projects (all)")
REVIEW = L("评审", "Review")
SHOW = L("待评审/全部", "Waiting/all")
REVIEWED = L("项目“{topic}”：{state}", "Project {topic}: {state}")
STATE_OF = {
    "declared": L("待评审", "waiting"),
    "approved": L("已通过", "approved"),
    "returned": L("已退回", "returned"),
    "rejected": L("不予立项", "rejected"),
    "running": L("实施中", "running"),
    "completed": L("已完成", "completed"),
}
CATEGORY_OF = {
    "general": L("综合素质", "general"),
    "skills": L("技能提升", "skills"),
    "safety_law": L("安全法律法规", "safety and law"),
}


class ReviewForm(FormModal[Project]):
    HEADING = L("评审培训项目", "Review a training project")
    SUBMIT = REVIEW
    FIELDS = (
        Field(
            "decision",
            L("决定", "Decision"),
            "choice",
            choices=[
                (L("通过", "Approve"), "approve"),
                (L("退回修改", "Return"), "return"),
                (L("不予立项", "Reject"), "reject"),
            ],
            blank=False,
        ),
        Field("note", L("意见（退回、不予立项时必填）", "Note (needed to return or reject)"), "long"),
    )

    def __init__(self, project: Project) -> None:
        super().__init__(title=f"{self.HEADING} · {project.topic}")
        self.project = project

    async def submit(self, body: dict[str, Any]) -> Project:
        return await SkillsApi.of(self.app).review(self.project.id, body)


class ProjectsScreen(ListScreen[Project]):
    AREA = "skills.projects"
    HEADING = QUEUE
    COLUMNS = (
        Column("id", L("编号", "No."), lambda p: p.id),
        Column("topic", L("题目", "Topic"), lambda p: p.topic, width=28),
        Column("category", L("类别", "Category"), lambda p: of(CATEGORY_OF, p.category)),
        Column("org", L("申报单位", "Union"), lambda p: f"#{p.org_id}"),
        Column("heads", L("人数", "Heads"), lambda p: p.expected_heads),
        Column("budget", L("预算（元）", "Budget (¥)"), lambda p: yuan(p.budget_fen)),
        Column("dates", L("日期", "Dates"), lambda p: f"{p.starts_on}–{p.ends_on}"),
        Column("state", L("状态", "State"), lambda p: of(STATE_OF, p.state)),
    )
    BINDINGS = [bind("v", "review", REVIEW), bind("f", "show_all", SHOW)]

    def __init__(self) -> None:
        super().__init__()
        self.queue_only = True

    def heading(self) -> str:
        return str(QUEUE if self.queue_only else ALL)

    async def page(self, cursor: str | None) -> Page[Project]:
        return await SkillsApi.of(self.app).projects(state="declared" if self.queue_only else None, cursor=cursor)

    def open(self, project: Project) -> None:
        self.action_review()

    def action_review(self) -> None:
        project = self.selected()
        if project is not None:
            self.app.push_screen(ReviewForm(project), self.reviewed)

    def reviewed(self, project: Project | None) -> None:
        if project is not None:
            self.notify(REVIEWED(topic=project.topic, state=of(STATE_OF, project.state)), markup=False)
        self.action_refresh()

    def action_show_all(self) -> None:
        self.queue_only = not self.queue_only
        self.query_one("#heading", Static).update(self.heading())
        self.action_refresh()
