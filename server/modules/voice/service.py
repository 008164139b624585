"""Workers' voice (三单): complaints, enterprise demand orders, acceptance forms.

A worker's complaint (职工维权服务菜单 / 抱怨单) reaches their enterprise union;
the enterprise union either answers it itself or folds related complaints into
an enterprise demand order (企业服务需求订单) for the city federation; the
federation opens a union service acceptance form (工会维权服务受理单), assigns an
officer and resolves it within the tenant's 7-10 Chinese working days.
Resolving a form resolves its order and every linked complaint, and each
worker is told (a `Notice` the bot delivers) and may rate the outcome.

Who sees what: a worker sees only their own complaints; staff see the
complaints of their org subtree; an anonymous complaint never shows its worker
to anyone but the worker and the federation's administrators.
"""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.pagination import Page, keyset
from server.infra.tenancy import current_tenant
from server.infra.workdays import WorkCalendar, today
from server.modules.contract import Figures, ReportQuery
from server.modules.core import calendar as workcal
from server.modules.core import service as core
from server.modules.orgs import service as orgs
from server.modules.voice.tables import (
    AcceptanceForm,
    Complaint,
    ComplaintStep,
    DemandOrder,
    FormAlert,
    Notice,
)
from server.platform import service as platform
from server.platform.roles import SYSTEM, Actor, Role

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
    category: str
    text: str
    anonymous: bool = False
    # Staff entering a paper complaint (TUI) give the enterprise union and, when
    # the paper is signed, the worker; a worker's own complaint needs neither.
    org_id: int | None = None
    member_id: int | None = None
    channel: str | None = None


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
    answer: str
    outcome: str = "advice_given"


class RatingIn(msgspec.Struct, forbid_unknown_fields=True):
    rating: int
    comment: str = ""


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    title: str
    complaint_ids: list[int]
    summary: str = ""
    org_id: int | None = None


class LinkIn(msgspec.Struct, forbid_unknown_fields=True):
    complaint_ids: list[int]


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
    order_id: int
    officer_name: str = ""
    officer_account_id: int | None = None
    working_days: int | None = None  # default: the tenant's config.voice.resolution_working_days
    opened_on: dt.date | None = None  # default: today (Asia/Shanghai)


class AssignIn(msgspec.Struct, forbid_unknown_fields=True):
    officer_name: str
    officer_account_id: int | None = None


class ResolveIn(msgspec.Struct, forbid_unknown_fields=True):
    resolution: str
    outcome: str
    recovered_yuan: Decimal | None = None  # wages recovered, yuan at the edge
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


# --- helpers --------------------------------------------------------------------


def _ref(prefix: str, year: int, key: int) -> str:
    return f"{prefix}{year}-{key:05d}"


