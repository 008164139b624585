"""What the TUI reads and sends for the orgs module (`/orgs`, `/members`, `/plans`):
its own small view of the API's answers, over the app's `ApiClient`."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import msgspec

from tui.client import ApiError, ConnectionLost
from tui.i18n import pick
from tui.kit.api import ModuleApi, Page, Record

CHUNK = 256 * 1024  # bytes per piece of an uploaded file (the progress bar moves per piece)

ORG_TYPES = {  # the API's types, in both languages
    "city_federation": ("市总工会", "City federation"),
    "county_federation": ("县(区)总工会", "County federation"),
    "zone_federation": ("开发区总工会", "Zone federation"),
    "industry_union": ("产业工会", "Industry union"),
    "joint_union": ("联合工会", "Joint union"),
    "enterprise_union": ("企业工会", "Enterprise union"),
}
LEVELS = {
    1: ("高级技师", "senior technician"),
    2: ("技师", "technician"),
    3: ("高级工", "senior worker"),
    4: ("中级工", "intermediate worker"),
    5: ("初级工", "junior worker"),
}


class Org(Record):
    SCHEMA = "OrgOut"
    id: int
    name: str
    type: str
    parent_id: int | None
    member_count: int
    enterprise_name: str | None = None
    credit_code: str | None = None
    public_sector: bool | None = None
    above_scale: bool | None = None
    founded_on: dt.date | None = None
    closed_on: dt.date | None = None
    zone_id: int | None = None
    child_count: int = 0


class Member(Record):
    SCHEMA = "MemberOut"
    id: int
    name: str
    id_number: str  # masked unless the API decided this role sees it in full
    gender: str
    birth_date: dt.date
    phone: str | None
    org_id: int
    trade: str | None
    level: int | None
    migrant: bool
    joined_on: dt.date | None
    left_on: dt.date | None


class Placement(Record):
    SCHEMA = "PlacementOut"
    org_id: int
    org_name: str
    valid_from: dt.date
    valid_to: dt.date | None
    reason: str


class ImportResult(Record):
    SCHEMA = "ImportResult"
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool = False


class PlanSummary(Record):
    SCHEMA = "PlanSummary"
    id: int
    name: str
    effective_on: dt.date
    status: str
    moves: int
    new_orgs: int


class Plan(Record):
    SCHEMA = "orgs_restructure_PlanOut"
    id: int
    name: str
    effective_on: dt.date
    status: str
    note: str
    applied_at: dt.datetime | None = None
    rolled_back_at: dt.datetime | None = None


class ParentCount(Record):
    SCHEMA = "ParentCount"
    parent_id: int | None
    ref: str | None
    name: str
    before: int
    after: int


class PlanWarning(Record):
    SCHEMA = "PlanWarning"
    code: str
    zh: str
    en: str
    blocking: bool
    org_id: int | None = None

    @property
    def text(self) -> str:
        """The warning in the language the TUI shows."""
        return pick(self.zh, self.en)


class PlanPreview(Record):
    SCHEMA = "PlanPreview"
    plan_id: int
    effective_on: dt.date
    moves: int
    new_orgs: int
    members_affected: int
    parents: list[ParentCount]
    warnings: list[PlanWarning]
    can_apply: bool


class OrgsApi(ModuleApi):
    """The orgs routes of one tenant."""

    # orgs
    async def roots(self, cursor: str | None = None, limit: int = 100) -> Page[Org]:
        return await self._get("/orgs", Page[Org], roots="true", limit=limit, cursor=cursor)

    async def children(self, org_id: int, cursor: str | None = None, limit: int = 100) -> Page[Org]:
        return await self._get(f"/orgs/{org_id}/children", Page[Org], limit=limit, cursor=cursor)

    async def org(self, org_id: int) -> Org:
        return await self._get(f"/orgs/{org_id}", Org)

    async def create_org(self, body: dict[str, Any]) -> Org:
        return await self._send("POST", "/orgs", body, Org)

    async def change_org(self, org_id: int, body: dict[str, Any]) -> Org:
        return await self._send("PATCH", f"/orgs/{org_id}", body, Org)

    async def create_member(self, body: dict[str, Any]) -> Member:
        return await self._send("POST", "/members", body, Member)

    async def change_member(self, member_id: int, body: dict[str, Any]) -> Member:
        return await self._send("PATCH", f"/members/{member_id}", body, Member)

    async def ancestors(self, org_id: int) -> list[Org]:
        return await self._get(f"/orgs/{org_id}/ancestors", list[Org])

    # members
    async def members(
        self,
        *,
        q: str | None = None,
        org: int | None = None,
        subtree: bool = False,
        status: str = "active",
        trade: str | None = None,
        level: int | None = None,
        migrant: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page[Member]:
        return await self._get(
            "/members",
            Page[Member],
            q=q,
            org=org,
            subtree="true" if subtree else None,
            status=status,
            trade=trade,
            level=level,
            migrant=migrant,
            limit=limit,
            cursor=cursor,
        )

    async def member(self, member_id: int) -> Member:
        return await self._get(f"/members/{member_id}", Member)

    async def member_history(self, member_id: int) -> list[Placement]:
        return await self._get(f"/members/{member_id}/history", list[Placement])

    async def import_members(
        self, data: bytes, filename: str, *, dry_run: bool = False, sent: Callable[[int, int], None] | None = None
    ) -> ImportResult:
        """Send the file as the raw body, calling `sent(done, total)` as its bytes go out.

        A refused file raises `ApiError` (422) whose `errors` list every bad row."""
        total, chunk = len(data), CHUNK

        async def body() -> AsyncIterator[bytes]:
            for start in range(0, total, chunk):
                piece = data[start : start + chunk]
                yield piece
                if sent is not None:
                    sent(start + len(piece), total)

        media = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if filename.lower().endswith(".xlsx")
            else "text/csv"
        )
        headers = {"Content-Type": media, "Content-Length": str(total)}
        if self.client.token:
            headers["Authorization"] = f"Bearer {self.client.token}"
        params = {"filename": filename, "dry_run": "true" if dry_run else "false"}
        http: httpx.AsyncClient = self.client._http  # the client's one connection pool (raw body upload)
        try:
            response = await http.post(self.base + "/members/import", params=params, content=body(), headers=headers)
        except (httpx.TransportError, OSError) as exc:
            raise ConnectionLost(self.client.url, str(exc) or type(exc).__name__) from None
        if response.is_error:
            raise ApiError.from_response(response)
        return msgspec.json.decode(response.content, type=ImportResult)

    # restructuring plans
    async def plans(self, *, cursor: str | None = None) -> Page[PlanSummary]:
        return await self._page("/plans", PlanSummary, cursor=cursor)

    async def plan(self, plan_id: int) -> Plan:
        return await self._get(f"/plans/{plan_id}", Plan)

    async def preview(self, plan_id: int) -> PlanPreview:
        return await self._get(f"/plans/{plan_id}/preview", PlanPreview)

    async def apply(self, plan_id: int) -> PlanPreview:
        return await self._send("POST", f"/plans/{plan_id}/apply", None, PlanPreview)

    async def rollback(self, plan_id: int) -> Plan:
        return await self._send("POST", f"/plans/{plan_id}/rollback", None, Plan)
