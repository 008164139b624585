"""常任制 Congresses and the representatives' roll: each unit's workers' congress (term, published
conditions) with its constituencies and seats below the list; Enter opens the roll — each
representative's term, pre-duty training and duty time — where `t` records the training."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal, Unsendable
from tui.kit.listing import Column, ListScreen
from tui.screens.reps.api import Allowance, Congress, Constituency, Duty, Representative, RepsApi, Reward
from tui.screens.reps.common import DUTIES, NONE, REP_STATES, REWARD_REASONS, YES, day, word
from tui.screens.welfare.api import yuan
from tui.widgets.base import bind

HEADING = L("职代会与代表名册", "Congresses and the roll")
NEW = L("新建职代会", "New congress")
CONSTITUENCY_NEW = L("添加选区", "Add constituency")
ROLL = L("代表名册", "Roll")
BACK = L("返回", "Back")
TRAINING = L("记录岗前培训", "Record training")
DUTY_NEW = L("记录履职", "Log duty")
REWARD = L("奖励", "Reward")
DUTY_KIND = L("履职类型", "Kind")
DONE_ON = L("日期", "Date")
MINUTES = L("时长（分钟）", "Minutes")
NOTE = L("备注", "Note")
REASON = L("奖励理由", "Reason")
SOURCE = L("评议或提案编号", "Evaluation or proposal ID")
AMOUNT = L("金额（元）", "Amount (yuan)")
ACCOUNT = L("银行账号", "Bank account")
DUTY_SAID = L("代表 #{id}：已记录履职 {minutes} 分钟", "Representative #{id}: {minutes} minutes of duty logged")
DUTY_RECORD = L("履职档案：", "Duty record:")
DUTY_LINE = L("  {on} {kind} {minutes} 分钟 {note}", "  {on} {kind} {minutes} min {note}")
NO_DUTY = L("  尚无履职记录", "  nothing logged yet")
ALLOWANCE = L("发放代表补贴", "Pay allowance")
PERIOD = L("期间", "Period")
PERIOD_HINT = L("按季度，如 2017-Q1", "a quarter, e.g. 2017-Q1")
AMOUNT_EACH = L("每人金额（元）", "Amount each (yuan)")
PAYEES = L("领取人", "Payees")
PAYEES_HINT = L("每行一人：代表编号 银行账号", "one a line: representative ID, bank account")
PAYEE_LINE = L("第 {line} 行应为“代表编号 银行账号”", "line {line} should read 'representative ID, account'")
ALLOWANCE_SAID = L(
    "{period} 补贴：{count} 人，共 ¥{total}，已提交发放", "{period} allowance: {count} paid, ¥{total} in all"
)
REWARD_SAID = L(
    "代表 #{id}：奖励 ¥{amount} 已提请，待市总工会审批后发放",
    "Representative #{id}: reward of ¥{amount} proposed; paid once a tenant admin approves it",
)

NAME = L("名称", "Name")
UNIT = L("单位（组织编号）", "Unit (org ID)")
TERM = L("任期", "Term")
STARTS = L("任期开始", "Term starts")
ENDS = L("任期结束", "Term ends")
CONDITIONS = L("候选人条件", "Candidate conditions")
MIN_LEVEL = L("最低技能等级", "Minimum skill level")
TERM_IN_RULES = L("任期写入制度", "Term in the rules")
REWARDS = L("承诺奖励", "Rewards promised")
ORG_ID = L("组织编号", "Org ID")
SEATS = L("名额", "Seats")
DATE_HINT = L("YYYY-MM-DD", "YYYY-MM-DD")

MEMBER = L("会员编号", "Member ID")
CONSTITUENCY = L("选区", "Constituency")
TRAINED = L("岗前培训", "Trained")
STATE = L("状态", "State")
DUTY = L("履职时长（小时）", "Duty (hours)")
TRAINED_ON = L("培训日期", "Training date")
TODAY_HINT = L("YYYY-MM-DD，空为今天", "YYYY-MM-DD, empty for today")
NOT_TRAINED = L("未培训", "not trained")

CONSTITUENCIES = L("选区与名额：", "Constituencies and seats:")
CONSTITUENCY_LINE = L("  #{id} {name}（组织 {org}）：{seats} 个名额", "  #{id} {name} (org {org}): {seats} seats")
NO_CONSTITUENCIES = L("  尚无选区", "  no constituencies yet")
ROLL_HEADING = L("{name} · 代表名册（已培训 {trained}/{count}）", "{name} · the roll ({trained} of {count} trained)")
TRAINED_SAID = L("代表 #{id}：岗前培训记为 {on}", "Representative #{id}: trained on {on}")
CREATED = L("已建立{name}", "{name} recorded")


def term(starts: Any, ends: Any) -> str:
    return f"{day(starts)}–{day(ends)}"


class CongressesScreen(ListScreen[Congress]):
    AREA = "reps.congresses"
    HEADING = HEADING
    CSS_PATH = ["../screens.tcss", "reps.tcss"]
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda c: str(c.id)),
        Column("name", NAME, lambda c: c.name, width=24),
        Column("unit", UNIT, lambda c: str(c.org_id)),
        Column("term", TERM, lambda c: term(c.starts_on, c.ends_on)),
        Column("min_level", MIN_LEVEL, lambda c: str(c.min_level) if c.min_level is not None else NONE),
        Column("term_in_rules", TERM_IN_RULES, lambda c: YES if c.term_in_rules else NONE),
        Column("rewards", REWARDS, lambda c: YES if c.rewards_promised else NONE),
    )
    BINDINGS = [
        bind("n", "new", NEW),
        bind("k", "constituency", CONSTITUENCY_NEW),
        bind("a", "allowance", ALLOWANCE),
    ]

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static("", id="detail", markup=False)

    async def page(self, cursor: str | None) -> Page[Congress]:
        return await RepsApi.of(self.app).congresses(cursor=cursor)

    def open(self, record: Congress) -> None:
        self.app.push_screen(RollScreen(record))

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        congress = self.current()
        if congress is not None:
            self.show_constituencies(congress)

    @work(exclusive=True, group="reps-constituencies", exit_on_error=False)
    async def show_constituencies(self, congress: Congress) -> None:
        seats = await RepsApi.of(self.app).constituencies(congress.id)
        lines = [str(CONSTITUENCIES)]
        lines += [CONSTITUENCY_LINE(id=s.id, name=s.name, org=s.org_id, seats=s.seats) for s in seats]
        if not seats:
            lines.append(str(NO_CONSTITUENCIES))
        if congress.conditions:
            lines.append(f"{CONDITIONS()}：{congress.conditions}")
        self.query_one("#detail", Static).update("\n".join(lines))

    def action_new(self) -> None:
        self.app.push_screen(NewCongress(), self.created)

    def created(self, congress: Congress | None) -> None:
        if congress is not None:
            self.notify(CREATED(name=congress.name), markup=False)
            self.action_refresh()

    def action_constituency(self) -> None:
        congress = self.selected()
        if congress is not None:
            self.app.push_screen(AddConstituency(congress), lambda _: self.highlighted())

    def action_allowance(self) -> None:
        congress = self.selected()
        if congress is not None:
            self.app.push_screen(AllowanceModal(congress), self.paid)

    def paid(self, allowance: Allowance | None) -> None:
        if allowance is not None:
            said = ALLOWANCE_SAID(period=allowance.period, count=allowance.paid, total=yuan(allowance.total_fen))
            self.notify(said, markup=False)


class AllowanceModal(FormModal[Allowance]):
    """A period's allowance, one payment batch: each payee once per period (the API checks who)."""

    HEADING = ALLOWANCE
    FIELDS = (
        Field("period", PERIOD, hint=PERIOD_HINT),
        Field("amount_fen", AMOUNT_EACH, "money"),
        Field("payees", PAYEES, "long", hint=PAYEES_HINT),
    )

    def __init__(self, congress: Congress) -> None:
        super().__init__(title=f"{ALLOWANCE()} · {congress.name}")
        self.congress = congress

    def body(self) -> dict[str, Any]:
        out = super().body()
        payees = []
        for n, line in enumerate(str(out.get("payees") or "").splitlines(), 1):
            parts = line.replace(",", " ").replace("，", " ").split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[0].isdigit():
                self.show_error("payees", PAYEE_LINE(line=n))
                raise Unsendable("payees", PAYEE_LINE)
            payees.append({"representative_id": int(parts[0]), "account": parts[1]})
        out["payees"] = payees
        return out

    async def submit(self, body: dict[str, Any]) -> Allowance:
        return await RepsApi.of(self.app).pay_allowance(self.congress.id, body)