def _is_admin(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def yuan_to_fen(value: Decimal) -> int:
    fen = value * 100
    if fen != fen.to_integral_value():
        raise invalid("recovered_yuan", "has more than two decimals")
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


async def _scope_orgs(actor: Actor) -> list[int] | None:
    """The org ids an actor's view is limited to; None means the whole tenant."""
    if actor.role is Role.org_officer:
        if actor.org_id is None:
            return []
        return await orgs.subtree_ids(actor.org_id)
    return None


async def resolution_working_days(tenant: str | None = None) -> int:
    """The tenant's `config.voice.resolution_working_days` (7-10; 7 when unset)."""
    slug = tenant or current_tenant()
    if slug is None:
        return DEFAULT_DAYS
    config = (await platform.get_tenant(slug)).config or {}
    days = (config.get("voice") or {}).get("resolution_working_days", DEFAULT_DAYS)
    try:
        days = int(days)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return min(max(days, MIN_DAYS), MAX_DAYS)


_COMPLAINT_COLUMNS = (
    Complaint.id,
    Complaint.ref,
    Complaint.category,
    Complaint.text,
    Complaint.anonymous,
    Complaint.channel,
    Complaint.status,
    Complaint.org_id,
    Complaint.member_id,
    Complaint.order,
    Complaint.answer,
    Complaint.outcome,
    Complaint.resolved_level,
    Complaint.created_at,
    Complaint.resolved_at,
    Complaint.rating,
    Complaint.rating_comment,
)


async def _complaints_out(rows: list[dict[str, Any]], actor: Actor) -> list[ComplaintOut]:
    reveal_all = _is_admin(actor)
    ids = sorted({r["member_id"] for r in rows if r["member_id"] is not None})
    members = await orgs.get_members(ids) if ids else {}
    out = []
    for r in rows:
        shown = r["member_id"] is not None and (
            reveal_all or not r["anonymous"] or (actor.member_id is not None and actor.member_id == r["member_id"])
        )
        member = members.get(r["member_id"]) if shown else None
        out.append(
            ComplaintOut(
                id=r["id"],
                ref=r["ref"],
                category=r["category"],
                text=r["text"],
                anonymous=r["anonymous"],
                channel=r["channel"],
                status=r["status"],
                org_id=r["org_id"],
                member_id=r["member_id"] if shown else None,
                member_name=member.name if member else None,
                order_id=r["order"],
                answer=r["answer"],
                outcome=r["outcome"],
                resolved_level=r["resolved_level"],
                created_at=r["created_at"],
                resolved_at=r["resolved_at"],
                rating=r["rating"],
                rating_comment=r["rating_comment"],
            )
        )
    return out


async def _steps(complaint_ids: list[int], status: str, note: str = "") -> None:
    if complaint_ids:
        await ComplaintStep.insert(*[ComplaintStep(complaint=c, status=status, note=note) for c in complaint_ids])


async def _notify_status(complaint_ids: list[int], kind: str, extra: dict[str, Any] | None = None) -> None:
    """One notice per complaint and status for each complaint with a known worker."""
    if not complaint_ids:
        return
    rows = await Complaint.select(Complaint.id, Complaint.ref, Complaint.member_id, Complaint.status).where(
        Complaint.id.is_in(complaint_ids) & Complaint.member_id.is_not_null()
    )
    notices = [
        Notice(
            key=f"c{r['id']}:{r['status']}",
            member_id=r["member_id"],
            kind=kind,
            params={"complaint_id": r["id"], "ref": r["ref"], "status": r["status"], **(extra or {})},
        )
        for r in rows
    ]
    if notices:
        await _insert_notices(notices)


async def _insert_notices(notices: list[Notice]) -> None:
    # A notice happens once: its key is unique; a repeat changes nothing.
    await Notice.insert(*notices).on_conflict(target=Notice.key, action="DO NOTHING")


# --- complaints -----------------------------------------------------------------


async def file_complaint(data: ComplaintIn, actor: Actor, *, channel: str | None = None) -> ComplaintOut:
    """A worker files a complaint (Telegram, API) or staff enter a paper one (TUI)."""
    errors: list[FieldError] = []
    text = (data.text or "").strip()
    if data.category not in CATEGORIES:
        errors.append(FieldError("category", f"must be one of {', '.join(CATEGORIES)}"))
    if not text:
        errors.append(FieldError("text", "must not be empty"))
    elif len(text) > MAX_TEXT:
        errors.append(FieldError("text", f"must be at most {MAX_TEXT} characters"))
    if actor.role is Role.worker:
        if actor.member_id is None:
            raise Forbidden("this worker account is not linked to a member record", code="worker_not_linked")
        if data.member_id not in (None, actor.member_id):
            errors.append(FieldError("member_id", "a worker files their own complaints only"))
        channel = channel or "api"
        member_id = actor.member_id
    else:
        channel = channel or data.channel or "tui"
        member_id = data.member_id
    if channel not in CHANNELS:
        errors.append(FieldError("channel", f"must be one of {', '.join(CHANNELS)}"))
    if errors:
        raise InvalidInput(errors)
    org_id = data.org_id
    if member_id is not None:
        try:
            member = await orgs.get_member(member_id)
        except NotFound:
            raise invalid("member_id", f"no member {member_id}") from None
        if org_id is None:
            org_id = member.org_id
        elif org_id != member.org_id and actor.role is Role.worker:
            raise invalid("org_id", "is not the worker's enterprise union")
    if org_id is None:
        raise invalid("org_id", "a paper complaint without a worker needs the enterprise union")
    try:
        await orgs.get_org(org_id)
    except NotFound:
        raise invalid("org_id", f"no org {org_id}") from None
    scope = await _scope_orgs(actor)
    if scope is not None and org_id not in scope:
        raise Forbidden("this org is outside your union's subtree", code="org_forbidden")
    # An unsigned paper complaint is anonymous by nature.
    anonymous = data.anonymous or member_id is None
    row = Complaint(
        member_id=member_id,
        org_id=org_id,
        category=data.category,
        text=text,
        anonymous=anonymous,
        channel=channel,
        status="submitted",
    )
    await row.save()
    ref = _ref("C", today().year, row.id)
    await Complaint.update({Complaint.ref: ref}).where(Complaint.id == row.id)
    await _steps([row.id], "submitted", channel)
    # The activity log must not tell who filed an anonymous complaint either.
    logged_as = Actor(account_id=None, name="anonymous", role=actor.role, tenant=actor.tenant) if anonymous else actor
    await core.record(
        "voice.complaint.filed", ref, {"category": data.category, "channel": channel, "anonymous": anonymous}, logged_as
    )
    return await get_complaint(row.id, actor)


async def _visible(query, actor: Actor):
    if actor.role is Role.worker:
        return query.where(Complaint.member_id == (actor.member_id if actor.member_id is not None else -1))
    scope = await _scope_orgs(actor)
    if scope is not None:
        query = query.where(Complaint.org_id.is_in(scope or [-1]))
    return query


async def get_complaint(complaint_id: int, actor: Actor, *, with_steps: bool = True) -> ComplaintOut:
    query = await _visible(Complaint.select(*_COMPLAINT_COLUMNS).where(Complaint.id == complaint_id), actor)
    row = await query.first()
    if row is None:
        raise NotFound("complaint", complaint_id)
    [out] = await _complaints_out([row], actor)
    if with_steps:
        steps = (
            await ComplaintStep.select(ComplaintStep.at, ComplaintStep.status, ComplaintStep.note)
            .where(ComplaintStep.complaint == complaint_id)
            .order_by(ComplaintStep.id)
        )
        out.steps = [StepOut(**s) for s in steps]
    return out


async def get_complaint_by_ref(ref: str, actor: Actor) -> ComplaintOut:
    row = await Complaint.select(Complaint.id).where(Complaint.ref == ref.strip().upper()).first()
    if row is None:
        raise NotFound("complaint", ref)
    return await get_complaint(row["id"], actor)


async def list_complaints(
    actor: Actor,
    *,
    status: str | None = None,
    category: str | None = None,
    org_id: int | None = None,
    order_id: int | None = None,
    unordered: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[ComplaintOut]:
    query = Complaint.select(*_COMPLAINT_COLUMNS)
    if status is not None:
        if status not in COMPLAINT_STATUSES:
            raise invalid("status", f"must be one of {', '.join(COMPLAINT_STATUSES)}")
        query = query.where(Complaint.status == status)
    if category is not None:
        if category not in CATEGORIES:
            raise invalid("category", f"must be one of {', '.join(CATEGORIES)}")
        query = query.where(Complaint.category == category)
    if org_id is not None:
        query = query.where(Complaint.org_id.is_in(await orgs.subtree_ids(org_id)))
    if order_id is not None:
        query = query.where(Complaint.order == order_id)
    if unordered:
        query = query.where(Complaint.order.is_null())
    query = await _visible(query, actor)
    rows, next_cursor = await keyset(query, Complaint.id, limit=limit, cursor=cursor, descending=True)
    return Page(items=await _complaints_out(rows, actor), next_cursor=next_cursor)


async def answer_complaint(complaint_id: int, data: AnswerIn, actor: Actor) -> ComplaintOut:
    """The enterprise union answers a complaint itself, without a demand order."""
    errors = []
    if not data.answer.strip():
        errors.append(FieldError("answer", "must not be empty"))
    if data.outcome not in OUTCOMES:
        errors.append(FieldError("outcome", f"must be one of {', '.join(OUTCOMES)}"))
    if errors:
        raise InvalidInput(errors)
    current = await get_complaint(complaint_id, actor, with_steps=False)
    if actor.role is Role.worker:
        raise Forbidden("a worker cannot answer complaints", code="role_forbidden")
    if current.status != "submitted":
        raise RuleViolation(
            f"complaint {current.ref} is {current.status}; only a submitted complaint is answered "
            "at the enterprise level",
            code="complaint_not_submitted",
        )
    updated = (
        await Complaint.update(
            {
                Complaint.status: "resolved",
                Complaint.answer: data.answer.strip(),
                Complaint.outcome: data.outcome,
                Complaint.resolved_level: "enterprise",
                Complaint.resolved_at: _now(),
            }
        )
        .where((Complaint.id == complaint_id) & (Complaint.status == "submitted"))
        .returning(Complaint.id)
    )
    if not updated:
        raise Conflict(f"complaint {current.ref} changed meanwhile", code="complaint_changed")
    await _steps([complaint_id], "resolved", "enterprise")
    await _notify_status([complaint_id], "resolved", {"resolution": data.answer.strip()})
    await core.record("voice.complaint.answered", current.ref, {"outcome": data.outcome}, actor)
    return await get_complaint(complaint_id, actor)


async def rate_complaint(complaint_id: int, data: RatingIn, actor: Actor) -> ComplaintOut:
    """The worker rates a resolved complaint's outcome, once."""
    if not 1 <= data.rating <= 5:
        raise invalid("rating", "must be 1 to 5")
    if actor.member_id is None:
        raise Forbidden("only the worker who filed the complaint may rate it", code="not_the_worker")
    row = (
        await Complaint.select(Complaint.ref, Complaint.member_id, Complaint.status, Complaint.rating)
        .where(Complaint.id == complaint_id)
        .first()
    )
    if row is None or row["member_id"] != actor.member_id:
        raise NotFound("complaint", complaint_id)
    if row["status"] != "resolved":
        raise RuleViolation(f"complaint {row['ref']} is not resolved yet", code="complaint_not_resolved")
    updated = (
        await Complaint.update(
            {
                Complaint.rating: data.rating,
                Complaint.rating_comment: data.comment.strip()[:1000],
                Complaint.rated_at: _now(),
            }
        )
        .where((Complaint.id == complaint_id) & Complaint.rating.is_null())
        .returning(Complaint.id)
    )
    if not updated:
        raise Conflict(f"complaint {row['ref']} is rated already", code="complaint_rated")
    await core.record("voice.complaint.rated", row["ref"], {"rating": data.rating}, actor)
    return await get_complaint(complaint_id, actor)


# --- demand orders --------------------------------------------------------------


async def _orders_out(rows: list[dict[str, Any]], actor: Actor, *, with_complaints: bool) -> list[OrderOut]:
    """Orders with their complaint counts and forms: three queries whatever the page size."""
    ids = [r["id"] for r in rows]
    counts: dict[int, int] = {}
    forms: dict[int, FormBrief] = {}
    if ids:
        for c in (
            await Complaint.select(Complaint.order, Count(Complaint.id, alias="n"))
            .where(Complaint.order.is_in(ids))
            .group_by(Complaint.order)
        ):
            counts[c["order"]] = c["n"]
        for f in await AcceptanceForm.select(
            AcceptanceForm.order,
            AcceptanceForm.id,
            AcceptanceForm.ref,
            AcceptanceForm.status,
            AcceptanceForm.due_on,
            AcceptanceForm.officer_name,
        ).where(AcceptanceForm.order.is_in(ids)):
            order_id = f.pop("order")
            forms[order_id] = FormBrief(**f)
    out = [
        OrderOut(
            id=r["id"],
            ref=r["ref"],
            org_id=r["org_id"],
            title=r["title"],
            summary=r["summary"],
            status=r["status"],
            created_by=r["created_by"],
            created_at=r["created_at"],
            resolved_at=r["resolved_at"],
            complaint_count=counts.get(r["id"], 0),
            form=forms.get(r["id"]),
        )
        for r in rows
    ]
    if with_complaints:
        for o in out:
            linked = await Complaint.select(*_COMPLAINT_COLUMNS).where(Complaint.order == o.id).order_by(Complaint.id)
            o.complaints = await _complaints_out(linked, actor)
    return out


async def _order_row(order_id: int, actor: Actor) -> dict[str, Any]:
    query = DemandOrder.select().where(DemandOrder.id == order_id)
    scope = await _scope_orgs(actor)
    if scope is not None:
        query = query.where(DemandOrder.org_id.is_in(scope or [-1]))
    row = await query.first()
    if row is None:
        raise NotFound("demand order", order_id, code="order_not_found")
    return row


async def _link(order_id: int, org_id: int, complaint_ids: list[int], actor: Actor) -> list[int]:
    ids = sorted(set(complaint_ids))
    if not ids:
        raise invalid("complaint_ids", "must list at least one complaint")
    subtree = set(await orgs.subtree_ids(org_id))
    rows = await (
        await _visible(
            Complaint.select(Complaint.id, Complaint.ref, Complaint.org_id, Complaint.status, Complaint.order).where(
                Complaint.id.is_in(ids)
            ),
            actor,
        )
    )
    found = {r["id"]: r for r in rows}
    errors = []
    for i, cid in enumerate(complaint_ids):
        r = found.get(cid)
        if r is None:
            errors.append(FieldError(f"complaint_ids[{i}]", f"no complaint {cid}"))
        elif r["org_id"] not in subtree:
            errors.append(FieldError(f"complaint_ids[{i}]", f"{r['ref']} is not from this enterprise union"))
        elif r["order"] is not None and r["order"] != order_id:
            errors.append(FieldError(f"complaint_ids[{i}]", f"{r['ref']} is in another demand order already"))
        elif r["status"] != "submitted" and r["order"] != order_id:
            errors.append(FieldError(f"complaint_ids[{i}]", f"{r['ref']} is {r['status']}"))
    if errors:
        raise InvalidInput(errors)
    new = [cid for cid in ids if found[cid]["order"] is None]
    order_status = await DemandOrder.select(DemandOrder.status).where(DemandOrder.id == order_id).first()
    status = "accepted" if order_status["status"] == "accepted" else "ordered"
    linked = (
        await Complaint.update({Complaint.order: order_id, Complaint.status: status})
        .where(Complaint.id.is_in(new or [-1]) & Complaint.order.is_null() & (Complaint.status == "submitted"))
        .returning(Complaint.id)
    )
    if len(linked) != len(new):
        raise Conflict("some complaints changed meanwhile; try again", code="complaint_changed")
    await _steps(new, status)
    await _notify_status(new, "status")
    return new


async def create_order(data: OrderIn, actor: Actor) -> OrderOut:
    """The enterprise union folds complaints into a demand order for the federation."""
    if actor.role is Role.worker or actor.role is Role.auditor:
        raise Forbidden("only the union may file a demand order", code="role_forbidden")
    errors = []
    if not data.title.strip():
        errors.append(FieldError("title", "must not be empty"))
    if not data.complaint_ids:
        errors.append(FieldError("complaint_ids", "must list at least one complaint"))
    if errors:
        raise InvalidInput(errors)
    org_id = data.org_id if data.org_id is not None else actor.org_id
    if org_id is None:
        first = await Complaint.select(Complaint.org_id).where(Complaint.id == data.complaint_ids[0]).first()
        if first is None:
            raise invalid("complaint_ids[0]", f"no complaint {data.complaint_ids[0]}")
        org_id = first["org_id"]
    try:
        await orgs.get_org(org_id)
    except NotFound:
        raise invalid("org_id", f"no org {org_id}") from None
    scope = await _scope_orgs(actor)
    if scope is not None and org_id not in scope:
        raise Forbidden("this org is outside your union's subtree", code="org_forbidden")
    order = DemandOrder(
        org_id=org_id, title=data.title.strip()[:200], summary=data.summary.strip(), created_by=actor.name
    )
    await order.save()
    ref = _ref("D", today().year, order.id)
    await DemandOrder.update({DemandOrder.ref: ref}).where(DemandOrder.id == order.id)
    await _link(order.id, org_id, data.complaint_ids, actor)
    await core.record("voice.order.created", ref, {"complaints": len(set(data.complaint_ids))}, actor)
    return await get_order(order.id, actor)


async def add_to_order(order_id: int, data: LinkIn, actor: Actor) -> OrderOut:
    row = await _order_row(order_id, actor)
    if row["status"] == "resolved":
        raise RuleViolation(f"demand order {row['ref']} is resolved", code="order_resolved")
    added = await _link(order_id, row["org_id"], data.complaint_ids, actor)
    await core.record("voice.order.linked", row["ref"], {"added": added}, actor)
    return await get_order(order_id, actor)


async def get_order(order_id: int, actor: Actor) -> OrderOut:
    [out] = await _orders_out([await _order_row(order_id, actor)], actor, with_complaints=True)
    return out


async def list_orders(
    actor: Actor, *, status: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[OrderOut]:
    query = DemandOrder.select()
    if status is not None:
        if status not in ORDER_STATUSES:
            raise invalid("status", f"must be one of {', '.join(ORDER_STATUSES)}")
        query = query.where(DemandOrder.status == status)
    scope = await _scope_orgs(actor)
    if scope is not None:
        query = query.where(DemandOrder.org_id.is_in(scope or [-1]))
    rows, next_cursor = await keyset(query, DemandOrder.id, limit=limit, cursor=cursor, descending=True)
    return Page(items=await _orders_out(rows, actor, with_complaints=False), next_cursor=next_cursor)


# --- acceptance forms -----------------------------------------------------------

_FORM_COLUMNS = (
    AcceptanceForm.id,
    AcceptanceForm.ref,
    AcceptanceForm.order,
    AcceptanceForm.order.ref,
    AcceptanceForm.order.title,
    AcceptanceForm.order.org_id,
    AcceptanceForm.officer_name,
    AcceptanceForm.officer_account_id,
    AcceptanceForm.opened_on,
    AcceptanceForm.working_days,
    AcceptanceForm.due_on,
    AcceptanceForm.provisional,
    AcceptanceForm.status,
    AcceptanceForm.resolved_on,
    AcceptanceForm.resolution,
    AcceptanceForm.outcome,
    AcceptanceForm.recovered_fen,
)


async def _forms_out(
    rows: list[dict[str, Any]], cal: WorkCalendar | None = None, on: dt.date | None = None
) -> list[FormOut]:
    cal = cal or await workcal.calendar()
    on = on or today()
    order_ids = [r["order"] for r in rows]
    counts: dict[int, int] = {}
    if order_ids:
        for c in (
            await Complaint.select(Complaint.order, Count(Complaint.id, alias="n"))
            .where(Complaint.order.is_in(order_ids))
            .group_by(Complaint.order)
        ):
            counts[c["order"]] = c["n"]
    out = []
    for r in rows:
        open_ = r["status"] == "open"
        left = cal.working_days_left(r["due_on"], on) if open_ else None
        warning = None
        if r["provisional"]:
            warning = workcal.provisional_warning(cal.unknown_years(r["opened_on"], r["due_on"]) or [r["due_on"].year])
        out.append(
            FormOut(
                id=r["id"],
                ref=r["ref"],
                order_id=r["order"],
                order_ref=r["order.ref"],
                order_title=r["order.title"],
                org_id=r["order.org_id"],
                officer_name=r["officer_name"],
                officer_account_id=r["officer_account_id"],
                opened_on=r["opened_on"],
                working_days=r["working_days"],
                due_on=r["due_on"],
                provisional=r["provisional"],
                status=r["status"],
                resolved_on=r["resolved_on"],
                resolution=r["resolution"],
                outcome=r["outcome"],
                recovered_fen=r["recovered_fen"],
                recovered_yuan=fen_to_yuan(r["recovered_fen"]),
                working_days_left=left,
                overdue=(open_ and on > r["due_on"])
                or (not open_ and r["resolved_on"] is not None and r["resolved_on"] > r["due_on"]),
                complaint_count=counts.get(r["order"], 0),
                warning=warning,
            )
        )
    return out


async def get_form(form_id: int, actor: Actor = SYSTEM, *, on: dt.date | None = None) -> FormOut:
    query = AcceptanceForm.select(*_FORM_COLUMNS).where(AcceptanceForm.id == form_id)
    scope = await _scope_orgs(actor)
    if scope is not None:
        query = query.where(AcceptanceForm.order.org_id.is_in(scope or [-1]))
    row = await query.first()
    if row is None:
        raise NotFound("acceptance form", form_id, code="form_not_found")
    [out] = await _forms_out([row], on=on)
    return out


async def open_form(data: FormIn, actor: Actor) -> FormOut:
    """The federation accepts a demand order: a form with an officer and a working-day deadline."""
    errors = []
    days = data.working_days if data.working_days is not None else await resolution_working_days()
    if not MIN_DAYS <= days <= MAX_DAYS:
        errors.append(FieldError("working_days", f"must be {MIN_DAYS} to {MAX_DAYS} working days"))
    if errors:
        raise InvalidInput(errors)
    order = await DemandOrder.select().where(DemandOrder.id == data.order_id).first()
    if order is None:
        raise invalid("order_id", f"no demand order {data.order_id}")
    if order["status"] != "submitted":
        raise Conflict(f"demand order {order['ref']} is {order['status']} already", code="order_taken")
    opened_on = data.opened_on or today()
    cal = await workcal.calendar()
    deadline = cal.add_working_days(opened_on, days)
    form = AcceptanceForm(
        order=data.order_id,
        officer_name=data.officer_name.strip()[:200],
        officer_account_id=data.officer_account_id,
        opened_on=opened_on,
        working_days=days,
        due_on=deadline.due,
        provisional=deadline.provisional,
        opened_by=actor.name,
    )
    taken = (
        await DemandOrder.update({DemandOrder.status: "accepted"})
        .where((DemandOrder.id == data.order_id) & (DemandOrder.status == "submitted"))
        .returning(DemandOrder.id)
    )
    if not taken:
        raise Conflict(f"demand order {order['ref']} was taken meanwhile", code="order_taken")
    await form.save()  # the unique order column refuses a second form for the same order
    ref = _ref("F", opened_on.year, form.id)
    await AcceptanceForm.update({AcceptanceForm.ref: ref}).where(AcceptanceForm.id == form.id)
    moved = (
        await Complaint.update({Complaint.status: "accepted"})
        .where((Complaint.order == data.order_id) & (Complaint.status == "ordered"))
        .returning(Complaint.id)
    )
    ids = [m["id"] for m in moved]
    await _steps(ids, "accepted", ref)
    await _notify_status(ids, "status", {"due_on": deadline.due.isoformat()})
    await core.record(
        "voice.form.opened",
        ref,
        {"order": order["ref"], "due_on": deadline.due.isoformat(), "provisional": deadline.provisional},
        actor,
    )
    return await get_form(form.id, actor)


async def assign_officer(form_id: int, data: AssignIn, actor: Actor) -> FormOut:
    if not data.officer_name.strip():
        raise invalid("officer_name", "must not be empty")
    form = await get_form(form_id, actor)
    if form.status != "open":
        raise RuleViolation(f"acceptance form {form.ref} is resolved", code="form_resolved")
    await AcceptanceForm.update(
        {
            AcceptanceForm.officer_name: data.officer_name.strip()[:200],
            AcceptanceForm.officer_account_id: data.officer_account_id,
        }
    ).where(AcceptanceForm.id == form_id)
    await core.record("voice.form.assigned", form.ref, {"officer": data.officer_name.strip()}, actor)
    return await get_form(form_id, actor)


async def resolve_form(form_id: int, data: ResolveIn, actor: Actor) -> FormOut:
    """Resolving a form resolves its order and every linked complaint; each worker is told."""
    errors = []
    if not data.resolution.strip():
        errors.append(FieldError("resolution", "must not be empty"))
    if data.outcome not in OUTCOMES:
        errors.append(FieldError("outcome", f"must be one of {', '.join(OUTCOMES)}"))
    recovered = 0
    if data.recovered_yuan is not None:
        if data.recovered_yuan < 0:
            errors.append(FieldError("recovered_yuan", "must not be negative"))
        else:
            try:
                recovered = yuan_to_fen(data.recovered_yuan)
            except InvalidInput as exc:
                errors.extend(exc.errors)
    if errors:
        raise InvalidInput(errors)
    form = await get_form(form_id, actor)
    if not _is_admin(actor) and not (actor.account_id is not None and actor.account_id == form.officer_account_id):
        raise Forbidden("only the assigned officer or the federation's admin resolves a form", code="not_the_officer")
    resolved_on = data.resolved_on or today()
    if resolved_on < form.opened_on:
        raise invalid("resolved_on", "is before the form was opened")
    done = (
        await AcceptanceForm.update(
            {
                AcceptanceForm.status: "resolved",
                AcceptanceForm.resolved_on: resolved_on,
                AcceptanceForm.resolution: data.resolution.strip(),
                AcceptanceForm.outcome: data.outcome,
                AcceptanceForm.recovered_fen: recovered,
            }
        )
        .where((AcceptanceForm.id == form_id) & (AcceptanceForm.status == "open"))
        .returning(AcceptanceForm.id)
    )
    if not done:
        raise Conflict(f"acceptance form {form.ref} is resolved already", code="form_resolved")
    now = _now()
    await DemandOrder.update({DemandOrder.status: "resolved", DemandOrder.resolved_at: now}).where(
        DemandOrder.id == form.order_id
    )
    moved = (
        await Complaint.update(
            {
                Complaint.status: "resolved",
                Complaint.answer: data.resolution.strip(),
                Complaint.outcome: data.outcome,
                Complaint.resolved_level: "federation",
                Complaint.resolved_at: now,
            }
        )
        .where((Complaint.order == form.order_id) & (Complaint.status != "resolved"))
        .returning(Complaint.id)
    )
    ids = [m["id"] for m in moved]
    await _steps(ids, "resolved", form.ref)
    await _notify_status(ids, "resolved", {"resolution": data.resolution.strip()})
    await core.record(
        "voice.form.resolved",
        form.ref,
        {"outcome": data.outcome, "recovered_fen": recovered, "complaints": len(ids)},
        actor,
    )
    return await get_form(form_id, actor)


async def list_forms(
    actor: Actor, *, status: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[FormOut]:
    query = AcceptanceForm.select(*_FORM_COLUMNS)
    if status is not None:
        if status not in FORM_STATUSES:
            raise invalid("status", f"must be one of {', '.join(FORM_STATUSES)}")
        query = query.where(AcceptanceForm.status == status)
    scope = await _scope_orgs(actor)
    if scope is not None:
        query = query.where(AcceptanceForm.order.org_id.is_in(scope or [-1]))
    rows, next_cursor = await keyset(query, AcceptanceForm.id, limit=limit, cursor=cursor, descending=True)
    return Page(items=await _forms_out(rows), next_cursor=next_cursor)


async def form_queue(actor: Actor, *, mine: bool = False, on: dt.date | None = None) -> list[FormOut]:
    """Open acceptance forms, nearest deadline first, with working days left (the TUI's queue)."""
    query = AcceptanceForm.select(*_FORM_COLUMNS).where(AcceptanceForm.status == "open")
    if mine:
        query = query.where(AcceptanceForm.officer_account_id == (actor.account_id or -1))
    scope = await _scope_orgs(actor)
    if scope is not None:
        query = query.where(AcceptanceForm.order.org_id.is_in(scope or [-1]))
    rows = await query.order_by(AcceptanceForm.due_on).order_by(AcceptanceForm.id)
    return await _forms_out(rows, on=on)


async def recompute_provisional(year: int, cal: WorkCalendar) -> int:
    """A holiday schedule was loaded: recompute every provisional deadline (they are
    few: only forms whose count reaches past the package's last year)."""
    rows = await AcceptanceForm.select(
        AcceptanceForm.id, AcceptanceForm.opened_on, AcceptanceForm.working_days, AcceptanceForm.due_on
    ).where(AcceptanceForm.provisional.eq(True))
    for r in rows:
        d = cal.add_working_days(r["opened_on"], r["working_days"])
        await AcceptanceForm.update({AcceptanceForm.due_on: d.due, AcceptanceForm.provisional: d.provisional}).where(
            AcceptanceForm.id == r["id"]
        )
    return len(rows)


workcal.on_schedule_loaded("voice", recompute_provisional)


# --- deadlines: reminders and escalation ----------------------------------------


async def check_deadlines(on: dt.date | None = None, *, remind_within: int = 2) -> dict[str, int]:
    """Raise a reminder when an open form is `remind_within` working days from its
    deadline, and an overdue escalation to the tenant admin once it is past; each once."""
    on = on or today()
    cal = await workcal.calendar()
    rows = await AcceptanceForm.select(
        AcceptanceForm.id,
        AcceptanceForm.ref,
        AcceptanceForm.due_on,
        AcceptanceForm.officer_name,
        AcceptanceForm.officer_account_id,
    ).where(AcceptanceForm.status == "open")
    alerts = []
    for r in rows:
        left = cal.working_days_left(r["due_on"], on)
        detail = {
            "ref": r["ref"],
            "due_on": r["due_on"].isoformat(),
            "working_days_left": left,
            "officer": r["officer_name"],
            "officer_account_id": r["officer_account_id"],
        }
        if on > r["due_on"]:
            alerts.append(
                FormAlert(key=f"{r['id']}:overdue", form=r["id"], kind="overdue", raised_on=on, detail=detail)
            )
        elif left <= remind_within:
            alerts.append(
                FormAlert(key=f"{r['id']}:reminder", form=r["id"], kind="reminder", raised_on=on, detail=detail)
            )
    raised = []
    if alerts:
        raised = (
            await FormAlert.insert(*alerts)
            .on_conflict(target=FormAlert.key, action="DO NOTHING")
            .returning(FormAlert.kind, FormAlert.detail)
        )
    counts = {"reminder": 0, "overdue": 0}
    entries = []
    for a in raised:
        counts[a["kind"]] += 1
        detail = a["detail"] if isinstance(a["detail"], dict) else msgspec.json.decode(a["detail"])
        entries.append((f"voice.form.{a['kind']}", detail.get("ref", ""), detail))
    # The activity log is where the tenant admin sees escalations (and the alerts list).
    await core.record_many(entries)
    return counts


async def list_alerts(*, kind: str | None = None) -> list[AlertOut]:
    query = (
        FormAlert.select(FormAlert.form, FormAlert.form.ref, FormAlert.kind, FormAlert.raised_on, FormAlert.detail)
        .order_by(FormAlert.id, ascending=False)
        .output(load_json=True)
    )
    if kind is not None:
        query = query.where(FormAlert.kind == kind)
    return [
        AlertOut(
            form_id=r["form"], form_ref=r["form.ref"], kind=r["kind"], raised_on=r["raised_on"], detail=r["detail"]
        )
        for r in await query
    ]


# --- notices (the bot delivers them) --------------------------------------------


async def notify_payment(member_id: int, amount_fen: int, title: str, key: str) -> None:
    """A payment reached a worker (welfare calls this when voice is on); told once per key."""
    await _insert_notices(
        [
            Notice(
                key=f"pay:{key}"[:120],
                member_id=member_id,
                kind="payment",
                params={"amount_fen": amount_fen, "title": title},
            )
        ]
    )


PAYMENT_WINDOW = dt.timedelta(hours=1)


async def collect_payments(member_ids: list[int], *, since: dt.datetime | None = None) -> int:
    """Turn welfare payouts recently paid to these (linked) members into payment notices;
    the notice key (the payout) makes each one happen once however often this runs."""
    from server.modules.welfare import disbursement

    paid = await disbursement.paid_to_members(member_ids, since=since or _now() - PAYMENT_WINDOW)
    if paid:
        await _insert_notices(
            [
                Notice(
                    key=f"pay:payout:{p.payout_id}",
                    member_id=p.member_id,
                    kind="payment",
                    params={"amount_fen": p.amount_fen, "title": p.title},
                )
                for p in paid
            ]
        )
    return len(paid)


class NoticeOut(msgspec.Struct):
    id: int
    member_id: int
    kind: str
    params: dict[str, Any]
    created_at: dt.datetime
    delivered_at: dt.datetime | None


async def claim_notices(member_ids: list[int], *, limit: int = 200) -> list[NoticeOut]:
    """Undelivered notices of these members, locked and marked delivered in the caller's transaction."""
    if not member_ids:
        return []
    rows = await Notice.raw(
        "SELECT id, member_id, kind, params, created_at, delivered_at FROM voice_notice "
        "WHERE delivered_at IS NULL AND member_id = ANY({}) ORDER BY id LIMIT {} FOR UPDATE SKIP LOCKED",
        member_ids,
        limit,
    )
    if rows:
        await Notice.update({Notice.delivered_at: _now()}).where(Notice.id.is_in([r["id"] for r in rows]))
    return [
        NoticeOut(
            id=r["id"],
            member_id=r["member_id"],
            kind=r["kind"],
            params=r["params"] if isinstance(r["params"], dict) else msgspec.json.decode(r["params"]),
            created_at=r["created_at"],
            delivered_at=r["delivered_at"],
        )
        for r in rows
    ]


async def pending_notice_members() -> list[int]:
    rows = await Notice.select(Notice.member_id).where(Notice.delivered_at.is_null()).distinct()
    return [r["member_id"] for r in rows]


async def mark_notices_delivered(member_id: int) -> int:
    """Old notices of a worker who just linked their account are not replayed."""
    rows = (
        await Notice.update({Notice.delivered_at: _now()})
        .where((Notice.member_id == member_id) & Notice.delivered_at.is_null())
        .returning(Notice.id)
    )
    return len(rows)


async def my_notices(actor: Actor, *, limit: int = 50) -> list[NoticeOut]:
    if actor.member_id is None:
        return []
    rows = (
        await Notice.select()
        .where(Notice.member_id == actor.member_id)
        .order_by(Notice.id, ascending=False)
        .limit(min(max(limit, 1), 500))
        .output(load_json=True)
    )
    return [
        NoticeOut(**{k: r[k] for k in ("id", "member_id", "kind", "params", "created_at", "delivered_at")})
        for r in rows
    ]


# --- statistics and the report --------------------------------------------------


def _span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = dt.timezone(dt.timedelta(hours=8))
    return (dt.datetime.combine(start, dt.time(), tz), dt.datetime.combine(end, dt.time(), tz))


async def _figures(start: dt.date, end: dt.date, org_ids: list[int] | None) -> dict[str, Any]:
    """Everything the statistics and the report show, for [start, end), from the records."""
    t0, t1 = _span(start, end)
    complaints = Complaint.select(
        Complaint.category, Complaint.channel, Complaint.status, Count(Complaint.id, alias="n")
    ).where((Complaint.created_at >= t0) & (Complaint.created_at < t1))
    orders = DemandOrder.count().where((DemandOrder.created_at >= t0) & (DemandOrder.created_at < t1))
    forms_opened = AcceptanceForm.count().where((AcceptanceForm.opened_on >= start) & (AcceptanceForm.opened_on < end))
    resolved_forms = AcceptanceForm.select(
        AcceptanceForm.id,
        AcceptanceForm.order,
        AcceptanceForm.opened_on,
        AcceptanceForm.due_on,
        AcceptanceForm.resolved_on,
        AcceptanceForm.outcome,
        AcceptanceForm.recovered_fen,
    ).where((AcceptanceForm.resolved_on >= start) & (AcceptanceForm.resolved_on < end))
    outcomes = Complaint.select(Complaint.outcome, Count(Complaint.id, alias="n")).where(
        (Complaint.resolved_at >= t0) & (Complaint.resolved_at < t1) & (Complaint.status == "resolved")
    )
    ratings = Complaint.select(Complaint.rating).where(
        (Complaint.rated_at >= t0) & (Complaint.rated_at < t1) & Complaint.rating.is_not_null()
    )
    if org_ids is not None:
        complaints = complaints.where(Complaint.org_id.is_in(org_ids or [-1]))
        orders = orders.where(DemandOrder.org_id.is_in(org_ids or [-1]))
        forms_opened = forms_opened.where(AcceptanceForm.order.org_id.is_in(org_ids or [-1]))
        resolved_forms = resolved_forms.where(AcceptanceForm.order.org_id.is_in(org_ids or [-1]))
        outcomes = outcomes.where(Complaint.org_id.is_in(org_ids or [-1]))
        ratings = ratings.where(Complaint.org_id.is_in(org_ids or [-1]))
    by_category = {c: 0 for c in CATEGORIES}
    by_channel = {c: 0 for c in CHANNELS}
    by_status = {s: 0 for s in COMPLAINT_STATUSES}
    total = 0
    for r in await complaints.group_by(Complaint.category, Complaint.channel, Complaint.status):
        total += r["n"]
        by_category[r["category"]] = by_category.get(r["category"], 0) + r["n"]
        by_channel[r["channel"]] = by_channel.get(r["channel"], 0) + r["n"]
        by_status[r["status"]] = by_status.get(r["status"], 0) + r["n"]
    by_outcome = {r["outcome"]: r["n"] for r in await outcomes.group_by(Complaint.outcome)}
    forms = await resolved_forms
    cal = await workcal.calendar()
    days = [cal.working_days_between(f["opened_on"], f["resolved_on"]).days for f in forms]
    on_time = sum(1 for f in forms if f["resolved_on"] <= f["due_on"])
    arrears = [f for f in forms if f["outcome"] == "wage_arrears_recovered"]
    workers = 0
    if arrears:
        linked = await Complaint.select(Complaint.id, Complaint.member_id).where(
            Complaint.order.is_in([f["order"] for f in arrears])
        )
        workers = len({("m", r["member_id"]) if r["member_id"] is not None else ("c", r["id"]) for r in linked})
    rated = [r["rating"] for r in await ratings]
    return {
        "complaints": total,
        "by_category": by_category,
        "by_channel": by_channel,
        "by_status": by_status,
        "demand_orders": await orders,
        "acceptance_forms": await forms_opened,
        "forms_resolved": len(forms),
        "by_outcome": by_outcome,
        "wage_arrears_cases": len(arrears),
        "wage_arrears_workers": workers,
        "wage_arrears_recovered_fen": sum(f["recovered_fen"] for f in arrears),
        "on_time_rate": round(on_time / len(forms), 4) if forms else 0.0,
        "median_working_days": float(statistics.median(days)) if days else 0.0,
        "average_working_days": round(statistics.fmean(days), 2) if days else 0.0,
        "ratings": len(rated),
        "average_rating": round(statistics.fmean(rated), 2) if rated else 0.0,
    }


async def statistics_for(actor: Actor, *, start: dt.date, end: dt.date, on: dt.date | None = None) -> Statistics:
    if end <= start:
        raise invalid("end", "must be after start")
    on = on or today()
    scope = await _scope_orgs(actor)
    f = await _figures(start, end, scope)
    open_forms = AcceptanceForm.select(AcceptanceForm.due_on).where(AcceptanceForm.status == "open")
    if scope is not None:
        open_forms = open_forms.where(AcceptanceForm.order.org_id.is_in(scope or [-1]))
    open_rows = await open_forms
    return Statistics(
        complaints=f["complaints"],
        by_category=f["by_category"],
        by_channel=f["by_channel"],
        by_status=f["by_status"],
        demand_orders=f["demand_orders"],
        acceptance_forms=f["acceptance_forms"],
        open_forms=len(open_rows),
        overdue_forms=sum(1 for r in open_rows if r["due_on"] < on),
        on_time_rate=f["on_time_rate"],
        median_working_days=f["median_working_days"],
        average_working_days=f["average_working_days"],
        ratings=f["ratings"],
        average_rating=f["average_rating"],
    )


async def report(query: ReportQuery) -> Figures:
    """The year's figures (`saishang report voice`), computed from the records."""
    org_ids = await orgs.subtree_ids(query.org) if query.org is not None else None
    f = await _figures(dt.date(query.year, 1, 1), dt.date(query.year + 1, 1, 1), org_ids)
    figures: Figures = {
        "complaints": f["complaints"],
        "demand_orders": f["demand_orders"],
        "acceptance_forms": f["acceptance_forms"],
        "disputes_mediated": f["by_outcome"].get("dispute_mediated", 0),
        "difficulties_solved": f["by_outcome"].get("difficulty_solved", 0),
        "wage_arrears_cases": f["wage_arrears_cases"],
        "wage_arrears_workers": f["wage_arrears_workers"],
        "wage_arrears_recovered_fen": f["wage_arrears_recovered_fen"],
        "on_time_rate": f["on_time_rate"],
        "median_working_days": f["median_working_days"],
        "average_working_days": f["average_working_days"],
        "ratings": f["ratings"],
        "average_rating": f["average_rating"],
    }
    for name, n in f["by_category"].items():
        figures[f"complaints_{name}"] = n
    for name, n in f["by_channel"].items():
        figures[f"complaints_via_{name}"] = n
    return figures
