"""Enterprise demand orders (企业服务需求订单): the enterprise union folds related complaints
into one order for the city federation; a complaint is in one order at most."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server import messages as shared
from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.workdays import today
from server.modules.core import service as core
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.voice import messages as m
from server.modules.voice.service.common import (
    COMPLAINT_SELECT,
    Filters,
    add_steps,
    complaint_counts,
    complaints_out,
    make_ref,
    notify_status,
    visible_complaints,
    visible_orgs,
)
from server.modules.voice.service.shapes import ORDER_STATUSES, FormBrief, LinkIn, OrderIn, OrderOut
from server.platform.roles import Actor, Role

ORDER_SELECT = """SELECT o.id, o.ref, o.org_id, o.title, o.summary, o.status, o.created_by, o.created_at,
       o.resolved_at
  FROM demand_order o"""


async def _orders_out(rows: list[Mapping[str, Any]], actor: Actor, *, with_complaints: bool) -> list[OrderOut]:
    """Orders with their complaint counts and forms: three queries whatever the page size."""
    ids = [r["id"] for r in rows]
    counts = await complaint_counts(ids)
    forms: dict[int, FormBrief] = {}
    if ids:
        for f in await conn().fetch(
            """SELECT "order", id, ref, status, due_on, officer_name FROM acceptance_form
                WHERE "order" = ANY($1::int[])""",
            ids,
        ):
            forms[f["order"]] = FormBrief(
                id=f["id"], ref=f["ref"], status=f["status"], due_on=f["due_on"], officer_name=f["officer_name"]
            )
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
    if with_complaints and ids:
        linked = await conn().fetch(f'{COMPLAINT_SELECT} WHERE c."order" = ANY($1::int[]) ORDER BY c.id', ids)
        for o in out:
            o.complaints = await complaints_out([c for c in linked if c["order_id"] == o.id], actor)
    return out


async def _order_row(order_id: int, actor: Actor) -> Mapping[str, Any]:
    """An order to read: one outside the actor's subtree is not found."""
    filters = Filters()
    filters.add("o.id = ?", order_id)
    await visible_orgs(actor, filters, "o.org_id")
    row = await conn().fetchrow(ORDER_SELECT + filters.where(), *filters.args)
    if row is None:
        raise NotFound(m.ORDER_NOT_FOUND, key=order_id)
    return row


async def _order_to_change(order_id: int, actor: Actor) -> Mapping[str, Any]:
    """An order to change: outside the actor's subtree is `outside_subtree`."""
    row = await conn().fetchrow(f"{ORDER_SELECT} WHERE o.id = $1", order_id)
    if row is None:
        raise NotFound(m.ORDER_NOT_FOUND, key=order_id)
    await access.check_org_visible(actor, row["org_id"])
    return row


async def _link(order_id: int, org_id: int, complaint_ids: list[int], actor: Actor) -> list[int]:
    ids = sorted(set(complaint_ids))
    if not ids:
        raise invalid("complaint_ids", m.AT_LEAST_ONE_COMPLAINT)
    subtree = set(await orgs.subtree_ids(org_id))
    filters = Filters()
    filters.add("c.id = ANY(?::int[])", ids)
    await visible_complaints(actor, filters)  # one the actor may not see is "no complaint"
    rows = await conn().fetch(
        'SELECT c.id, c.ref, c.org_id, c.status, c."order" AS order_id FROM complaint c' + filters.where(),
        *filters.args,
    )
    found = {r["id"]: r for r in rows}
    errors = []
    for i, cid in enumerate(complaint_ids):
        r = found.get(cid)
        field = f"complaint_ids[{i}]"
        if r is None:
            errors.append(FieldError(field, m.NO_COMPLAINT, complaint=cid))
        elif r["org_id"] not in subtree:
            errors.append(FieldError(field, m.NOT_FROM_THIS_UNION, ref=r["ref"]))
        elif r["order_id"] is not None and r["order_id"] != order_id:
            errors.append(FieldError(field, m.IN_ANOTHER_ORDER, ref=r["ref"]))
        elif r["status"] != "submitted" and r["order_id"] != order_id:
            errors.append(FieldError(field, m.COMPLAINT_IN_STATUS, ref=r["ref"], status=r["status"]))
    if errors:
        raise InvalidInput(errors)
    new = [cid for cid in ids if found[cid]["order_id"] is None]
    order_status = await conn().fetchval("SELECT status FROM demand_order WHERE id = $1", order_id)
    status = "accepted" if order_status == "accepted" else "ordered"
    linked = await conn().fetch(
        """UPDATE complaint SET "order" = $1, status = $2
            WHERE id = ANY($3::int[]) AND "order" IS NULL AND status = 'submitted' RETURNING id""",
        order_id,
        status,
        new,
    )
    if len(linked) != len(new):
        raise Conflict(m.COMPLAINTS_CHANGED, code="complaint_changed")
    await add_steps(new, status)
    await notify_status(new, "status")
    return new


