"""审计队列 The audit queue: every union's audit by stage with the days left to its next date
(fieldwork, or the rectification due), overdue ones said in words. From a row: deliver the
notice (`t`), enter a report-form line (`e`), open the scoring sheet (Enter), issue the
opinions (`o`), report the rectification (`f`), record a follow-up (`u`), close the case (`c`).
The API decides who may and at which stage; its refusals show under the fields or as a notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.audit.api import FORMS, STAGES, Audit, AuditApi, Entry, FollowUp, grade_label, stage_label
from tui.screens.tokens import SHANGHAI
from tui.widgets.base import bind
from tui.widgets.search import SearchInput

HEADING = L("审计队列", "Audit queue")
STAGE = L("阶段", "Stage")
ALL_STAGES = L("全部阶段", "every stage")
ALL_YEARS = L("年度（空为全部）", "year (empty: all)")
UNION = L("被审计工会", "Union audited")
YEAR = L("年度", "Year")
TOTAL = L("总分", "Total")
GRADE = L("等级", "Grade")
DUE = L("下一期限", "Next date")
DAYS_LEFT = L("剩余天数", "Days left")
OVERDUE = L("逾期 {days} 天", "{days} days overdue")
LEFT = L("{days} 天", "{days} days")
TODAY = L("今天", "today")

NOTICE = L("送达通知", "Notice")
ENTRY = L("登记报告单", "Report form")
OPINIONS = L("审计意见", "Opinions")
RECTIFY = L("整改情况", "Rectification")
FOLLOW_UP = L("跟踪监督", "Follow-up")
CLOSE = L("结案", "Close")
DONE = L("{union}：{stage}", "{union}: {stage}")
ENTERED = L("已登记：{project}", "Entered: {project}")
FOLLOWED = L("已记录跟踪监督", "Follow-up recorded")

NOTICE_ON = L("送达日期", "Delivered on")
FIELDWORK_ON = L("现场审计日期", "Fieldwork on")
FIELDWORK_HINT = L("至少在送达 3 日后", "at least 3 days after delivery")
FORM = L("报告单", "Report form")
INDICATOR = L("指标代码", "Indicator code")
PROJECT = L("项目", "Project")
SPENDING = L("支出（元）", "Spending (yuan)")
PARTICIPANTS = L("参与人数", "Participants")
RESULTS = L("成果数", "Results")
COMMENDATIONS = L("上级表彰", "Commendations")
CERTIFICATES = L("取得证书", "Certificates")
CHIEF_TITLES = L("首席工人/技师", "Chief titles")
OPINIONS_ON = L("出具日期", "Issued on")
OPINIONS_TEXT = L("审计意见", "Opinions")
RECTIFIED_ON = L("报送日期", "Reported on")
RECTIFICATION = L("整改情况", "Rectification")
HELD_ON = L("日期", "Date")
NOTE = L("跟踪情况", "Note")
CLOSED_ON = L("结案日期", "Closed on")


FIELDWORK_STEPS = {"notice", "entry", "opinions", "follow_up", "close"}  # the auditor's (经审会) and admins'
RECTIFYING = frozenset({"tenant_admin", "org_officer"})  # the audited union's officer reports it
AUDITING = frozenset({"tenant_admin", "auditor"})


def days_left(audit: Audit) -> str | None:
    if audit.days_left is None:
        return None
    if audit.days_left < 0:
        return OVERDUE(days=-audit.days_left)
    return str(TODAY) if audit.days_left == 0 else LEFT(days=audit.days_left)


def today() -> str:
    """The federation's today (the API counts days left in Beijing time), not the terminal's."""
    return dt.datetime.now(SHANGHAI).date().isoformat()


class AuditQueueScreen(ListScreen[Audit]):
    AREA = "audit.queue"
    HEADING = HEADING
    CSS_PATH = ["../screens.tcss", "audit.tcss"]
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda a: str(a.id)),
        Column("union", UNION, lambda a: a.org_name, width=28),
        Column("year", YEAR, lambda a: str(a.year)),
        Column("stage", STAGE, lambda a: stage_label(a.stage)),
        Column("due", DUE, lambda a: a.due_on.isoformat() if a.due_on else None),
        Column("left", DAYS_LEFT, days_left),
        Column("total", TOTAL, lambda a: f"{a.total:.2f}" if a.total is not None else None),
        Column("grade", GRADE, lambda a: grade_label(a.grade)),
    )
    BINDINGS = [
        bind("t", "notice", NOTICE),
        bind("e", "entry", ENTRY),
        bind("o", "opinions", OPINIONS),
        bind("f", "rectify", RECTIFY),
        bind("u", "follow_up", FOLLOW_UP),
        bind("c", "close", CLOSE),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for what the role may do only (the API decides anyway): an officer reports the
        rectification, the auditor does the rest."""
        identity = self.app.identity
        if identity is not None and not identity.is_platform:
            if action in FIELDWORK_STEPS and identity.role not in AUDITING:
                return False
            if action == "rectify" and identity.role not in RECTIFYING:
                return False
        return super().check_action(action, parameters)

    def filters(self) -> ComposeResult:
        options = [(str(label), code) for code, label in STAGES.items()]
        with Horizontal(classes="filters"):
            yield Select(options, prompt=str(ALL_STAGES), id="stage", compact=True)
            yield SearchInput(placeholder=str(ALL_YEARS), id="year", type="integer", max_length=4, compact=True)

    @property
    def year(self) -> int | None:
        raw = self.query_one("#year", Input).value.strip()
        return int(raw) if raw.isdigit() and len(raw) == 4 else None

    @property
    def stage(self) -> str | None:
        value = self.query_one("#stage", Select).value
        return value if isinstance(value, str) else None

    async def page(self, cursor: str | None) -> Page[Audit]:
        return await AuditApi.of(self.app).audits(stage=self.stage, year=self.year, cursor=cursor)

    def open(self, record: Audit) -> None:
        from tui.screens.audit.sheet import ScoringSheetScreen

        self.app.push_screen(ScoringSheetScreen(record), self.refreshed)

    def step(self, form: type[StepForm]) -> None:
        audit = self.selected()
        if audit is not None:
            self.app.push_screen(form(audit), self.stepped)

    def stepped(self, result: Audit | Entry | FollowUp | None) -> None:
        if isinstance(result, Audit):
            self.notify(DONE(union=result.org_name, stage=stage_label(result.stage)), markup=False)
        elif isinstance(result, Entry):
            self.notify(ENTERED(project=result.project), markup=False)
        elif isinstance(result, FollowUp):
            self.notify(str(FOLLOWED), markup=False)
        if result is not None:
            self.action_refresh()

    def action_notice(self) -> None:
        self.step(NoticeForm)

    def action_entry(self) -> None:
        self.step(EntryForm)

    def action_opinions(self) -> None:
        self.step(OpinionsForm)

    def action_rectify(self) -> None:
        self.step(RectificationForm)

    def action_follow_up(self) -> None:
        self.step(FollowUpForm)

    def action_close(self) -> None:
        self.step(CloseForm)


