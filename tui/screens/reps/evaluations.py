"""评估制 Evaluations: the list, and below it the highlighted evaluation's results per
representative — shown only once its minimum number of ballots is in (the API sends no figure
before that, and the screen says so). Keys: open an evaluation (`n`), a teller enters a paper
ballot (`b`), close it (`c`: 60% or more dissatisfied recalls, behind a confirmation)."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.reps.api import Evaluation, RepsApi, Result
from tui.screens.reps.common import EVALUATION_STATES, NONE, VERDICTS, word
from tui.widgets.base import bind

HEADING = L("代表评议（评估制）", "Representative evaluations")
NEW = L("开展评议", "Open evaluation")
BALLOT = L("录入纸质票", "Enter paper ballot")
CLOSE = L("结束评议", "Close")

CONSTITUENCY = L("选区", "Constituency")
CONSTITUENCY_ID = L("选区编号", "Constituency ID")
OPENED_ON = L("开始日期", "Opened on")
MIN_BALLOTS = L("最少票数", "Minimum ballots")
STATE = L("状态", "State")
SHOWN = L("已公布/代表", "Shown/representatives")
RECALLED = L("罢免", "Recalled")
REPRESENTATIVE = L("代表", "Representative")
MEMBER_ID = L("选民会员编号", "Constituent's member ID")
VERDICT = L("评价", "Verdict")
SCORE = L("评分（0-100）", "Score (0-100)")
DATE_HINT = L("YYYY-MM-DD", "YYYY-MM-DD")

RESULT_LINE = L(
    "  代表 #{rep} {name}（会员 {member}）：{ballots} 票，满意 {satisfied}、基本满意 {basic}、不满意 {dissatisfied}"
    "（{share}），平均 {mean} 分{recalled}",
    "  Representative #{rep} {name} (member {member}): {ballots} ballots, {satisfied} satisfied, {basic} basically, "
    "{dissatisfied} dissatisfied ({share}), mean {mean}{recalled}",
)
HIDDEN_LINE = L(
    "  代表 #{rep} {name}（会员 {member}）：未满 {min} 票，结果不显示",
    "  Representative #{rep} {name} (member {member}): hidden until {min} ballots are in",
)
RECALLED_MARK = L(" ✗已罢免", " ✗ recalled")
BY_ELECTION = L("已为罢免的席位开启补选 #{id}", "By-election #{id} opened for the recalled seats")
NO_RESULTS = L("  该选区尚无代表", "  no representatives in the constituency")
NOT_OPEN = L("评议已结束", "The evaluation is closed")
ASK_CLOSE = L(
    "结束评议 #{id}？不满意票达 60% 的代表将被罢免并补选。",
    "Close evaluation #{id}? Representatives with 60% or more dissatisfied are recalled and a by-election opened.",
)
CLOSED = L("评议 #{id} 已结束，罢免 {count} 人", "Evaluation #{id} closed, {count} recalled")
ENTERED = L("已录入一张选票", "Ballot entered")


def result_line(r: Result, minimum: int) -> str:
    if not r.shown:
        return HIDDEN_LINE(rep=r.representative_id, name=r.member_name, member=r.member_id, min=minimum)
    share = f"{r.dissatisfied_share:.1%}" if r.dissatisfied_share is not None else NONE
    mean = f"{r.mean_score:.1f}" if r.mean_score is not None else NONE
    return RESULT_LINE(
        rep=r.representative_id,
        name=r.member_name,
        member=r.member_id,
        ballots=r.ballots,
        satisfied=r.satisfied,
        basic=r.basic,
        dissatisfied=r.dissatisfied,
        share=share,
        mean=mean,
        recalled=RECALLED_MARK() if r.recalled else "",
    )


def details(e: Evaluation) -> str:
    lines = [result_line(r, e.min_ballots) for r in e.results] or [str(NO_RESULTS)]
    if e.by_election_id is not None:
        lines.append(BY_ELECTION(id=e.by_election_id))
    return "\n".join(lines)


class EvaluationsScreen(ListScreen[Evaluation]):
    AREA = "reps.evaluations"
    HEADING = HEADING
    CSS_PATH = ["../screens.tcss", "reps.tcss"]
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda e: str(e.id)),
        Column("constituency", CONSTITUENCY, lambda e: f"{e.constituency_name} #{e.constituency_id}", width=16),
        Column("opened_on", OPENED_ON, lambda e: e.opened_on.isoformat()),
        Column("min", MIN_BALLOTS, lambda e: str(e.min_ballots)),
        Column("state", STATE, lambda e: word(EVALUATION_STATES, e.state)),
        Column("shown", SHOWN, lambda e: f"{sum(1 for r in e.results if r.shown)}/{len(e.results)}"),
        Column("recalled", RECALLED, lambda e: str(sum(1 for r in e.results if r.recalled))),
    )
    BINDINGS = [bind("n", "new", NEW), bind("b", "ballot", BALLOT), bind("c", "close", CLOSE)]

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static("", id="detail", markup=False)

    async def page(self, cursor: str | None) -> Page[Evaluation]:
        return await RepsApi.of(self.app).evaluations(cursor=cursor)

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        e = self.current()
        self.query_one("#detail", Static).update(details(e) if e is not None else "")

    def show(self, e: Evaluation | None) -> None:
        if e is None:
            return
        self.records[str(e.id)] = e
        for column, value in zip(self.COLUMNS, self.cells(e)):
            self.table.update_cell(str(e.id), column.key, value)
        self.show_detail()

    def action_new(self) -> None:
        self.app.push_screen(OpenEvaluation(), self.refreshed)

    def action_ballot(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.state != "open":
            self.notify(str(NOT_OPEN), severity="warning", markup=False)
            return
        self.app.push_screen(BallotModal(e), self.entered)

    def entered(self, e: Evaluation | None) -> None:
        if e is not None:
            self.notify(str(ENTERED), markup=False)
            self.show(e)

    def action_close(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.state != "open":
            self.notify(str(NOT_OPEN), severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.close_evaluation(e)

        self.app.push_screen(ConfirmModal(ASK_CLOSE(id=e.id)), answered)

    @work(exclusive=True, group="reps-evaluation", exit_on_error=False)
    async def close_evaluation(self, e: Evaluation) -> None:
        done = await RepsApi.of(self.app).close_evaluation(e.id)
        self.show(done)
        self.notify(CLOSED(id=done.id, count=sum(1 for r in done.results if r.recalled)), markup=False)


class OpenEvaluation(FormModal[Evaluation]):
    HEADING = NEW
    FIELDS = (
        Field("constituency_id", CONSTITUENCY_ID, "int"),
        Field("opened_on", OPENED_ON, "date", hint=DATE_HINT),
        Field("min_ballots", MIN_BALLOTS, "int"),
    )

    async def submit(self, body: dict[str, Any]) -> Evaluation:
        return await RepsApi.of(self.app).open_evaluation(body)


class BallotModal(FormModal[Evaluation]):
    """A teller enters one constituent's paper ballot for one representative."""

    HEADING = BALLOT

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__(title=f"{BALLOT()} · #{evaluation.id}")
        self.evaluation = evaluation

    def fields(self) -> list[Field]:
        reps = [
            (f"#{r.representative_id} {r.member_name} ({r.member_id})", r.representative_id)
            for r in self.evaluation.results
        ]
        return [
            Field("representative_id", REPRESENTATIVE, "choice", choices=reps, blank=False),
            Field("member_id", MEMBER_ID, "int"),
            Field("verdict", VERDICT, "choice", choices=list((label, code) for code, label in VERDICTS.items())),
            Field("score", SCORE, "int"),
        ]

    async def submit(self, body: dict[str, Any]) -> Evaluation:
        return await RepsApi.of(self.app).cast_ballot(self.evaluation.id, body)
