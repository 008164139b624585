"""救助申请 Relief applications (e.g. 大病救助): choose the campaign, file an application
(`n`), decide one (`d`: approve with an amount, or reject), or mark several with the space
bar and approve them all at the amount asked (`A`). Deciding is the tenant admin's."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Select

from tui.client import ApiError
from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.welfare.api import REASONS, STATUSES, Application, Campaign, WelfareApi, yuan
from tui.widgets.base import bind

HEADING = L("救助申请", "Relief applications")
CAMPAIGN = L("救助活动", "Campaign")
NO_CAMPAIGN = L("先选择一个救助活动", "Choose a campaign first")
APPLY = L("申请", "Apply")
DECIDE = L("审批", "Decide")
APPROVE_MARKED = L("批准所选", "Approve marked")
FILED = L("已提交{name}的申请", "Application for {name} filed")
DECIDED = L("{name}：{status}", "{name}: {status}")
ASK_BULK = L(
    "按申请金额批准所选 {count} 份申请，共 ¥{total}？",
    "Approve the {count} marked applications at the amounts asked, ¥{total} in all?",
)
BULK_DONE = L("已批准 {done} 份；{failed} 份未批准", "{done} approved; {failed} not")
NOT_SUBMITTED = L("只有待审批的申请可以审批", "Only a submitted application can be decided")

MEMBER = L("会员", "Member")
MEMBER_ID = L("会员编号", "Member ID")
CATEGORY = L("类别", "Category")
REASON = L("申请理由", "Reason")
REQUESTED = L("申请金额（元）", "Requested (yuan)")
APPROVED_AMOUNT = L("批准金额（元）", "Approved (yuan)")
APPROVED_HINT = L("空为申请金额", "empty: the amount asked")
BANK = L("银行账号", "Bank account")
STATUS = L("状态", "Status")
APPROVE = L("批准", "Approve")
APPROVE_HINT = L("勾选为批准，不勾为不批准", "ticked: approve; not ticked: reject")
NOTE = L("意见", "Note")
EVERY_STATUS = L("全部状态", "Every status")
APPLICATION_STATUSES = ("submitted", "approved", "rejected")


def status(code: str) -> str:
    return str(STATUSES[code]) if code in STATUSES else code


class ApplicationsScreen(ListScreen[Application]):
    AREA = "welfare.applications"
    HEADING = HEADING
    MARKS = True
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda a: str(a.id)),
        Column("member", MEMBER, lambda a: a.member_name, width=12),
        Column("category", CATEGORY, lambda a: str(REASONS.get(a.category, a.category))),
        Column("requested", REQUESTED, lambda a: yuan(a.requested_fen)),
        Column("approved", APPROVED_AMOUNT, lambda a: yuan(a.approved_fen) if a.approved_fen is not None else None),
        Column("status", STATUS, lambda a: status(a.status)),
        Column("reason", REASON, lambda a: a.reason, width=24),
    )
    BINDINGS = [
        bind("n", "apply", APPLY),
        bind("d", "decide", DECIDE),
        bind("A", "approve_marked", APPROVE_MARKED, key_display="A"),
    ]

    def filters(self) -> ComposeResult:
        yield Select[int]([], prompt=str(CAMPAIGN), id="campaign", compact=True)
        yield Select[str](
            [(status(k), k) for k in APPLICATION_STATUSES], prompt=str(EVERY_STATUS), id="status", compact=True
        )

    def on_mount(self) -> None:
        self.load_campaigns()

    @work(exclusive=True, group="campaigns", exit_on_error=False)
    async def load_campaigns(self) -> None:
        page = await WelfareApi.of(self.app).campaigns(limit=100)
        self.campaigns: dict[int, Campaign] = {c.id: c for c in page.items}
        picker = self.query_one("#campaign", Select)
        picker.set_options([(f"{c.year} {c.name}", c.id) for c in page.items])
        illness = [c for c in page.items if c.kind == "illness_relief"] or page.items
        if illness:
            picker.value = illness[0].id

    @property
    def campaign_id(self) -> int | None:
        value = self.query_one("#campaign", Select).value
        return value if isinstance(value, int) else None

    async def page(self, cursor: str | None) -> Page[Application]:
        if self.campaign_id is None:
            return Page(items=[])
        status = self.filter_values()["status"]
        return await WelfareApi.of(self.app).applications(self.campaign_id, status=status, cursor=cursor)

    def open(self, record: Application) -> None:
        self.action_decide()

    def action_apply(self) -> None:
        if self.campaign_id is None:
            self.notify(str(NO_CAMPAIGN), severity="warning", markup=False)
            return
        self.app.push_screen(ApplyModal(self.campaign_id), self.filed)

    def filed(self, application: Application | None) -> None:
        if application is not None:
            self.notify(FILED(name=application.member_name), markup=False)
            self.action_refresh()

    def action_decide(self) -> None:
        application = self.selected()
        if application is None:
            return
        if application.status != "submitted":
            self.notify(str(NOT_SUBMITTED), severity="warning", markup=False)
            return
        self.app.push_screen(DecisionModal(application), self.decided)

    def decided(self, application: Application | None) -> None:
        if application is not None:
            self.notify(DECIDED(name=application.member_name, status=status(application.status)), markup=False)
            self.action_refresh()

    def action_approve_marked(self) -> None:
        chosen = [a for a in self.marked() if a.status == "submitted"]
        if not chosen:
            self.notify(str(NOT_SUBMITTED), severity="warning", markup=False)
            return
        total = yuan(sum(a.requested_fen for a in chosen))

        def answered(yes: bool | None) -> None:
            if yes:
                self.approve_all(chosen)

        self.app.push_screen(ConfirmModal(ASK_BULK(count=len(chosen), total=total), danger=False), answered)

    @work(exclusive=True, group="bulk-approve", exit_on_error=False)
    async def approve_all(self, chosen: list[Application]) -> None:
        api = WelfareApi.of(self.app)
        done, failures = 0, []
        for application in chosen:
            try:
                await api.decide(application.id, {"approve": True, "approved_fen": application.requested_fen})
                done += 1
            except ApiError as error:
                failures.append(f"{application.member_name}: {error.detail}")
        self.notify(
            "\n".join([BULK_DONE(done=done, failed=len(failures)), *failures]),
            severity="warning" if failures else "information",
            markup=False,
        )
        self.action_refresh()


class ApplyModal(FormModal[Application]):
    HEADING = L("救助申请", "Apply for relief")
    SUBMIT = APPLY
    FIELDS = (
        Field("member_id", MEMBER_ID, "int"),
        Field("category", CATEGORY, "choice", choices=[(label, code) for code, label in REASONS.items()], blank=False),
        Field("requested_fen", REQUESTED, "money"),
        Field("bank_account", BANK),
        Field("reason", REASON, "long"),
    )

    def __init__(self, campaign_id: int) -> None:
        super().__init__({"category": "illness"})
        self.campaign_id = campaign_id

    async def submit(self, body: dict[str, Any]) -> Application:
        return await WelfareApi.of(self.app).apply(self.campaign_id, body)


class DecisionModal(FormModal[Application]):
    SUBMIT = DECIDE
    FIELDS = (
        Field("approve", APPROVE, "flag", hint=APPROVE_HINT),
        Field("approved_fen", APPROVED_AMOUNT, "money", hint=APPROVED_HINT),
        Field("note", NOTE),
    )

    def __init__(self, application: Application) -> None:
        title = f"{DECIDE()} · {application.member_name} · ¥{yuan(application.requested_fen)}"
        super().__init__({"approve": True}, title=title)
        self.application = application

    async def submit(self, body: dict[str, Any]) -> Application:
        if body.get("approve") and "approved_fen" not in body:
            body["approved_fen"] = self.application.requested_fen
        return await WelfareApi.of(self.app).decide(self.application.id, body)