class NewCongress(FormModal[Congress]):
    HEADING = L("新建职代会（一届）", "New workers' congress (one term)")
    FIELDS = (
        Field("org_id", UNIT, "int"),
        Field("name", NAME),
        Field("starts_on", STARTS, "date", hint=DATE_HINT),
        Field("ends_on", ENDS, "date", hint=DATE_HINT),
        Field("conditions", CONDITIONS, "long"),
        Field("min_level", MIN_LEVEL, "int"),
        Field("term_in_rules", TERM_IN_RULES, "flag"),
        Field("rewards_promised", REWARDS, "flag"),
    )

    async def submit(self, body: dict[str, Any]) -> Congress:
        return await RepsApi.of(self.app).create_congress(body)


class AddConstituency(FormModal[Constituency]):
    HEADING = CONSTITUENCY_NEW
    FIELDS = (Field("org_id", ORG_ID, "int"), Field("name", NAME), Field("seats", SEATS, "int"))

    def __init__(self, congress: Congress) -> None:
        super().__init__(title=f"{CONSTITUENCY_NEW()} · {congress.name}")
        self.congress = congress

    async def submit(self, body: dict[str, Any]) -> Constituency:
        return await RepsApi.of(self.app).add_constituency(self.congress.id, body)


class RollScreen(ListScreen[Representative]):
    """One congress's representatives: term, training, state, duty time."""

    AREA = "reps.congresses"
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda r: str(r.id)),
        Column("name", NAME, lambda r: r.member_name, width=12),
        Column("member", MEMBER, lambda r: str(r.member_id)),
        Column("constituency", CONSTITUENCY, lambda r: str(r.constituency_id)),
        Column("term", TERM, lambda r: term(r.starts_on, r.ends_on)),
        Column("trained", TRAINED, lambda r: f"{YES} {r.trained_on}" if r.trained_on else str(NOT_TRAINED)),
        Column("state", STATE, lambda r: word(REP_STATES, r.state) + (f" {r.left_on}" if r.left_on else "")),
        Column("duty", DUTY, lambda r: f"{r.duty_minutes / 60:.1f}"),
    )
    BINDINGS = [
        bind("t", "training", TRAINING),
        bind("d", "duty", DUTY_NEW),
        bind("w", "reward", REWARD),
        bind("escape", "back", BACK),
    ]

    CSS_PATH = ["../screens.tcss", "reps.tcss"]

    def __init__(self, congress: Congress) -> None:
        super().__init__()
        self.congress = congress

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static("", id="detail", markup=False)

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        rep = self.current()
        if rep is not None:
            self.show_duties(rep)

    @work(exclusive=True, group="reps-duties", exit_on_error=False)
    async def show_duties(self, rep: Representative) -> None:
        duties = (await RepsApi.of(self.app).duties(rep.id)).items
        lines = [f"{rep.member_name} · {DUTY_RECORD()}"]
        lines += [
            DUTY_LINE(on=d.done_on, kind=word(DUTIES, d.kind), minutes=d.minutes, note=d.note) for d in duties[-8:]
        ]
        if not duties:
            lines.append(str(NO_DUTY))
        self.query_one("#detail", Static).update("\n".join(lines))

    def heading(self) -> str:
        return f"{self.congress.name} · {ROLL()}"

    async def page(self, cursor: str | None) -> Page[Representative]:
        return await RepsApi.of(self.app).representatives(self.congress.id, cursor=cursor)

    def show_count(self) -> None:
        super().show_count()
        reps = list(self.records.values())
        trained = sum(1 for r in reps if r.trained_on)
        self.query_one("#heading", Static).update(
            ROLL_HEADING(name=self.congress.name, trained=trained, count=len(reps))
        )

    def open(self, record: Representative) -> None:
        self.action_training()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_training(self) -> None:
        rep = self.selected()
        if rep is not None:
            self.app.push_screen(TrainingModal(rep), self.trained)

    def action_duty(self) -> None:
        rep = self.selected()
        if rep is not None:
            self.app.push_screen(DutyModal(rep), self.logged)

    def logged(self, duty: Duty | None) -> None:
        if duty is not None:
            self.notify(DUTY_SAID(id=duty.representative_id, minutes=duty.minutes), markup=False)
            self.action_refresh()
            self.query_one("#detail", Static).update("")

    def action_reward(self) -> None:
        rep = self.selected()
        if rep is not None:
            self.app.push_screen(RewardModal(rep), self.rewarded)

    def rewarded(self, reward: Reward | None) -> None:
        if reward is not None:
            self.notify(REWARD_SAID(id=reward.representative_id, amount=yuan(reward.amount_fen)), markup=False)

    def trained(self, rep: Representative | None) -> None:
        if rep is not None:
            self.notify(TRAINED_SAID(id=rep.id, on=day(rep.trained_on)), markup=False)
            self.action_refresh()


