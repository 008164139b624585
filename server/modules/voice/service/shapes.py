"""What voice takes in and gives out: the msgspec Structs of the three forms and the
vocabularies they use (categories, channels, outcomes, statuses)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from server.infra.types import Code, Id, Yuan

CATEGORIES = ("wages", "overtime", "safety", "canteen_dormitory", "contract", "training", "other")
CHANNELS = ("telegram", "api", "tui")
OUTCOMES = ("dispute_mediated", "difficulty_solved", "wage_arrears_recovered", "advice_given", "not_upheld", "other")
COMPLAINT_STATUSES = ("submitted", "ordered", "accepted", "resolved")
ORDER_STATUSES = ("submitted", "accepted", "resolved")
FORM_STATUSES = ("open", "resolved")
MIN_DAYS, MAX_DAYS = 7, 10
DEFAULT_DAYS = 7
MAX_TEXT = 4000

CATEGORY_NAMES = {
    "wages": ("工资报酬", "Wages"),
    "overtime": ("加班休假", "Overtime and leave"),
    "safety": ("劳动安全", "Safety"),
    "canteen_dormitory": ("食堂宿舍", "Canteen and dormitory"),
    "contract": ("劳动合同", "Contracts"),
    "training": ("技能培训", "Training"),
    "other": ("其他", "Other"),
}


# --- shapes ---------------------------------------------------------------------


class ComplaintIn(msgspec.Struct, forbid_unknown_fields=True):
    category: Annotated[str, Meta(max_length=24)]
    text: Annotated[str, Meta(max_length=MAX_TEXT * 2)]  # the service says "at most MAX_TEXT"
    anonymous: bool = False
    # Staff entering a paper complaint (TUI) give the enterprise union and, when
    # the paper is signed, the worker; a worker's own complaint needs neither.
    org_id: Id | None = None
    member_id: Id | None = None
    channel: Code | None = None


class StepOut(msgspec.Struct):
    at: dt.datetime
    status: str
    note: str


class ComplaintOut(msgspec.Struct):
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
    answer: str
    outcome: str
    resolved_level: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    rating: int | None
    rating_comment: str
    steps: list[StepOut] = []


class AnswerIn(msgspec.Struct, forbid_unknown_fields=True):
    answer: Annotated[str, Meta(max_length=MAX_TEXT * 2)]
    outcome: Code = "advice_given"


class RatingIn(msgspec.Struct, forbid_unknown_fields=True):
    rating: Annotated[int, Meta(ge=1, le=5)]
    comment: Annotated[str, Meta(max_length=MAX_TEXT * 2)] = ""


Ids = Annotated[list[Id], Meta(max_length=10_000)]


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, Meta(max_length=200)]
    complaint_ids: Ids
    summary: Annotated[str, Meta(max_length=MAX_TEXT * 2)] = ""
    org_id: Id | None = None


class LinkIn(msgspec.Struct, forbid_unknown_fields=True):
    complaint_ids: Ids


class FormBrief(msgspec.Struct):
    id: int
    ref: str
    status: str
    due_on: dt.date
    officer_name: str


class OrderOut(msgspec.Struct):
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
    complaints: list[ComplaintOut] = []
    form: FormBrief | None = None


class FormIn(msgspec.Struct, forbid_unknown_fields=True):
    order_id: Id
    officer_name: Annotated[str, Meta(max_length=200)] = ""
    officer_account_id: Id | None = None
    # default: the tenant's config.voice.resolution_working_days
    working_days: Annotated[int, Meta(ge=MIN_DAYS, le=MAX_DAYS)] | None = None
    opened_on: dt.date | None = None  # default: today (Asia/Shanghai)


class AssignIn(msgspec.Struct, forbid_unknown_fields=True):
    officer_name: Annotated[str, Meta(max_length=200)]
    officer_account_id: Id | None = None


class ResolveIn(msgspec.Struct, forbid_unknown_fields=True):
    resolution: Annotated[str, Meta(max_length=MAX_TEXT * 2)]
    outcome: Annotated[str, Meta(max_length=32)]
    recovered_yuan: Yuan | None = None  # wages recovered, yuan at the edge
    resolved_on: dt.date | None = None


class FormOut(msgspec.Struct):
    id: int
    ref: str
    order_id: int
    order_ref: str
    order_title: str
    org_id: int
    officer_name: str
    officer_account_id: int | None
    opened_on: dt.date
    working_days: int
    due_on: dt.date
    provisional: bool
    status: str
    resolved_on: dt.date | None
    resolution: str
    outcome: str
    recovered_fen: int
    recovered_yuan: Decimal
    working_days_left: int | None  # None once resolved; negative when overdue
    overdue: bool
    complaint_count: int
    warning: str | None = None


class AlertOut(msgspec.Struct):
    form_id: int
    form_ref: str
    kind: str
    raised_on: dt.date
    detail: dict[str, Any]


class Statistics(msgspec.Struct):
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


class NoticeOut(msgspec.Struct):
    id: int
    member_id: int
    kind: str
    params: dict[str, Any]
    created_at: dt.datetime
    delivered_at: dt.datetime | None
