"""The figures of the three forms, computed from the records: the statistics staff read, and
the year's report (`report.py`)."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from server.errors import invalid
from server.infra.tenancy import conn
from server.infra.workdays import today
from server.modules.core import calendar as workcal
from server.modules.orgs import access
from server.modules.voice import messages as m
from server.modules.voice.service.shapes import CATEGORIES, CHANNELS, COMPLAINT_STATUSES, Statistics
from server.platform.roles import Actor

TZ = dt.timezone(dt.timedelta(hours=8))


def _span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time(), TZ), dt.datetime.combine(end, dt.time(), TZ))


def _in_orgs(column: str, org_ids: list[int] | None, n: int) -> str:
    """The condition limiting a query to `org_ids` (its argument is `$n`); none for every org."""
    return "" if org_ids is None else f" AND {column} = ANY(${n}::int[])"


async def figures(start: dt.date, end: dt.date, org_ids: list[int] | None) -> dict[str, Any]:
    """Everything the statistics and the report show, for [start, end), from the records."""
    c = conn()
    t0, t1 = _span(start, end)
    orgs_arg = [org_ids] if org_ids is not None else []
    by_category = {k: 0 for k in CATEGORIES}
    by_channel = {k: 0 for k in CHANNELS}
    by_status = {k: 0 for k in COMPLAINT_STATUSES}
    total = 0
    for r in await c.fetch(
        f"""SELECT category, channel, status, count(*) AS n FROM complaint
             WHERE created_at >= $1 AND created_at < $2{_in_orgs("org_id", org_ids, 3)}
             GROUP BY category, channel, status""",
        t0,
        t1,
        *orgs_arg,
    ):
        total += r["n"]
        by_category[r["category"]] = by_category.get(r["category"], 0) + r["n"]
        by_channel[r["channel"]] = by_channel.get(r["channel"], 0) + r["n"]
        by_status[r["status"]] = by_status.get(r["status"], 0) + r["n"]
    orders = await c.fetchval(
        f"""SELECT count(*) FROM demand_order
             WHERE created_at >= $1 AND created_at < $2{_in_orgs("org_id", org_ids, 3)}""",
        t0,
        t1,
        *orgs_arg,
    )
    forms_opened = await c.fetchval(
        f"""SELECT count(*) FROM acceptance_form f JOIN demand_order o ON f."order" = o.id
             WHERE f.opened_on >= $1 AND f.opened_on < $2{_in_orgs("o.org_id", org_ids, 3)}""",
        start,
        end,
        *orgs_arg,
    )
    forms = await c.fetch(
        f"""SELECT f.id, f."order" AS order_id, f.opened_on, f.due_on, f.resolved_on, f.outcome, f.recovered_fen
              FROM acceptance_form f JOIN demand_order o ON f."order" = o.id
             WHERE f.resolved_on >= $1 AND f.resolved_on < $2{_in_orgs("o.org_id", org_ids, 3)}""",
        start,
        end,
        *orgs_arg,
    )
    by_outcome = {
        r["outcome"]: r["n"]
        for r in await c.fetch(
            f"""SELECT outcome, count(*) AS n FROM complaint
                 WHERE resolved_at >= $1 AND resolved_at < $2 AND status = 'resolved'{_in_orgs("org_id", org_ids, 3)}
                 GROUP BY outcome""",
            t0,
            t1,
            *orgs_arg,
        )
    }
    rated = [
        r["rating"]
        for r in await c.fetch(
            f"""SELECT rating FROM complaint
                 WHERE rated_at >= $1 AND rated_at < $2 AND rating IS NOT NULL{_in_orgs("org_id", org_ids, 3)}""",
            t0,
            t1,
            *orgs_arg,
        )
    ]
    cal = await workcal.calendar()
    days = [cal.working_days_between(f["opened_on"], f["resolved_on"]).days for f in forms]
    on_time = sum(1 for f in forms if f["resolved_on"] <= f["due_on"])
    arrears = [f for f in forms if f["outcome"] == "wage_arrears_recovered"]
    workers = 0
    if arrears:
        linked = await c.fetch(
            'SELECT id, member_id FROM complaint WHERE "order" = ANY($1::int[])', [f["order_id"] for f in arrears]
        )
        # A worker counts once; an unsigned complaint is a worker of its own.
        workers = len({("m", r["member_id"]) if r["member_id"] is not None else ("c", r["id"]) for r in linked})
    return {
        "complaints": total,
        "by_category": by_category,
        "by_channel": by_channel,
        "by_status": by_status,
        "demand_orders": orders,
        "acceptance_forms": forms_opened,
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
        raise invalid("end", m.END_AFTER_START)
    on = on or today()
    scope = await access.visible_org_ids(actor)
    f = await figures(start, end, scope)
    open_due = await conn().fetch(
        f"""SELECT f.due_on FROM acceptance_form f JOIN demand_order o ON f."order" = o.id
             WHERE f.status = 'open'{_in_orgs("o.org_id", scope, 1)}""",
        *([scope] if scope is not None else []),
    )
    return Statistics(
        complaints=f["complaints"],
        by_category=f["by_category"],
        by_channel=f["by_channel"],
        by_status=f["by_status"],
        demand_orders=f["demand_orders"],
        acceptance_forms=f["acceptance_forms"],
        open_forms=len(open_due),
        overdue_forms=sum(1 for r in open_due if r["due_on"] < on),
        on_time_rate=f["on_time_rate"],
        median_working_days=f["median_working_days"],
        average_working_days=f["average_working_days"],
        ratings=f["ratings"],
        average_rating=f["average_rating"],
    )
