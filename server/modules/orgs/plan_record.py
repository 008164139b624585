"""What an applied restructuring plan did, for its preview: each touched parent's child orgs on the
plan's day before and after it (from the parents the plan recorded when it was applied, and the
orgs it created), and a blocking warning saying it was applied. A preview of an applied plan is
never a simulation: simulating it against the tree it already changed counts nothing true."""

from __future__ import annotations

from server.infra.tenancy import conn
from server.messages import Msg
from server.modules.orgs.messages import PLAN_PREVIEW_APPLIED, PLAN_PREVIEW_ROLLED_BACK
from server.modules.orgs.restructure import ParentCount, PlanOut, PlanPreview, PlanWarning, plan_warning
from server.modules.orgs.service.common import ACTIVE, valid_sql


def _warning(code: str, message: Msg, plan: PlanOut, *, blocking: bool) -> PlanWarning:
    when = plan.rolled_back_at if plan.status == "rolled_back" else plan.applied_at
    return plan_warning(code, message, {"day": when.date().isoformat() if when else "?"}, blocking=blocking)


def rolled_back_warning(plan: PlanOut) -> PlanWarning:
    """Said first in the preview of a rolled-back plan (which may be applied again: the rest is a simulation)."""
    return _warning("plan_rolled_back", PLAN_PREVIEW_ROLLED_BACK, plan, blocking=False)


async def applied_preview(plan: PlanOut) -> PlanPreview:
    """The preview of a plan with status `applied`: what it changed (it cannot be applied again)."""
    created = {o.ref: o.created_org_id for o in plan.new_orgs if o.created_org_id is not None}
    before: dict[int, int | None] = {}  # moved org -> its parent before the plan (None: it had none)
    after: dict[int, int | None] = {}  # moved or created org -> its parent on the plan's day
    for m in plan.moves:
        before[m.org_id] = m.from_parent_id
        after[m.org_id] = m.parent_id if m.parent_id is not None else created.get(m.parent_ref or "")
    for o in plan.new_orgs:
        if o.created_org_id is not None:
            after[o.created_org_id] = o.parent_id if o.parent_id is not None else created.get(o.parent_ref or "")
    touched = {p for p in (*before.values(), *after.values()) if p is not None} | set(created.values())
    c = conn()
    now = {
        r["parent_id"]: r["n"]
        for r in await c.fetch(
            f"""SELECT l.parent_id, count(*)::int AS n FROM org_link l
                WHERE l.parent_id = ANY($1::int[]) AND {valid_sql("l", "$2")} GROUP BY l.parent_id""",
            list(touched),
            plan.effective_on,
        )
    }
    names = dict(await c.fetch("SELECT id, name FROM org WHERE id = ANY($1::int[])", list(touched)))
    # Before = on the plan's day, with what the plan did taken back out.
    was = dict(now)
    for parent in after.values():
        if parent is not None:
            was[parent] = was.get(parent, 0) - 1
    for parent in before.values():
        if parent is not None:
            was[parent] = was.get(parent, 0) + 1
    ref_of = {org_id: ref for ref, org_id in created.items()}
    parents = [
        ParentCount(
            parent_id=p,
            ref=ref_of.get(p),
            name=names.get(p, f"#{p}"),
            before=max(was.get(p, 0), 0),
            after=now.get(p, 0),
        )
        for p in sorted(touched, key=lambda p: (p not in ref_of, p))
    ]
    members = await c.fetchval(
        f"""WITH RECURSIVE t(id) AS (SELECT unnest($1::int[]) UNION SELECT o.id FROM org o JOIN t ON o.parent_id = t.id)
            SELECT count(*)::int FROM member m WHERE m.org_id IN (SELECT id FROM t) AND {ACTIVE}""",
        list(before),
    )
    return PlanPreview(
        plan_id=plan.id,
        effective_on=plan.effective_on,
        moves=len(plan.moves),
        new_orgs=len(plan.new_orgs),
        members_affected=members,
        parents=parents,
        warnings=[_warning("plan_applied", PLAN_PREVIEW_APPLIED, plan, blocking=True)],
        can_apply=False,
    )
