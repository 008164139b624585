"""What the TUI reads and sends for the welfare module (`/campaigns`): its own small
view of the API's answers, over the app's `ApiClient`. Money arrives in fen and is
shown in yuan (`yuan()`), never through floats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tui.kit.api import ModuleApi, Page, Record

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
        self, *, year: int | None = None, cursor: str | None = None, limit: int = 100
    ) -> Page[Campaign]:
        return await self._get("/campaigns", Page[Campaign], year=year, cursor=cursor, limit=limit)

    async def campaign(self, campaign_id: int) -> Campaign:
        return await self._get(f"/campaigns/{campaign_id}", Campaign)

    async def preview(self, campaign_id: int) -> Preview:
        return await self._get(f"/campaigns/{campaign_id}/preview", Preview)

    async def progress(self, campaign_id: int) -> Progress:
        return await self._get(f"/campaigns/{campaign_id}/progress", Progress)

    async def create_campaign(self, body: dict[str, Any]) -> Campaign:
        return await self._send("POST", "/campaigns", body, Campaign)

    async def approve(self, campaign_id: int) -> Campaign:
        return await self._send("POST", f"/campaigns/{campaign_id}/approve", None, Campaign)
