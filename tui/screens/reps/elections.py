"""竞选制 Elections: the list, and below it the highlighted election's candidates with the 1:2
check (at least twice as many candidates as seats) shown before voting can open. Keys: a new
election (`n`), a candidate (`c`), open voting (`o`, refused here while the check fails), a
teller's vote (`v`), the tally (`t`: a tie at the last seat shows the runoff), publishing (`p`)."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Select, Static

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.reps.api import Election, RepsApi
from tui.screens.reps.common import ELECTION_KINDS, ELECTION_STATES, NONE, YES, word
from tui.widgets.base import bind

HEADING = L("代表选举（竞选制）", "Representative elections")
ALL_STATES = L("全部状态", "All states")
NEW = L("新建选举", "New election")
CANDIDATE = L("添加候选人", "Add candidate")
OPEN = L("开始投票", "Open voting")
VOTE = L("录入选票", "Enter a vote")
TALLY = L("计票", "Tally")
PUBLISH = L("公布结果", "Publish")

CONSTITUENCY = L("选区", "Constituency")
CONSTITUENCY_ID = L("选区编号", "Constituency ID")
HELD_ON = L("选举日期", "Election date")
SEATS = L("名额", "Seats")
SEATS_HINT = L("空为选区名额", "empty: the constituency's seats")
KIND = L("类型", "Kind")
STATE = L("状态", "State")
ROUND = L("轮次", "Round")
CANDIDATES = L("候选人", "Candidates")
RATIO = L("差额 1:2", "1:2 check")
VOTES = L("已投/选民", "Voted")
MEMBER_ID = L("会员编号", "Member ID")
STATEMENT = L("竞选演说", "Statement")
VOTER_ID = L("选民会员编号", "Voter's member ID")
CHOICES = L("所选候选人", "Candidates chosen")

CHECK_OK = L(
    "候选人 {count} 人，名额 {seats} 个：满足 1:2 差额要求 ✓，可以开始投票",
    "{count} candidates for {seats} seats: the 1:2 check is met ✓, voting can open",
)
CHECK_SHORT = L(
    "候选人 {count} 人，名额 {seats} 个：差额选举至少需要 {needed} 人 ✗，还不能开始投票",
    "{count} candidates for {seats} seats: at least {needed} are needed ✗, voting cannot open yet",
)
RUNOFF = L(
    "第 {round} 轮：末位得票相同，在并列者中再次投票（剩余名额 {left} 个）",
    "Round {round}: a tie at the last seat, a runoff among the tied for {left} seat(s)",
)
CANDIDATE_LINE = L(
    "  #{id} {name}（会员 {member}）：{votes} 票{elected}{runoff}  {statement}",
    "  #{id} {name} (member {member}): {votes} votes{elected}{runoff}  {statement}",
)
ELECTED = L(" ✓当选", " ✓ elected")
IN_RUNOFF = L(" ↻再次投票", " ↻ in the runoff")
NO_CANDIDATES = L("  尚无候选人", "  no candidates yet")
NOT_NOMINATING = L("只有提名中的选举可以添加候选人", "Candidates are added while nominating only")
NOT_VOTING = L("投票尚未开始或已结束", "Voting is not open")
NOT_TALLIED = L("计票后才能公布结果", "Publish after the tally")
ASK_PUBLISH = L(
    "公布选举 #{id} 的结果？当选者将就任代表：{names}",
    "Publish election #{id}? The elected take their seats: {names}",
)
OPENED = L("选举 #{id} 已开始投票", "Voting is open in election #{id}")
COUNTED = L("选举 #{id}：{state}", "Election #{id}: {state}")


def ratio(e: Election) -> str:
    return YES if e.enough_candidates else f"✗ {len(e.candidates)}/{2 * e.seats}"


def details(e: Election) -> str:
    count, needed = len(e.candidates), 2 * e.seats
    lines = [
        (CHECK_OK if e.enough_candidates else CHECK_SHORT)(count=count, seats=e.seats, needed=needed)
        if e.state == "nominating"
        else f"{CANDIDATES()} {count} · {SEATS()} {e.seats} · {ROUND()} {e.round}"
    ]
    if e.state == "runoff":
        left = e.seats - sum(1 for c in e.candidates if c.elected)
        lines.append(RUNOFF(round=e.round, left=left))
    for c in sorted(e.candidates, key=lambda c: (-c.votes, c.id)):
        lines.append(
            CANDIDATE_LINE(
                id=c.id,
                name=c.member_name,
                member=c.member_id,
                votes=c.votes,
                elected=ELECTED() if c.elected else "",
                runoff=IN_RUNOFF() if c.id in e.runoff_ids else "",
                statement=c.statement[:40],
            )
        )
    if not e.candidates:
        lines.append(str(NO_CANDIDATES))
    return "\n".join(lines)


class ElectionsScreen(ListScreen[Election]):
    AREA = "reps.elections"
    HEADING = HEADING
    CSS_PATH = ["../screens.tcss", "reps.tcss"]
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda e: str(e.id)),
        Column("constituency", CONSTITUENCY, lambda e: f"{e.constituency_name} #{e.constituency_id}", width=16),
        Column("kind", KIND, lambda e: word(ELECTION_KINDS, e.kind)),
        Column("held_on", HELD_ON, lambda e: e.held_on.isoformat()),
        Column("seats", SEATS, lambda e: str(e.seats)),
        Column("candidates", CANDIDATES, lambda e: str(len(e.candidates))),
        Column("ratio", RATIO, ratio),
        Column("state", STATE, lambda e: word(ELECTION_STATES, e.state)),
        Column("votes", VOTES, lambda e: f"{e.votes_cast}/{e.electorate_size}" if e.state != "nominating" else NONE),
    )
    BINDINGS = [
        bind("n", "new", NEW),
        bind("c", "candidate", CANDIDATE),
        bind("o", "open_voting", OPEN),
        bind("v", "vote", VOTE),
        bind("t", "tally", TALLY),
        bind("p", "publish", PUBLISH),
    ]

    def filters(self) -> ComposeResult:
        options = [(str(label), state) for state, label in ELECTION_STATES.items()]
        yield Select[str](options, prompt=str(ALL_STATES), id="state", compact=True)

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static("", id="detail", markup=False)

    async def page(self, cursor: str | None) -> Page[Election]:
        state = self.query_one("#state", Select).value
        return await RepsApi.of(self.app).elections(state=state if isinstance(state, str) else None, cursor=cursor)

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        e = self.current()
        self.query_one("#detail", Static).update(details(e) if e is not None else "")

    def show(self, e: Election) -> None:
        """An election changed by a key: its row and the detail below."""
        self.records[str(e.id)] = e
        for column, value in zip(self.COLUMNS, self.cells(e)):
            self.table.update_cell(str(e.id), column.key, value)
        self.show_detail()

    def shown(self, e: Election | None) -> None:
        if e is not None:
            self.show(e)

    def action_new(self) -> None:
        self.app.push_screen(NewElection(), self.refreshed)

    def action_candidate(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.state != "nominating":
            self.notify(str(NOT_NOMINATING), severity="warning", markup=False)
            return
        self.app.push_screen(AddCandidate(e), self.shown)

    def action_open_voting(self) -> None:
        e = self.selected()
        if e is None:
            return
        if not e.enough_candidates:  # the 1:2 check, said before the API would refuse it
            self.notify(details(e).splitlines()[0], severity="warning", markup=False)
            return
        self.call(e, "open_voting", OPENED(id=e.id))

    def action_vote(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.state not in ("open", "runoff"):
            self.notify(str(NOT_VOTING), severity="warning", markup=False)
            return
        self.app.push_screen(VoteModal(e), self.shown)

    def action_tally(self) -> None:
        e = self.selected()
        if e is not None:
            self.call(e, "tally", None)

    def action_publish(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.state != "tallied":
            self.notify(str(NOT_TALLIED), severity="warning", markup=False)
            return
        names = "、".join(c.member_name or str(c.member_id) for c in e.candidates if c.elected) or NONE

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(e, "publish", None)

        self.app.push_screen(ConfirmModal(ASK_PUBLISH(id=e.id, names=names), danger=False), answered)

    @work(exclusive=True, group="reps-election", exit_on_error=False)
    async def call(self, e: Election, what: str, said: str | None) -> None:
        api = RepsApi.of(self.app)
        done: Election = await getattr(api, what)(e.id)
        self.show(done)
        self.notify(said or COUNTED(id=done.id, state=word(ELECTION_STATES, done.state)), markup=False)


class NewElection(FormModal[Election]):
    HEADING = L("新建选举（提名阶段）", "New election (nomination)")
    FIELDS = (
        Field("constituency_id", CONSTITUENCY_ID, "int"),
        Field("held_on", HELD_ON, "date", hint=L("YYYY-MM-DD", "YYYY-MM-DD")),
        Field("seats", SEATS, "int", hint=SEATS_HINT),
    )

    async def submit(self, body: dict[str, Any]) -> Election:
        return await RepsApi.of(self.app).open_election(body)


class AddCandidate(FormModal[Election]):
    HEADING = CANDIDATE
    FIELDS = (Field("member_id", MEMBER_ID, "int"), Field("statement", STATEMENT, "long"))

    def __init__(self, election: Election) -> None:
        super().__init__(title=f"{CANDIDATE()} · #{election.id}")
        self.election = election

    async def submit(self, body: dict[str, Any]) -> Election:
        return await RepsApi.of(self.app).add_candidate(self.election.id, body)


class VoteModal(FormModal[Election]):
    """A teller enters one voter's ballot: 1 to the seats' number of candidates (a runoff: the tied)."""

    HEADING = VOTE

    def __init__(self, election: Election) -> None:
        super().__init__(title=f"{VOTE()} · #{election.id} · {ROUND()} {election.round}")
        self.election = election

    def fields(self) -> list[Field]:
        e = self.election
        eligible = [c for c in e.candidates if e.state != "runoff" or c.id in e.runoff_ids]
        choices = [(f"#{c.id} {c.member_name} ({c.member_id})", c.id) for c in eligible]
        return [Field("voter_id", VOTER_ID, "int"), Field("candidate_ids", CHOICES, "many", choices=choices)]

    async def submit(self, body: dict[str, Any]) -> Election:
        body.setdefault("candidate_ids", [])
        return await RepsApi.of(self.app).add_vote(self.election.id, body)
