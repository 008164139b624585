"""Pairing programmes made and changed (`n`, `c` on the programmes list) and their candidates
(`k`: the masters and apprentices, `n` adds one, `x` takes one out), on the kit: the API's
field errors show under the fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Select

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import Accepted, Agreement, Candidate, PairingApi, Programme, Proposal
from tui.screens.pairing.common import level
from tui.widgets.base import bind

NEW_PROGRAMME = L("新建带徒项目", "New pairing programme")
CHANGE_PROGRAMME = L("修改带徒项目：{name}", "Change programme: {name}")
CREATE = L("创建", "Create")
NAME = L("名称", "Name")
SCOPE = L("范围组织编号", "Scope org ID")
TERM_START = L("师徒期开始", "Term starts")
TERM_END = L("师徒期结束", "Term ends")
TARGET = L("目标对数", "Target pairs")
YEAR = L("年度", "Year")
SAME_TRADE = L("同工种", "Same trade")
SAME_TRADE_HINT = L("师徒须同工种", "master and apprentice share a trade")
SAME_ENTERPRISE = L("同企业优先", "Same enterprise")
SAME_ENTERPRISE_HINT = L("优先同企业", "prefer the same enterprise")
LEVEL_GAP = L("最小等级差", "Min level gap")
CAPACITY = L("每位师傅带徒数", "Apprentices per master")
DATE_HINT = L("YYYY-MM-DD", "YYYY-MM-DD")

CANDIDATES = L("候选人：{name}", "Candidates: {name}")
ADD = L("添加", "Add")
REMOVE = L("移出", "Take out")
BACK = L("返回", "Back")
MEMBER_ID = L("会员编号", "Member ID")
MEMBER = L("会员", "Member")
FIND_MEMBER = L("姓名、手机号或身份证号，回车查找", "name, phone or ID number, Enter searches")
ROLE = L("身份", "Role")
MASTER = L("师傅", "master")
APPRENTICE = L("徒弟", "apprentice")
OWN_CAPACITY = L("带徒数（空为项目默认）", "Capacity (empty: the default)")
ADD_CANDIDATE = L("添加候选人", "Add a candidate")
ADDED = L("已添加{name}（{role}）", "{name} added ({role})")
ASK_REMOVE = L("把{name}移出本项目？", "Take {name} out of the programme?")
REMOVED = L("已移出{name}", "{name} taken out")
ROLES = {"master": MASTER, "apprentice": APPRENTICE}
EVERY_ROLE = L("师傅与徒弟", "Masters and apprentices")


def programme_fields() -> list[Field]:
    return [
        Field("name", NAME),
        Field("term_start", TERM_START, "date", hint=DATE_HINT),
        Field("term_end", TERM_END, "date", hint=DATE_HINT),
        Field("target_pairs", TARGET, "int"),
        Field("year", YEAR, "int"),
        Field("same_trade_required", SAME_TRADE, "flag", hint=SAME_TRADE_HINT),
        Field("same_enterprise_preferred", SAME_ENTERPRISE, "flag", hint=SAME_ENTERPRISE_HINT),
        Field("min_level_gap", LEVEL_GAP, "int"),
        Field("default_capacity", CAPACITY, "int"),
    ]


class NewProgrammeModal(FormModal[Programme]):
    HEADING = NEW_PROGRAMME
    SUBMIT = CREATE

    def __init__(self, scope_org_id: int | None = None) -> None:
        year = dt.date.today().year
        super().__init__(
            {
                "scope_org_id": scope_org_id,
                "term_start": f"{year}-03-01",
                "term_end": f"{year + 1}-02-28",
                "year": year,
                "same_trade_required": True,
                "same_enterprise_preferred": True,
                "min_level_gap": 1,
                "default_capacity": 2,
            }
        )

    def fields(self) -> list[Field]:
        fields = programme_fields()
        return [fields[0], Field("scope_org_id", SCOPE, "int"), *fields[1:]]

    async def submit(self, body: dict[str, Any]) -> Programme:
        return await PairingApi.of(self.app).create_programme(body)


class ChangeProgrammeModal(FormModal[Programme]):
    PATCH = True

    def __init__(self, p: Programme) -> None:
        values: dict[str, Any] = {"name": p.name, "term_start": p.term_start.isoformat()}
        values |= {"term_end": p.term_end.isoformat(), "target_pairs": p.target_pairs, "year": p.year}
        values |= {"same_trade_required": p.same_trade_required}
        values |= {"same_enterprise_preferred": p.same_enterprise_preferred}
        values |= {"min_level_gap": p.min_level_gap, "default_capacity": p.default_capacity}
        super().__init__(values, title=CHANGE_PROGRAMME(name=p.name))
        self.programme = p

    def fields(self) -> list[Field]:
        return programme_fields()

    async def submit(self, body: dict[str, Any]) -> Programme:
        return await PairingApi.of(self.app).change_programme(self.programme.id, body)


class CandidatesScreen(ListScreen[Candidate]):
    """A programme's masters and apprentices (opened from the programmes list)."""

    AREA = "pairing.programmes"
    COLUMNS = (
        Column("member", MEMBER_ID, lambda c: str(c.member_id)),
        Column("name", NAME, lambda c: c.name, width=12),
        Column("role", ROLE, lambda c: str(ROLES.get(c.role, c.role))),
        Column("trade", L("工种", "Trade"), lambda c: c.trade, width=14),
        Column("level", L("等级", "Level"), lambda c: level(c.level)),
        Column("capacity", L("带徒数", "Capacity"), lambda c: c.capacity),
        Column("placed", L("已配对", "Placed"), lambda c: str(c.placed)),
    )
    BINDINGS = [bind("escape", "back", BACK), bind("n", "add", ADD), bind("x", "remove", REMOVE)]

    def __init__(self, programme: Programme) -> None:
        super().__init__()
        self.programme = programme

    def heading(self) -> str:
        return CANDIDATES(name=self.programme.name)

    def key(self, record: Candidate) -> str:
        return str(record.member_id)

    def filters(self) -> ComposeResult:
        yield Select[str]([(str(v), k) for k, v in ROLES.items()], prompt=str(EVERY_ROLE), id="role", compact=True)

    async def page(self, cursor: str | None) -> Page[Candidate]:
        return await PairingApi.of(self.app).candidates(self.programme.id, cursor=cursor, **self.filter_values())

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        def added(candidate: Candidate | None) -> None:
            if candidate is not None:
                self.notify(ADDED(name=candidate.name, role=ROLES[candidate.role]()), markup=False)
                self.action_refresh()

        self.app.push_screen(AddCandidateModal(self.programme), added)

    def action_remove(self) -> None:
        candidate = self.selected()
        if candidate is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.take_out(candidate)

        self.app.push_screen(ConfirmModal(ASK_REMOVE(name=candidate.name)), answered)

    @work(exclusive=True, group="candidate-remove", exit_on_error=False)
    async def take_out(self, candidate: Candidate) -> None:
        await PairingApi.of(self.app).remove_candidate(self.programme.id, candidate.member_id)
        self.notify(REMOVED(name=candidate.name), markup=False)
        self.action_refresh()


