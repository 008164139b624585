"""What the TUI reads and sends for the orgs module (`/orgs`, `/members`, `/plans`):
its own small view of the API's answers, over the app's `ApiClient`."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import httpx
import msgspec

from tui.client import ApiClient, ApiError, ConnectionLost

T = TypeVar("T")
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


class Org(msgspec.Struct):
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


class OrgPage(msgspec.Struct):
    items: list[Org]
    next_cursor: str | None = None


class Member(msgspec.Struct):
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


class MemberPage(msgspec.Struct):
    items: list[Member]
    next_cursor: str | None = None


class Placement(msgspec.Struct):
    org_id: int
    org_name: str
    valid_from: dt.date
    valid_to: dt.date | None
    reason: str


class ImportResult(msgspec.Struct):
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool = False


class PlanSummary(msgspec.Struct):
    id: int
    name: str
    effective_on: dt.date
    status: str
    moves: int
    new_orgs: int


class Plan(msgspec.Struct):
    id: int
    name: str
    effective_on: dt.date
    status: str
    note: str
    applied_at: dt.datetime | None = None
    rolled_back_at: dt.datetime | None = None


class ParentCount(msgspec.Struct):
    parent_id: int | None
    ref: str | None
    name: str
    before: int
    after: int


class PlanWarning(msgspec.Struct):
    code: str
    message: str
    blocking: bool
    org_id: int | None = None


class PlanPreview(msgspec.Struct):
    plan_id: int
    effective_on: dt.date
    moves: int
    new_orgs: int
    members_affected: int
    parents: list[ParentCount]
    warnings: list[PlanWarning]
    can_apply: bool


class OrgsApi:
    """The orgs routes of one tenant."""

    def __init__(self, client: ApiClient, tenant: str) -> None:
        self.client = client
        self.base = f"/api/v1/t/{tenant}"

    async def _get(self, path: str, type: type[T], **params: Any) -> T:
        response = await self.client.request("GET", self.base + path, params=params)
        return msgspec.json.decode(response.content, type=type)

    async def _post(self, path: str, type: type[T], body: Any = None) -> T:
        response = await self.client.request("POST", self.base + path, json=body if body is not None else {})
        return msgspec.json.decode(response.content, type=type)

    # orgs
    async def roots(self, cursor: str | None = None, limit: int = 100) -> OrgPage:
        return await self._get("/orgs", OrgPage, roots="true", limit=limit, cursor=cursor)

    async def children(self, org_id: int, cursor: str | None = None, limit: int = 100) -> OrgPage:
        return await self._get(f"/orgs/{org_id}/children", OrgPage, limit=limit, cursor=cursor)

    async def org(self, org_id: int) -> Org:
        return await self._get(f"/orgs/{org_id}", Org)

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
        cursor: str | None = None,
        limit: int = 50,
    ) -> MemberPage:
        return await self._get(
            "/members",
            MemberPage,
            q=q,
            org=org,
            subtree="true" if subtree else None,
            status=status,
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
    async def plans(self) -> list[PlanSummary]:
        return await self.client.every(self.base + "/plans", PlanSummary)

    async def plan(self, plan_id: int) -> Plan:
        return await self._get(f"/plans/{plan_id}", Plan)

    async def preview(self, plan_id: int) -> PlanPreview:
        return await self._get(f"/plans/{plan_id}/preview", PlanPreview)

    async def apply(self, plan_id: int) -> PlanPreview:
        return await self._post(f"/plans/{plan_id}/apply", PlanPreview)

    async def rollback(self, plan_id: int) -> Plan:
        return await self._post(f"/plans/{plan_id}/rollback", Plan)


def orgs_api(app: Any) -> OrgsApi:
    return OrgsApi(app.client, app.tenant.slug)
