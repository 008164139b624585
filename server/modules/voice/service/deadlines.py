"""Deadlines: a reminder when an open acceptance form nears its deadline, an escalation to the
tenant admin once it is past; each raised once per form and kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.workdays import today
from server.modules.core import calendar as workcal
from server.modules.core import service as core
from server.modules.voice.service.common import Filters, json_value, visible_orgs
from server.modules.voice.service.shapes import AlertOut
from server.platform.roles import SYSTEM, Actor


async def check_deadlines(on: dt.date | None = None, *, remind_within: int = 2) -> dict[str, int]:
    """Raise a reminder when an open form is `remind_within` working days from its
    deadline, and an overdue escalation to the tenant admin once it is past; each once."""
    on = on or today()
    cal = await workcal.calendar()
    rows = await conn().fetch(
        """SELECT id, ref, due_on, officer_name, officer_account_id FROM acceptance_form
            WHERE status = 'open' ORDER BY id"""
    )
    keys: list[str] = []
    forms: list[int] = []
    kinds: list[str] = []
    details: list[str] = []
    for r in rows:
        left = cal.working_days_left(r["due_on"], on)
        if on > r["due_on"]:
            kind = "overdue"
        elif left <= remind_within:
            kind = "reminder"
        else:
            continue
        detail = {
            "ref": r["ref"],
            "due_on": r["due_on"].isoformat(),
            "working_days_left": left,
            "officer": r["officer_name"],
            "officer_account_id": r["officer_account_id"],
        }
        keys.append(f"{r['id']}:{kind}")
        forms.append(r["id"])
        kinds.append(kind)
        details.append(msgspec.json.encode(detail).decode())
    raised = []
    if keys:
        # The unique key makes each alert happen once, however often this runs.
        raised = await conn().fetch(
            """INSERT INTO voice_form_alert (key, form, kind, raised_on, detail)
               SELECT k, f, kd, $5, d::jsonb FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS a(k, f, kd, d)
               ON CONFLICT (key) DO NOTHING RETURNING kind, detail""",
            keys,
            forms,
            kinds,
            details,
            on,
        )
    counts = {"reminder": 0, "overdue": 0}
    entries: list[tuple[str, str, dict[str, Any]]] = []
    for a in raised:
        counts[a["kind"]] += 1
        detail = json_value(a["detail"])
        entries.append((f"voice.form.{a['kind']}", detail.get("ref", ""), detail))
    # The activity log is where the tenant admin sees escalations (and the alerts list).
    await core.record_many(entries)
    return counts


async def list_alerts(
    actor: Actor = SYSTEM, *, kind: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[AlertOut]:
    """Reminders and escalations, newest first: an org officer's are those of their subtree's forms."""
    filters = Filters()
    if kind is not None:
        filters.add("a.kind = ?", kind)
    await visible_orgs(actor, filters, "o.org_id")
    rows, next_cursor = await keyset_sql(
        f"""SELECT a.id, a.form, f.ref, a.kind, a.raised_on, a.detail
              FROM voice_form_alert a JOIN acceptance_form f ON f.id = a.form JOIN demand_order o ON f."order" = o.id
             {filters.where()}""",
        *filters.args,
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    items = [
        AlertOut(
            form_id=r["form"],
            form_ref=r["ref"],
            kind=r["kind"],
            raised_on=r["raised_on"],
            detail=json_value(r["detail"]),
        )
        for r in rows
    ]
    return Page(items=items, next_cursor=next_cursor)
