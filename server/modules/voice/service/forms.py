"""Union service acceptance forms (工会维权服务受理单): the federation takes a demand order on,
assigns an officer and resolves it within the tenant's 7-10 Chinese working days. Resolving a
form resolves its order and every linked complaint, and each worker is told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from server import messages as shared
from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import YUAN_MAX
from server.infra.workdays import WorkCalendar, today
from server.modules.core import calendar as workcal
from server.modules.core import service as core
from server.modules.orgs import access
from server.modules.voice import messages as m
from server.modules.voice.service.common import (
    Filters,
    add_steps,
    complaint_counts,
    fen_to_yuan,
    is_admin,
    make_ref,
    notify_status,
    now,
    resolution_working_days,
    visible_orgs,
    yuan_to_fen,
)
from server.modules.voice.service.shapes import (
    FORM_STATUSES,
    MAX_DAYS,
    MIN_DAYS,
    OUTCOMES,
    AssignIn,
    FormIn,
    FormOut,
    ResolveIn,
)
from server.platform.roles import SYSTEM, Actor

FORM_SELECT = """SELECT f.id, f.ref, f."order" AS order_id, o.ref AS order_ref, o.title AS order_title, o.org_id,
       f.officer_name, f.officer_account_id, f.opened_on, f.working_days, f.due_on, f.provisional, f.status,
       f.resolved_on, f.resolution, f.outcome, f.recovered_fen
  FROM acceptance_form f JOIN demand_order o ON f."order" = o.id"""


async def _forms_out(
    rows: list[Mapping[str, Any]], cal: WorkCalendar | None = None, on: dt.date | None = None
) -> list[FormOut]:
    cal = cal or await workcal.calendar()
    on = on or today()
    counts = await complaint_counts([r["order_id"] for r in rows])
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
                order_id=r["order_id"],
                order_ref=r["order_ref"],
                order_title=r["order_title"],
                org_id=r["org_id"],
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
                complaint_count=counts.get(r["order_id"], 0),
                warning=warning,
            )
        )
    return out


async def get_form(form_id: int, actor: Actor = SYSTEM, *, on: dt.date | None = None) -> FormOut:
    """One form; one outside the actor's subtree is not found."""
    filters = Filters()
    filters.add("f.id = ?", form_id)
    await visible_orgs(actor, filters, "o.org_id")
    row = await conn().fetchrow(FORM_SELECT + filters.where(), *filters.args)
    if row is None:
        raise NotFound(m.FORM_NOT_FOUND, key=form_id)
    [out] = await _forms_out([row], on=on)
    return out


async def _form_to_change(form_id: int, actor: Actor) -> FormOut:
    """A form to change: outside the actor's subtree is `outside_subtree`."""
    form = await get_form(form_id)
    await access.check_org_visible(actor, form.org_id)
    return form


async def open_form(data: FormIn, actor: Actor) -> FormOut:
    """The federation accepts a demand order: a form with an officer and a working-day deadline."""
    days = data.working_days if data.working_days is not None else await resolution_working_days()
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise InvalidInput([FieldError("working_days", m.WORKING_DAYS_RANGE, low=MIN_DAYS, high=MAX_DAYS)])
    c = conn()
    order = await c.fetchrow("SELECT id, ref, status, org_id FROM demand_order WHERE id = $1", data.order_id)
    if order is None:
        raise invalid("order_id", m.NO_ORDER, order=data.order_id)
    await access.check_org_visible(actor, order["org_id"])
    if order["status"] != "submitted":
        raise Conflict(m.ORDER_TAKEN, code="order_taken", ref=order["ref"], status=order["status"])
    opened_on = data.opened_on or today()
    cal = await workcal.calendar()
    deadline = cal.add_working_days(opened_on, days)
    taken = await c.fetchval(
        "UPDATE demand_order SET status = 'accepted' WHERE id = $1 AND status = 'submitted' RETURNING id",
        data.order_id,
    )
    if taken is None:
        raise Conflict(m.ORDER_TAKEN_MEANWHILE, code="order_taken", ref=order["ref"])
    # The unique order column refuses a second form for the same order.
    form_id = await c.fetchval(
        """INSERT INTO acceptance_form
               ("order", officer_name, officer_account_id, opened_on, working_days, due_on, provisional, opened_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""",
        data.order_id,
        data.officer_name.strip()[:200],
        data.officer_account_id,
        opened_on,
        days,
        deadline.due,
        deadline.provisional,
        actor.name,
    )
    form_ref = make_ref("F", opened_on.year, form_id)
    await c.execute("UPDATE acceptance_form SET ref = $2 WHERE id = $1", form_id, form_ref)
    moved = await c.fetch(
        """UPDATE complaint SET status = 'accepted' WHERE "order" = $1 AND status = 'ordered' RETURNING id""",
        data.order_id,
    )
    ids = [r["id"] for r in moved]
    await add_steps(ids, "accepted", form_ref)
    await notify_status(ids, "status", {"due_on": deadline.due.isoformat()})
    await core.record(
        "voice.form.opened",
        form_ref,
        {"order": order["ref"], "due_on": deadline.due.isoformat(), "provisional": deadline.provisional},
        actor,
    )
    return await get_form(form_id, actor)