class StepForm(FormModal[Any]):
    """One step of an audit's process, sent to `/audits/{id}/{STEP}`."""

    STEP = ""
    DATE = ""  # the date field, today by default

    def __init__(self, audit: Audit) -> None:
        super().__init__({self.DATE: today()} if self.DATE else {}, title=f"{self.HEADING} · {audit.org_name}")
        self.audit = audit

    async def submit(self, body: dict[str, Any]) -> Any:
        return await AuditApi.of(self.app).act(self.audit.id, self.STEP, body)


class NoticeForm(StepForm):
    HEADING = L("送达审计通知书", "Deliver the audit notice")
    SUBMIT = NOTICE
    STEP = "notice"
    DATE = "notice_on"
    FIELDS = (Field("notice_on", NOTICE_ON, "date"), Field("fieldwork_on", FIELDWORK_ON, "date", hint=FIELDWORK_HINT))


class EntryForm(StepForm):
    HEADING = L("登记报告单", "Enter a report-form line")
    SUBMIT = ENTRY
    FIELDS = (
        Field("form", FORM, "choice", choices=list(((label, code) for code, label in FORMS.items())), blank=False),
        Field("indicator", INDICATOR),
        Field("project", PROJECT),
        Field("spending_fen", SPENDING, "money"),
        Field("participants", PARTICIPANTS, "int"),
        Field("results", RESULTS, "int"),
        Field("commendations", COMMENDATIONS, "int"),
        Field("certificates", CERTIFICATES, "int"),
        Field("chief_titles", CHIEF_TITLES, "int"),
    )

    async def submit(self, body: dict[str, Any]) -> Entry:
        return await AuditApi.of(self.app).add_entry(self.audit.id, body)


class OpinionsForm(StepForm):
    HEADING = L("出具审计意见", "Issue the audit opinions")
    SUBMIT = OPINIONS
    STEP = "opinions"
    DATE = "opinions_on"
    FIELDS = (Field("opinions_on", OPINIONS_ON, "date"), Field("opinions", OPINIONS_TEXT, "long"))


class RectificationForm(StepForm):
    HEADING = L("报送整改情况", "Report the rectification")
    SUBMIT = RECTIFY
    STEP = "rectification"
    DATE = "rectified_on"
    FIELDS = (Field("rectified_on", RECTIFIED_ON, "date"), Field("rectification", RECTIFICATION, "long"))


class FollowUpForm(StepForm):
    HEADING = L("记录跟踪监督", "Record a follow-up")
    SUBMIT = FOLLOW_UP
    DATE = "held_on"
    FIELDS = (Field("held_on", HELD_ON, "date"), Field("note", NOTE, "long"))

    async def submit(self, body: dict[str, Any]) -> FollowUp:
        return await AuditApi.of(self.app).follow_up(self.audit.id, body)


class CloseForm(StepForm):
    HEADING = L("结案", "Close the case")
    SUBMIT = CLOSE
    STEP = "close"
    DATE = "closed_on"
    FIELDS = (Field("closed_on", CLOSED_ON, "date"),)
