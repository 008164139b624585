"""提案 Proposals: the list (one year, or all), the highlighted proposal's text and outcomes
below it; a representative's proposal filed (`n`), citing the workers' complaints it answers
where `voice` is on for the tenant; the unit's answer and outcomes recorded (`h`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Select, Static

from tui.i18n import L, fit
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.reps.api import Proposal, RepsApi
from tui.screens.reps.common import NONE, PROPOSAL_STATES, YES, word
from tui.screens.voice.api import Complaint, VoiceApi
from tui.screens.welfare.api import yuan
from tui.widgets.base import bind

HEADING = L("代表提案", "Representatives' proposals")
NEW = L("提交提案", "File proposal")
HANDLE = L("办理答复", "Answer")
ALL_YEARS = L("全部年度", "All years")

REPRESENTATIVE = L("代表编号", "Representative ID")
TITLE = L("案由", "Title")
BODY = L("内容", "Text")
FILED_ON = L("提交日期", "Filed on")
TODAY_HINT = L("YYYY-MM-DD，空为今天", "YYYY-MM-DD, empty for today")
COMPLAINTS = L("所回应的职工诉求", "Complaints it answers")
STATE = L("状态", "State")
ANSWER = L("办理结果", "Answer")
REASON = L("理由", "Reason")
REASON_HINT = L("不采纳时必填", "needed when rejected")
EXCELLENT = L("优秀提案", "Excellent proposal")
RULES = L("修订制度（项）", "Rules revised")
PROBLEMS = L("发现问题（个）", "Problems found")
LOSS = L("避免损失（元）", "Loss avoided (yuan)")
FACILITIES = L("改善食堂宿舍（平方米）", "Canteen and dormitory (m²)")
READING = L("职工书屋（个）", "Reading rooms")
OVERTIME = L("取消加班（项）", "Overtime cancelled")

OUTCOMES = L(
    "修订制度 {rules} 项 · 发现问题 {problems} 个 · 避免损失 ¥{loss} · 食堂宿舍 {m2} 平方米 · 书屋 {rooms} 个 · 取消加班 {overtime} 项",
    "rules revised {rules} · problems found {problems} · loss avoided ¥{loss} · canteen and dormitory {m2} m²"
    " · reading rooms {rooms} · overtime cancelled {overtime}",
)
CITES = L("回应诉求：{ids}", "Answers complaints: {ids}")
ALREADY = L("该提案已办结", "This proposal has been answered")
FILED = L("提案 #{id} 已提交", "Proposal #{id} filed")
ANSWERED = L("提案 #{id}：{state}", "Proposal #{id}: {state}")


def details(p: Proposal) -> str:
    lines = [p.title, p.body[:300] if p.body else NONE]
    if p.state != "filed":
        lines.append(
            OUTCOMES(
                rules=p.rules_revised,
                problems=p.problems_found,
                loss=yuan(p.loss_avoided_fen),
                m2=p.facilities_m2,
                rooms=p.reading_rooms,
                overtime=p.overtime_cancelled,
            )
        )
    if p.reason:
        lines.append(f"{REASON()}：{p.reason}")
    if p.complaint_ids:
        lines.append(CITES(ids="、".join(f"#{c}" for c in p.complaint_ids)))
    return "\n".join(lines)


class ProposalsScreen(ListScreen[Proposal]):
    AREA = "reps.proposals"
    HEADING = HEADING
    CSS_PATH = ["../screens.tcss", "reps.tcss"]
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda p: str(p.id)),
        Column("title", TITLE, lambda p: p.title, width=30),
        Column("representative", REPRESENTATIVE, lambda p: str(p.representative_id)),
        Column("filed_on", FILED_ON, lambda p: p.filed_on.isoformat()),
        Column("state", STATE, lambda p: word(PROPOSAL_STATES, p.state)),
        Column("excellent", EXCELLENT, lambda p: YES if p.excellent else NONE),
        Column("complaints", COMPLAINTS, lambda p: str(len(p.complaint_ids)) if p.complaint_ids else NONE),
    )
    BINDINGS = [bind("n", "new", NEW), bind("h", "handle", HANDLE)]

    def filters(self) -> ComposeResult:
        this = dt.date.today().year
        years = [(str(y), y) for y in range(this, 2009, -1)]
        yield Select[int](years, prompt=str(ALL_YEARS), id="year", compact=True)

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static("", id="detail", markup=False)

    async def page(self, cursor: str | None) -> Page[Proposal]:
        year = self.query_one("#year", Select).value
        return await RepsApi.of(self.app).proposals(year=year if isinstance(year, int) else None, cursor=cursor)

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        p = self.current()
        self.query_one("#detail", Static).update(details(p) if p is not None else "")

    def open(self, record: Proposal) -> None:
        self.action_handle()

    def voice_on(self) -> bool:
        return any(m.name == "voice" and m.enabled for m in self.app.tenant_modules)

    @work(exclusive=True, group="reps-proposal-new", exit_on_error=False)
    async def action_new(self) -> None:
        complaints = (await VoiceApi.of(self.app).complaints()).items if self.voice_on() else None
        self.app.push_screen(FileProposal(complaints), self.filed)

    def filed(self, p: Proposal | None) -> None:
        if p is not None:
            self.notify(FILED(id=p.id), markup=False)
            self.action_refresh()

    def action_handle(self) -> None:
        p = self.selected()
        if p is None:
            return
        if p.state in ("adopted", "rejected"):
            self.notify(str(ALREADY), severity="warning", markup=False)
            return
        self.app.push_screen(HandleProposal(p), self.answered)

    def answered(self, p: Proposal | None) -> None:
        if p is not None:
            self.notify(ANSWERED(id=p.id, state=word(PROPOSAL_STATES, p.state)), markup=False)
            self.records[str(p.id)] = p
            for column, value in zip(self.COLUMNS, self.cells(p)):
                self.table.update_cell(str(p.id), column.key, value)
            self.show_detail()


class FileProposal(FormModal[Proposal]):
    """`complaints`: the tenant's complaints to cite (None: voice is off, the field is not offered)."""

    HEADING = NEW

    def __init__(self, complaints: list[Complaint] | None) -> None:
        super().__init__()
        self.complaints = complaints

    def fields(self) -> list[Field]:
        fields = [
            Field("representative_id", REPRESENTATIVE, "int"),
            Field("title", TITLE),
            Field("body", BODY, "long"),
            Field("filed_on", FILED_ON, "date", hint=TODAY_HINT),
        ]
        if self.complaints is not None:
            choices = [(fit(f"{c.ref} {c.text}", 60), c.id) for c in self.complaints]
            fields.append(Field("complaint_ids", COMPLAINTS, "many", choices=choices))
        return fields

    async def submit(self, body: dict[str, Any]) -> Proposal:
        return await RepsApi.of(self.app).file_proposal(body)


