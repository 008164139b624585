"""What the TUI reads and sends for the welfare module (`/campaigns`): its own small
view of the API's answers, over the app's `ApiClient`. Money arrives in fen and is
shown in yuan (`yuan()`), never through floats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tui.i18n import L
from tui.kit.api import ModuleApi, Page, Record

REASONS = {  # the API's hardship reasons (致困原因)
    "illness": L("患病", "illness"),
    "disability": L("残疾", "disability"),
    "spouse_unemployed": L("配偶失业", "spouse unemployed"),
    "single_parent": L("单亲", "single parent"),
    "disaster": L("灾害", "disaster"),
    "education": L("子女就学", "children's schooling"),
    "low_income": L("收入低", "low income"),
    "other": L("其他", "other"),
}
STATUSES = {
    "pending": L("待审核", "pending"),
    "active": L("在册", "on file"),
    "rejected": L("未通过", "rejected"),
    "lifted": L("已解困", "lifted"),
    "approved": L("已批准", "approved"),
    "draft": L("待审批", "draft"),
    "submitted": L("待审批", "submitted"),
}

KINDS = {
    "holiday_relief": ("送温暖", "holiday relief"),
    "illness_relief": ("大病救助", "illness relief"),
    "other": ("其他", "other"),
}


class Campaign(Record):
    SCHEMA = "CampaignOut"
    id: int
    kind: str
    name: str
    year: int
    budget_fen: int
    status: str
    created_at: dt.datetime
    created_by: str
    org_id: int | None = None
    memo: str = ""
    approved_at: dt.datetime | None = None
    approved_by: str | None = None
    batch_id: int | None = None


class Household(Record):
    SCHEMA = "HouseholdOut"
    id: int
    member_id: int
    member_name: str
    org_id: int
    household_size: int
    reasons: list[str]
    income_per_head_fen: int
    bank_account: str
    status: str
    review_note: str = ""
    active_from: dt.date | None = None


class Application(Record):
    SCHEMA = "ApplicationOut"
    id: int
    campaign_id: int
    member_id: int
    member_name: str
    category: str
    reason: str
    requested_fen: int
    approved_fen: int | None
    status: str
    decision_note: str = ""


class Preview(Record):
    SCHEMA = "PreviewOut"
    campaign_id: int
    beneficiaries: int
    total_fen: int
    budget_fen: int
    within_budget: bool


class Progress(Record):
    SCHEMA = "Progress"
    batch_id: int
    total: int
    pending: int
    in_flight: int
    unknown: int
    paid: int
    failed: int
    total_fen: int
    paid_fen: int
    failed_fen: int
    recovered: int
    done: bool

    @property
    def settled(self) -> int:
        return self.paid + self.failed


def yuan(fen: int) -> str:
    """¥ with two decimals from integer fen: 130000000 -> '1,300,000.00'."""
    return f"{Decimal(fen) / 100:,.2f}"


class WelfareApi(ModuleApi):
    async def campaigns(
        self,
        *,
        q: str | None = None,
        year: str | int | None = None,
        kind: str | None = None,
        cursor: str | None = None,
        limit: int = 100,
    ) -> Page[Campaign]:
        return await self._page("/campaigns", Campaign, q=q, year=year, kind=kind, cursor=cursor, limit=limit)

    async def campaign(self, campaign_id: int) -> Campaign:
        return await self._get(f"/campaigns/{campaign_id}", Campaign)

    async def preview(self, campaign_id: int) -> Preview:
        return await self._get(f"/campaigns/{campaign_id}/preview", Preview)

    async def progress(self, campaign_id: int) -> Progress:
        return await self._get(f"/campaigns/{campaign_id}/progress", Progress)

    async def households(
        self, *, status: str | None = None, org_id: str | int | None = None, cursor: str | None = None
    ) -> Page[Household]:
        return await self._page("/hardship-households", Household, status=status, org_id=org_id, cursor=cursor)

    async def file_household(self, body: dict[str, Any]) -> Household:
        return await self._send("POST", "/hardship-households", body, Household)

    async def review_household(self, household_id: int, body: dict[str, Any]) -> Household:
        return await self._send("POST", f"/hardship-households/{household_id}/review", body, Household)

    async def applications(
        self, campaign_id: int, *, status: str | None = None, cursor: str | None = None
    ) -> Page[Application]:
        return await self._page(f"/campaigns/{campaign_id}/applications", Application, status=status, cursor=cursor)

    async def apply(self, campaign_id: int, body: dict[str, Any]) -> Application:
        return await self._send("POST", f"/campaigns/{campaign_id}/applications", body, Application)

    async def decide(self, application_id: int, body: dict[str, Any]) -> Application:
        return await self._send("POST", f"/relief-applications/{application_id}/decision", body, Application)

    async def create_campaign(self, body: dict[str, Any]) -> Campaign:
        return await self._send("POST", "/campaigns", body, Campaign)

    async def approve(self, campaign_id: int) -> Campaign:
        return await self._send("POST", f"/campaigns/{campaign_id}/approve", None, Campaign)
