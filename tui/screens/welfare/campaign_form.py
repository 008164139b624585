"""A new relief campaign (救助活动, a draft): what kind, for which year, the budget, who is
paid (hardship households on file, or approved applications) and how much (one amount each,
or the amount each application was approved for). The API checks all of it; its field
errors show under the fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui.i18n import L
from tui.kit.form import Field, FormModal
from tui.screens.welfare.api import KINDS, Campaign, WelfareApi

HEADING = L("新建救助活动（草稿）", "New relief campaign (draft)")
CREATE = L("创建", "Create")
NAME = L("活动名称", "Name")
KIND = L("类别", "Kind")
YEAR = L("年度", "Year")
BUDGET = L("预算（元）", "Budget (yuan)")
WHO = L("发放对象", "Who is paid")
HOW_MUCH = L("金额规则", "Amount rule")
AMOUNT = L("每户金额（元）", "Amount each (yuan)")
AMOUNT_HINT = L("统一金额时填写", "for one amount each")
MEMO = L("备注", "Memo")
HOUSEHOLDS = L("在册困难职工家庭", "hardship households on file")
APPLICATIONS = L("审批通过的申请", "approved applications")
FLAT = L("统一金额", "one amount each")
APPROVED = L("按审批金额", "the amount approved")


class NewCampaignModal(FormModal[Campaign]):
    HEADING = HEADING
    SUBMIT = CREATE

    def fields(self) -> list[Field]:
        return [
            Field("name", NAME),
            Field("kind", KIND, "choice", choices=[(L(*label), kind) for kind, label in KINDS.items()], blank=False),
            Field("year", YEAR, "int"),
            Field("budget_fen", BUDGET, "money"),
            Field(
                "eligibility.rule",
                WHO,
                "choice",
                choices=[(HOUSEHOLDS, "hardship_households"), (APPLICATIONS, "applications")],
                blank=False,
            ),
            Field(
                "amount_rule.rule",
                HOW_MUCH,
                "choice",
                choices=[(FLAT, "flat"), (APPROVED, "approved_amount")],
                blank=False,
            ),
            Field("amount_rule.fen", AMOUNT, "money", hint=AMOUNT_HINT),
            Field("memo", MEMO),
        ]

    def __init__(self) -> None:
        super().__init__({"year": dt.date.today().year})

    async def submit(self, body: dict[str, Any]) -> Campaign:
        return await WelfareApi.of(self.app).create_campaign(body)
