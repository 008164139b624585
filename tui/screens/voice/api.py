"""The voice routes (三单) as the TUI sees them: complaints, demand orders,
acceptance forms; plus the orgs and members pickers the paper-complaint form needs.

The records are the TUI's own view of the answers; msgspec ignores the rest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tui.kit.api import ModuleApi, Page, Record

CATEGORIES = ("wages", "overtime", "safety", "canteen_dormitory", "contract", "training", "other")
OUTCOMES = ("dispute_mediated", "difficulty_solved", "wage_arrears_recovered", "advice_given", "not_upheld", "other")
COMPLAINT_STATUSES = ("submitted", "ordered", "accepted", "resolved")
ORDER_STATUSES = ("submitted", "accepted", "resolved")


class Complaint(Record):
    SCHEMA = "ComplaintOut"
    id: int
    ref: str
    category: str
    text: str
    anonymous: bool
    channel: str
    status: str
    org_id: int
    member_id: int | None
    member_name: str | None
    order_id: int | None
    created_at: dt.datetime
    answer: str = ""
    outcome: str = ""
    rating: int | None = None


class FormBrief(Record):
    SCHEMA = "FormBrief"
    id: int
    ref: str
    status: str
    due_on: dt.date
    officer_name: str


class Order(Record):
    SCHEMA = "voice_service_shapes_OrderOut"
    id: int
    ref: str
    org_id: int
    title: str
    summary: str
    status: str
    created_by: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    complaint_count: int
    complaints: list[Complaint] = []
    form: FormBrief | None = None


class Form(Record):
    SCHEMA = "FormOut"
    id: int
    ref: str
    order_id: int
    order_ref: str
    order_title: str
    org_id: int
    officer_name: str
    opened_on: dt.date
    working_days: int
    due_on: dt.date
    provisional: bool
    status: str
    resolved_on: dt.date | None
    resolution: str
    outcome: str
    recovered_yuan: Decimal
    working_days_left: int | None  # None once resolved; negative when overdue
    overdue: bool
    complaint_count: int
    warning: str | None = None


class Org(Record):
    SCHEMA = "OrgOut"
    id: int
    name: str
    type: str
    parent_id: int | None = None


class Member(Record):
    SCHEMA = "MemberOut"
    id: int
    name: str
    id_number: str
    org_id: int


class LinkCode(Record):
    SCHEMA = "LinkCodeOut"
    code: str
    member_id: int
    expires_at: dt.datetime


class Statistics(Record):
    SCHEMA = "Statistics"
    complaints: int
    by_category: dict[str, int]
    by_channel: dict[str, int]
    by_status: dict[str, int]
    demand_orders: int
    acceptance_forms: int
    open_forms: int
    overdue_forms: int
    on_time_rate: float
    median_working_days: float
    average_working_days: float
    ratings: int
    average_rating: float


class VoiceApi(ModuleApi):
    """The voice routes of one tenant, through the TUI's one HTTP client."""

    # acceptance forms (受理单)
    async def queue(self, *, on: dt.date | None = None, mine: bool = False, cursor: str | None = None) -> Page[Form]:
        """Open forms, nearest deadline first."""
        return await self._page(
            "/acceptance-forms/queue",
            Form,
            cursor=cursor,
            on=on.isoformat() if on else None,
            mine="true" if mine else None,
        )

    async def form(self, form_id: int) -> Form:
        return await self._get(f"/acceptance-forms/{form_id}", Form)

    async def open_form(self, order_id: int, body: dict[str, Any]) -> Form:
        return await self._send("POST", "/acceptance-forms", {**body, "order_id": order_id}, Form)

    async def assign_officer(self, form_id: int, body: dict[str, Any]) -> Form:
        return await self._send("PUT", f"/acceptance-forms/{form_id}/officer", body, Form)

    async def resolve(self, form_id: int, body: dict[str, Any]) -> Form:
        return await self._send("POST", f"/acceptance-forms/{form_id}/resolve", body, Form)

    # demand orders (需求订单)
    async def orders(self, *, status: str | None = None, cursor: str | None = None, limit: int = 100) -> Page[Order]:
        return await self._page("/demand-orders", Order, status=status, cursor=cursor, limit=limit)

    async def order(self, order_id: int) -> Order:
        return await self._get(f"/demand-orders/{order_id}", Order)

    async def create_order(self, body: dict[str, Any]) -> Order:
        """`{title, summary, complaint_ids}`: fold the complaints into a new order."""
        return await self._send("POST", "/demand-orders", body, Order)

    async def add_to_order(self, order_id: int, complaint_ids: list[int]) -> Order:
        return await self._send(
            "POST", f"/demand-orders/{order_id}/complaints", {"complaint_ids": complaint_ids}, Order
        )

    # complaints (诉求)
    async def complaints(
        self,
        *,
        status: str | None = None,
        q: str | None = None,
        category: str | None = None,
        cursor: str | None = None,
        limit: int = 100,
    ) -> Page[Complaint]:
        return await self._page(
            "/complaints", Complaint, status=status, q=q, category=category, cursor=cursor, limit=limit
        )

    async def complaint(self, complaint_id: int) -> Complaint:
        return await self._get(f"/complaints/{complaint_id}", Complaint)

    async def answer(self, complaint_id: int, body: dict[str, Any]) -> Complaint:
        """`{answer, outcome}`: the enterprise union answers it, without an order."""
        return await self._send("POST", f"/complaints/{complaint_id}/answer", body, Complaint)

    async def enter_paper_complaint(self, body: dict[str, Any]) -> Complaint:
        """`{category, text, org_id, member_id, anonymous}`, filed with channel `tui`."""
        return await self._send("POST", "/complaints", {**body, "channel": "tui"}, Complaint)

    async def statistics(self, start: dt.date, end: dt.date) -> Statistics:
        """From `start` up to, not including, `end`."""
        return await self._get("/voice/statistics", Statistics, start=start.isoformat(), end=end.isoformat())

    # the Telegram bot: a one-time code the worker sends it to link their account
    async def link_code(self, body: dict[str, Any]) -> LinkCode:
        """`{member_id}`: a one-time code the worker sends the bot."""
        return await self._send("POST", "/voice/link-codes", body, LinkCode)

    # pickers (the orgs module)
    async def unions(self, q: str | None = None, *, limit: int = 30) -> list[Org]:
        page = await self._get("/orgs", Page[Org], q=q or None, limit=limit)
        return page.items

    async def org(self, org_id: int) -> Org:
        return await self._get(f"/orgs/{org_id}", Org)

    async def members(self, q: str, *, org_id: int | None = None, limit: int = 20) -> list[Member]:
        page = await self._get("/members", Page[Member], q=q, org=org_id, limit=limit)
        return page.items
