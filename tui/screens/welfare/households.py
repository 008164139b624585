"""困难职工档案 Hardship households: the file (pending, on file, rejected, lifted), filing a
household (`n`) and reviewing a pending one (`v`). An officer files and reviews within
their own orgs; the API decides who may."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Select

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.welfare.api import REASONS, STATUSES, Household, WelfareApi, yuan
from tui.widgets.base import bind
from tui.widgets.search import SearchInput

HEADING = L("困难职工档案", "Hardship households")
FILE = L("建档", "File")
REVIEW = L("审核", "Review")
FILED = L("已为{name}建档，待审核", "{name} filed, pending review")
REVIEWED = L("{name}：{status}", "{name}: {status}")
NOT_PENDING = L("只有待审核的档案可以审核", "Only a pending filing can be reviewed")

MEMBER = L("会员", "Member")
MEMBER_ID = L("会员编号", "Member ID")
SIZE = L("家庭人口", "Household size")
REASONS_LABEL = L("致困原因", "Reasons")
INCOME = L("人均月收入（元）", "Income per head (yuan)")
BANK = L("银行账号", "Bank account")
EVIDENCE = L("证明材料", "Evidence")
STATUS = L("状态", "Status")
EVERY_STATUS = L("全部状态", "Every status")
ORG_ID = L("组织编号（回车应用）", "Org ID (Enter applies)")
HOUSEHOLD_STATUSES = ("pending", "active", "rejected", "lifted")
APPROVE = L("通过", "Approve")
APPROVE_HINT = L("勾选为通过，不勾为不通过", "ticked: approve; not ticked: reject")
NOTE = L("审核意见", "Note")
ACTIVE_FROM = L("在册起始日", "On file from")
DATE_HINT = L("YYYY-MM-DD，空为今天", "YYYY-MM-DD, empty for today")


def reasons(codes: list[str]) -> str:
    return "、".join(str(REASONS[c]) if c in REASONS else c for c in codes)


def status(code: str) -> str:
    return str(STATUSES[code]) if code in STATUSES else code


class HouseholdsScreen(ListScreen[Household]):
    AREA = "welfare.households"
    HEADING = HEADING
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda h: str(h.id)),
        Column("member", MEMBER, lambda h: h.member_name, width=12),
        Column("size", SIZE, lambda h: str(h.household_size)),
        Column("reasons", REASONS_LABEL, lambda h: reasons(h.reasons), width=24),
        Column("income", INCOME, lambda h: yuan(h.income_per_head_fen)),
        Column("status", STATUS, lambda h: status(h.status)),
    )
    BINDINGS = [bind("n", "file", FILE), bind("v", "review", REVIEW)]

    def filters(self) -> ComposeResult:
        yield Select[str](
            [(status(k), k) for k in HOUSEHOLD_STATUSES], prompt=str(EVERY_STATUS), id="status", compact=True
        )
        yield SearchInput(placeholder=str(ORG_ID), id="org_id", type="integer")

    async def page(self, cursor: str | None) -> Page[Household]:
        return await WelfareApi.of(self.app).households(cursor=cursor, **self.filter_values())

    def open(self, record: Household) -> None:
        self.action_review()

    def action_file(self) -> None:
        self.app.push_screen(FileHouseholdModal(), self.filed)

    def filed(self, household: Household | None) -> None:
        if household is not None:
            self.notify(FILED(name=household.member_name), markup=False)
            self.action_refresh()

    def action_review(self) -> None:
        household = self.selected()
        if household is None:
            return
        if household.status != "pending":
            self.notify(str(NOT_PENDING), severity="warning", markup=False)
            return
        self.app.push_screen(ReviewModal(household), self.reviewed)

    def reviewed(self, household: Household | None) -> None:
        if household is not None:
            self.notify(REVIEWED(name=household.member_name, status=status(household.status)), markup=False)
            self.action_refresh()


class FileHouseholdModal(FormModal[Household]):
    HEADING = L("困难职工建档", "File a hardship household")
    SUBMIT = FILE
    FIELDS = (
        Field("member_id", MEMBER_ID, "int"),
        Field("household_size", SIZE, "int"),
        Field("reasons", REASONS_LABEL, "many", choices=list((label, code) for code, label in REASONS.items())),
        Field("income_per_head_fen", INCOME, "money"),
        Field("bank_account", BANK),
        Field("evidence", EVIDENCE),
    )

    async def submit(self, body: dict[str, Any]) -> Household:
        return await WelfareApi.of(self.app).file_household(body)


class ReviewModal(FormModal[Household]):
    SUBMIT = REVIEW
    FIELDS = (
        Field("approve", APPROVE, "flag", hint=APPROVE_HINT),
        Field("note", NOTE),
        Field("active_from", ACTIVE_FROM, "date", hint=DATE_HINT),
    )

    def __init__(self, household: Household) -> None:
        title = f"{REVIEW()} · {household.member_name} · {reasons(household.reasons)}"
        super().__init__({"approve": True}, title=title)
        self.household = household

    async def submit(self, body: dict[str, Any]) -> Household:
        return await WelfareApi.of(self.app).review_household(self.household.id, body)