async def find_members(form: FormModal, q: str) -> list[tuple[str, int]]:
    """Members by name, phone or ID number: the name and the (masked) ID number tell them apart."""
    return [(f"{m.title}  {m.detail}", m.id) for m in await PairingApi.of(form.app).find_members(q)]


class AddCandidateModal(FormModal[Candidate]):
    HEADING = ADD_CANDIDATE
    SUBMIT = ADD
    FIELDS = (
        Field("member_id", MEMBER, "pick", hint=FIND_MEMBER, search=find_members),
        Field("role", ROLE, "choice", choices=[(MASTER, "master"), (APPRENTICE, "apprentice")], blank=False),
        Field("capacity", OWN_CAPACITY, "int"),
    )

    def __init__(self, programme: Programme) -> None:
        super().__init__({"role": "apprentice"}, title=f"{ADD_CANDIDATE()} · {programme.name}")
        self.programme = programme

    async def submit(self, body: dict[str, Any]) -> Candidate:
        added = await PairingApi.of(self.app).add_candidates(self.programme.id, [body])
        return added[0]


CHANGE_AGREEMENT = L("修改协议：{master} 带 {apprentice}", "Change agreement: {master} and {apprentice}")
GOALS = L("培养目标", "Goals")


class ChangeAgreementModal(FormModal[Agreement]):
    """A running agreement's goals and end of term (`g` on the agreements list)."""

    PATCH = True
    FIELDS = (Field("goals", GOALS, "long"), Field("term_end", TERM_END, "date", hint=DATE_HINT))

    def __init__(self, agreement: Agreement) -> None:
        values = {"goals": agreement.goals, "term_end": agreement.term_end.isoformat()}
        title = CHANGE_AGREEMENT(master=agreement.master_name, apprentice=agreement.apprentice_name)
        super().__init__(values, title=title)
        self.agreement = agreement

    async def submit(self, body: dict[str, Any]) -> Agreement:
        return await PairingApi.of(self.app).change_agreement(self.agreement.id, body)


ACCEPT = L("接受", "Accept")
GOALS_HINT = L(
    "每份协议的培养目标（可留空，之后按 g 修改）", "each agreement's goals (may stay empty; g changes them later)"
)


class AcceptProposalModal(FormModal[Accepted]):
    """Accept a proposal: its new pairs become agreements, with the goals given here.
    The form says what accepting does; Save is the answer (Esc: nothing is created)."""

    SUBMIT = ACCEPT
    FIELDS = (Field("goals", GOALS, "long", hint=GOALS_HINT),)

    def __init__(self, proposal: Proposal, programme: Programme) -> None:
        super().__init__(title=f"{ACCEPT()} #{proposal.id} · {programme.name}")
        self.proposal = proposal
        self.programme = programme

    def about(self) -> str:
        p = self.programme
        return lbl.CONFIRM_ACCEPT(
            id=self.proposal.id,
            new=self.proposal.summary.new_pairs,
            name=p.name,
            start=f"{p.term_start:%Y-%m-%d}",
            end=f"{p.term_end:%Y-%m-%d}",
        )

    async def submit(self, body: dict[str, Any]) -> Accepted:
        return await PairingApi.of(self.app).accept(self.proposal.id, body)