class HandleProposal(FormModal[Proposal]):
    """The unit's answer: accepted (still in hand), adopted or rejected (with a reason), and outcomes."""

    FIELDS = (
        Field(
            "state", ANSWER, "choice", choices=[(PROPOSAL_STATES[s], s) for s in ("accepted", "adopted", "rejected")]
        ),
        Field("reason", REASON, "long", hint=REASON_HINT),
        Field("excellent", EXCELLENT, "flag"),
        Field("rules_revised", RULES, "int"),
        Field("problems_found", PROBLEMS, "int"),
        Field("loss_avoided_fen", LOSS, "money"),
        Field("facilities_m2", FACILITIES, "int"),
        Field("reading_rooms", READING, "int"),
        Field("overtime_cancelled", OVERTIME, "int"),
    )

    def __init__(self, p: Proposal) -> None:
        values: dict[str, Any] = {
            "state": p.state if p.state != "filed" else None,
            "reason": p.reason,
            "excellent": p.excellent,
            "rules_revised": p.rules_revised,
            "problems_found": p.problems_found,
            "loss_avoided_fen": p.loss_avoided_fen,
            "facilities_m2": p.facilities_m2,
            "reading_rooms": p.reading_rooms,
            "overtime_cancelled": p.overtime_cancelled,
        }
        super().__init__(values, title=f"{HANDLE()} · #{p.id} · {p.title}")
        self.proposal = p

    async def submit(self, body: dict[str, Any]) -> Proposal:
        return await RepsApi.of(self.app).handle_proposal(self.proposal.id, body)