class TrainingModal(FormModal[Representative]):
    HEADING = TRAINING
    FIELDS = (Field("on", TRAINED_ON, "date", hint=TODAY_HINT),)

    def __init__(self, rep: Representative) -> None:
        values = {"on": rep.trained_on.isoformat()} if rep.trained_on else None
        super().__init__(values, title=f"{TRAINING()} · #{rep.id} · {rep.member_name} ({rep.member_id})")
        self.rep = rep

    async def submit(self, body: dict[str, Any]) -> Representative:
        return await RepsApi.of(self.app).record_training(self.rep.id, body.get("on"))


class DutyModal(FormModal[Duty]):
    """A duty record entry (履职档案): its minutes count as working time."""

    HEADING = DUTY_NEW
    FIELDS = (
        Field("kind", DUTY_KIND, "choice", choices=list((label, code) for code, label in DUTIES.items()), blank=False),
        Field("done_on", DONE_ON, "date", hint=DATE_HINT),
        Field("minutes", MINUTES, "int"),
        Field("note", NOTE),
    )

    def __init__(self, rep: Representative) -> None:
        super().__init__(title=f"{DUTY_NEW()} · #{rep.id} · {rep.member_name} ({rep.member_id})")
        self.rep = rep

    async def submit(self, body: dict[str, Any]) -> Duty:
        return await RepsApi.of(self.app).log_duty(self.rep.id, body)


class RewardModal(FormModal[Reward]):
    """A reward (奖励制): a score of 90+ in an evaluation or an excellent proposal, once per reason."""

    HEADING = REWARD
    FIELDS = (
        Field("reason", REASON, "choice", choices=list((label, code) for code, label in REWARD_REASONS.items())),
        Field("source_id", SOURCE, "int"),
        Field("amount_fen", AMOUNT, "money"),
        Field("account", ACCOUNT),
    )

    def __init__(self, rep: Representative) -> None:
        super().__init__(title=f"{REWARD()} · #{rep.id} · {rep.member_name} ({rep.member_id})")
        self.rep = rep

    async def submit(self, body: dict[str, Any]) -> Reward:
        return await RepsApi.of(self.app).reward(self.rep.id, body)
