"""审计计划 Audit plans: draft one (`n`: the year, a title, the evaluation standard; the unions
named for a pilot, or left empty for every non-public enterprise union above designated size; the
enterprise unions left out because those answers are missing are named in a warning),
approve it (`a`, behind a confirmation: it freezes the population, one audit per union)."""

from __future__ import annotations

from typing import Any

from textual import work

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.audit.api import AuditApi, Plan, Standard
from tui.screens.confirm import ConfirmModal
from tui.widgets.base import bind

HEADING = L("审计计划", "Audit plans")
YEAR = L("年度", "Year")
TITLE = L("名称", "Title")
STANDARD = L("评价标准", "Standard")
STATE = L("状态", "State")
AUDITS = L("审计对象", "Audits")
PILOT = L("试点工会编号", "Pilot union IDs")
PILOT_HINT = L("用逗号分隔；空为全部规上非公企业工会", "comma-separated; empty: every non-public union above scale")
NEW = L("新建", "New")
APPROVE = L("批准", "Approve")
STATES = {"draft": L("草稿", "draft"), "approved": L("已批准", "approved")}
CREATED = L("已新建审计计划“{title}”", "Audit plan {title} drafted")
ASK_APPROVE = L(
    "批准“{title}”？批准后审计对象即固定。", "Approve {title}? The unions audited are fixed once it is approved."
)
APPROVED = L("已批准“{title}”：{count} 家工会列入审计", "{title} approved: {count} unions to audit")
ALREADY = L("该计划已批准", "This plan is already approved")
UNCLASSIFIED = L(
    "{count} 家企业工会尚未填写是否非公企业、是否规模以上，未列入审计：{names}。请在组织信息中补充后另行拟定补充计划",
    "{count} enterprise unions have no answer to non-public / above designated size and are left out: {names}."
    " Fill them in on the orgs, then draft a supplementary plan",
)


class PlansScreen(ListScreen[Plan]):
    AREA = "audit.plans"
    HEADING = HEADING
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda p: str(p.id)),
        Column("year", YEAR, lambda p: str(p.year)),
        Column("title", TITLE, lambda p: p.title, width=30),
        Column("state", STATE, lambda p: str(STATES.get(p.state, p.state))),
        Column("audits", AUDITS, lambda p: str(p.audits)),
    )
    BINDINGS = [bind("n", "new", NEW), bind("a", "approve", APPROVE)]

    async def page(self, cursor: str | None) -> Page[Plan]:
        return await AuditApi.of(self.app).plans(cursor=cursor)

    def action_new(self) -> None:
        self.load_standards()

    @work(exclusive=True, group="audit-standards", exit_on_error=False)
    async def load_standards(self) -> None:
        standards = (await AuditApi.of(self.app).standards()).items
        self.app.push_screen(NewPlan(standards), self.created)

    def created(self, plan: Plan | None) -> None:
        if plan is not None:
            self.notify(CREATED(title=plan.title), markup=False)
            self.warn_unclassified(plan)
            self.action_refresh()

    def warn_unclassified(self, plan: Plan) -> None:
        """The enterprise unions the plan leaves out because their scope answers are missing."""
        if plan.unclassified:
            names = "、".join(f"{u.name}（#{u.id}）" for u in plan.unclassified[:10])
            if len(plan.unclassified) > 10:
                names += "…"
            self.notify(
                UNCLASSIFIED(count=len(plan.unclassified), names=names), severity="warning", markup=False, timeout=15
            )

    def open(self, record: Plan) -> None:
        self.action_approve()

    def action_approve(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        if plan.state != "draft":
            self.notify(str(ALREADY), severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.approve(plan)

        self.app.push_screen(ConfirmModal(ASK_APPROVE(title=plan.title), danger=False), answered)

    @work(exclusive=True, group="audit-approve", exit_on_error=False)
    async def approve(self, plan: Plan) -> None:
        done = await AuditApi.of(self.app).approve_plan(plan.id)
        self.notify(APPROVED(title=done.title, count=done.audits), markup=False)
        self.warn_unclassified(done)
        self.action_refresh()


class NewPlan(FormModal[Plan]):
    HEADING = L("新建审计计划", "New audit plan")
    SUBMIT = NEW

    def __init__(self, standards: list[Standard]) -> None:
        super().__init__({"standard_id": standards[0].id} if standards else {})
        self.standards = standards

    def fields(self) -> list[Field]:
        choices = [(f"{s.title}（{s.code} v{s.version}）", s.id) for s in self.standards]
        return [
            Field("year", YEAR, "int"),
            Field("title", TITLE),
            Field("standard_id", STANDARD, "choice", choices=choices),
            Field("org_ids", PILOT, hint=PILOT_HINT),
        ]

    def body(self) -> dict[str, Any]:
        body = super().body()
        if "org_ids" in body:  # "12, 15": the pilot's unions (the API names a bad one)
            parts = [p.strip() for p in str(body["org_ids"]).replace("，", ",").split(",") if p.strip()]
            body["org_ids"] = [int(p) if p.isdigit() else p for p in parts]
        return body

    async def submit(self, body: dict[str, Any]) -> Plan:
        return await AuditApi.of(self.app).create_plan(body)