async def assign_officer(form_id: int, data: AssignIn, actor: Actor) -> FormOut:
    if not data.officer_name.strip():
        raise invalid("officer_name", shared.EMPTY)
    form = await _form_to_change(form_id, actor)
    if form.status != "open":
        raise RuleViolation(m.FORM_RESOLVED, code="form_resolved", ref=form.ref)
    await conn().execute(
        "UPDATE acceptance_form SET officer_name = $2, officer_account_id = $3 WHERE id = $1",
        form_id,
        data.officer_name.strip()[:200],
        data.officer_account_id,
    )
    await core.record("voice.form.assigned", form.ref, {"officer": data.officer_name.strip()}, actor)
    return await get_form(form_id, actor)


async def resolve_form(form_id: int, data: ResolveIn, actor: Actor) -> FormOut:
    """Resolving a form resolves its order and every linked complaint; each worker is told."""
    errors = []
    if not data.resolution.strip():
        errors.append(FieldError("resolution", shared.EMPTY))
    if data.outcome not in OUTCOMES:
        errors.append(FieldError("outcome", shared.ONE_OF, choices=", ".join(OUTCOMES)))
    recovered = 0
    if data.recovered_yuan is not None:
        if not data.recovered_yuan.is_finite():
            errors.append(FieldError("recovered_yuan", shared.NOT_FINITE))
        elif data.recovered_yuan < 0:
            errors.append(FieldError("recovered_yuan", shared.NOT_NEGATIVE))
        elif data.recovered_yuan > YUAN_MAX:
            errors.append(FieldError("recovered_yuan", shared.AT_MOST, high=YUAN_MAX))
        else:
            try:
                recovered = yuan_to_fen(data.recovered_yuan)
            except InvalidInput as exc:
                errors.extend(exc.errors)
    if errors:
        raise InvalidInput(errors)
    form = await _form_to_change(form_id, actor)
    if not is_admin(actor) and not (actor.account_id is not None and actor.account_id == form.officer_account_id):
        raise Forbidden(m.NOT_THE_OFFICER)
    resolved_on = data.resolved_on or today()
    if resolved_on < form.opened_on:
        raise invalid("resolved_on", m.BEFORE_OPENED)
    resolution = data.resolution.strip()
    c = conn()
    done = await c.fetchval(
        """UPDATE acceptance_form SET status = 'resolved', resolved_on = $2, resolution = $3, outcome = $4,
                  recovered_fen = $5
            WHERE id = $1 AND status = 'open' RETURNING id""",
        form_id,
        resolved_on,
        resolution,
        data.outcome,
        recovered,
    )
    if done is None:
        raise Conflict(m.FORM_RESOLVED_ALREADY, code="form_resolved", ref=form.ref)
    at = now()
    await c.execute("UPDATE demand_order SET status = 'resolved', resolved_at = $2 WHERE id = $1", form.order_id, at)
    moved = await c.fetch(
        """UPDATE complaint SET status = 'resolved', answer = $2, outcome = $3, resolved_level = 'federation',
                  resolved_at = $4
            WHERE "order" = $1 AND status <> 'resolved' RETURNING id""",
        form.order_id,
        resolution,
        data.outcome,
        at,
    )
    ids = [r["id"] for r in moved]
    await add_steps(ids, "resolved", form.ref)
    await notify_status(ids, "resolved", {"resolution": resolution})
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
    filters = Filters()
    if status is not None:
        if status not in FORM_STATUSES:
            raise invalid("status", shared.ONE_OF, choices=", ".join(FORM_STATUSES))
        filters.add("f.status = ?", status)
    await visible_orgs(actor, filters, "o.org_id")
    rows, next_cursor = await keyset_sql(
        FORM_SELECT + filters.where(), *filters.args, limit=limit, cursor=cursor, descending=True
    )
    return Page(items=await _forms_out(rows), next_cursor=next_cursor)


async def form_queue(
    actor: Actor, *, mine: bool = False, on: dt.date | None = None, limit: int = 50, cursor: str | None = None
) -> Page[FormOut]:
    """Open acceptance forms, nearest deadline first, with working days left (the TUI's queue);
    the page key is the form's place in that order."""
    filters = Filters()
    filters.add("f.status = 'open'")
    if mine:
        filters.add("f.officer_account_id = ?", actor.account_id or -1)
    await visible_orgs(actor, filters, "o.org_id")
    rows, next_cursor = await keyset_sql(
        f"SELECT q.*, row_number() OVER (ORDER BY q.due_on, q.id) AS pos FROM ({FORM_SELECT}{filters.where()}) q",
        *filters.args,
        key="pos",
        limit=limit,
        cursor=cursor,
    )
    return Page(items=await _forms_out(rows, on=on), next_cursor=next_cursor)


async def recompute_provisional(year: int, cal: WorkCalendar) -> int:
    """A holiday schedule was loaded: recompute every provisional deadline (they are
    few: only forms whose count reaches past the package's last year)."""
    rows = await conn().fetch("SELECT id, opened_on, working_days FROM acceptance_form WHERE provisional")
    deadlines = [cal.add_working_days(r["opened_on"], r["working_days"]) for r in rows]
    if rows:
        await conn().execute(
            """UPDATE acceptance_form f SET due_on = d.due, provisional = d.provisional
                 FROM unnest($1::int[], $2::date[], $3::bool[]) AS d(id, due, provisional)
                WHERE f.id = d.id""",
            [r["id"] for r in rows],
            [d.due for d in deadlines],
            [d.provisional for d in deadlines],
        )
    return len(rows)


workcal.on_schedule_loaded("voice", recompute_provisional)
