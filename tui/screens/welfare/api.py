"""What the TUI reads and sends for the welfare module (`/campaigns`): its own small
view of the API's answers, over the app's `ApiClient`. Money arrives in fen and is
shown in yuan (`yuan()`), never through floats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

import msgspec

from tui.client import ApiClient

T = TypeVar("T")

KINDS = {
    "holiday_relief": ("送温暖", "holiday relief"),
    "illness_relief": ("大病救助", "illness relief"),
    "other": ("其他", "other"),
}


class Campaign(msgspec.Struct):
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


class CampaignPage(msgspec.Struct):
    items: list[Campaign]
    next_cursor: str | None = None


class Preview(msgspec.Struct):
    campaign_id: int
    beneficiaries: int
    total_fen: int
    budget_fen: int
    within_budget: bool


class Progress(msgspec.Struct):
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


class WelfareApi:
    def __init__(self, client: ApiClient, tenant: str) -> None:
        self.client = client
        self.base = f"/api/v1/t/{tenant}"

    async def _get(self, path: str, type: type[T], **params: Any) -> T:
        response = await self.client.request("GET", self.base + path, params=params)
        return msgspec.json.decode(response.content, type=type)

    async def campaigns(self, *, year: int | None = None, cursor: str | None = None, limit: int = 100) -> CampaignPage:
        return await self._get("/campaigns", CampaignPage, year=year, cursor=cursor, limit=limit)

    async def campaign(self, campaign_id: int) -> Campaign:
        return await self._get(f"/campaigns/{campaign_id}", Campaign)

    async def preview(self, campaign_id: int) -> Preview:
        return await self._get(f"/campaigns/{campaign_id}/preview", Preview)

    async def progress(self, campaign_id: int) -> Progress:
        return await self._get(f"/campaigns/{campaign_id}/progress", Progress)

    async def approve(self, campaign_id: int) -> Campaign:
        response = await self.client.request("POST", f"{self.base}/campaigns/{campaign_id}/approve", json={})
        return msgspec.json.decode(response.content, type=Campaign)


def welfare_api(app: Any) -> WelfareApi:
    return WelfareApi(app.client, app.tenant.slug)