async def create_order(data: OrderIn, actor: Actor) -> OrderOut:
    """The enterprise union folds complaints into a demand order for the federation."""
    if actor.role is Role.worker or actor.role is Role.auditor:
        raise Forbidden(m.ONLY_UNION_ORDERS, code="role_forbidden")
    errors = []
    if not data.title.strip():
        errors.append(FieldError("title", shared.EMPTY))
    if not data.complaint_ids:
        errors.append(FieldError("complaint_ids", m.AT_LEAST_ONE_COMPLAINT))
    if errors:
        raise InvalidInput(errors)
    org_id = data.org_id if data.org_id is not None else actor.org_id
    if org_id is None:
        org_id = await conn().fetchval("SELECT org_id FROM complaint WHERE id = $1", data.complaint_ids[0])
        if org_id is None:
            raise invalid("complaint_ids[0]", m.NO_COMPLAINT, complaint=data.complaint_ids[0])
    try:
        await orgs.get_org(org_id)
    except NotFound:
        raise invalid("org_id", m.NO_ORG, org=org_id) from None
    await access.check_org_visible(actor, org_id)
    order_id = await conn().fetchval(
        "INSERT INTO demand_order (org_id, title, summary, created_by) VALUES ($1, $2, $3, $4) RETURNING id",
        org_id,
        data.title.strip()[:200],
        data.summary.strip(),
        actor.name,
    )
    order_ref = make_ref("D", today().year, order_id)
    await conn().execute("UPDATE demand_order SET ref = $2 WHERE id = $1", order_id, order_ref)
    await _link(order_id, org_id, data.complaint_ids, actor)
    await core.record("voice.order.created", order_ref, {"complaints": len(set(data.complaint_ids))}, actor)
    return await get_order(order_id, actor)


async def add_to_order(order_id: int, data: LinkIn, actor: Actor) -> OrderOut:
    row = await _order_to_change(order_id, actor)
    if row["status"] == "resolved":
        raise RuleViolation(m.ORDER_RESOLVED, ref=row["ref"])
    added = await _link(order_id, row["org_id"], data.complaint_ids, actor)
    await core.record("voice.order.linked", row["ref"], {"added": added}, actor)
    return await get_order(order_id, actor)


async def get_order(order_id: int, actor: Actor) -> OrderOut:
    [out] = await _orders_out([await _order_row(order_id, actor)], actor, with_complaints=True)
    return out


async def list_orders(
    actor: Actor, *, status: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[OrderOut]:
    filters = Filters()
    if status is not None:
        if status not in ORDER_STATUSES:
            raise invalid("status", shared.ONE_OF, choices=", ".join(ORDER_STATUSES))
        filters.add("o.status = ?", status)
    await visible_orgs(actor, filters, "o.org_id")
    rows, next_cursor = await keyset_sql(
        ORDER_SELECT + filters.where(), *filters.args, limit=limit, cursor=cursor, descending=True
    )
    return Page(items=await _orders_out(rows, actor, with_complaints=False), next_cursor=next_cursor)
