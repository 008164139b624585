"""Plans and audits: a plan freezes its population from the org tree when approved; each audit then
goes notice → fieldwork (report-form entries) → scores → opinions → rectification → closed.

The population is the non-public enterprise unions above designated size (the orgs module's
enterprise fields) not yet audited that year, unless a plan names its unions (a pilot, each in
that scope); an enterprise union whose answers are missing is listed as unclassified, never
guessed in or out. The notice is recorded once delivered (not after today), at least 3 days
before fieldwork (the database checks that too), and report forms wait for the fieldwork day; the audited
union reports its rectification within 30 days of the opinions; the committee (经审会) closes the
case. An org officer sees and answers only their own subtree's audits (`orgs.access`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import MAX_YEAR, Count, Fen, Id, LongText, Text
from server.messages import Msg
from server.modules.audit import messages as msg
from server.modules.audit.service.shared import (
    AUDIT_FIRST_YEAR,
    FORMS,
    NOTICE_DAYS,
    RECTIFY_DAYS,
    AuditYear,
    is_admin,
    require_admin,
    require_auditor,
    today,
)
from server.modules.audit.service.standards import get_standard
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.platform.roles import SYSTEM, Actor, Role

STAGE_ZH = {
    "planned": "已列入计划",
    "noticed": "已送达通知",
    "fieldwork": "现场审计",
    "scored": "已计分",
    "opinions": "待整改",
    "rectified": "已整改",
    "closed": "已结案",
}


class PlanIn(msgspec.Struct, forbid_unknown_fields=True):
    year: AuditYear
    title: Text
    standard_id: Id
    org_ids: Annotated[list[Id], Meta(max_length=10_000)] | None = (
        None  # a pilot names its unions; otherwise chosen from the tree
    )


class UnionRef(msgspec.Struct):
    id: int
    name: str


class PlanOut(msgspec.Struct):
    id: int
    year: int
    title: str
    standard_id: int
    org_ids: list[int] | None
    state: str
    audits: int
    # A plan chosen from the tree, shown on its own: the enterprise unions not yet audited that
    # year whose non-public / above-size answers are missing. They are left out (the scope is
    # not guessed) and listed so the officer classifies them in orgs, then approves or drafts a
    # supplementary plan. None in the plan list and for a plan that names its unions.
    unclassified: list[UnionRef] | None = None


class AuditOut(msgspec.Struct):
    id: int
    plan_id: int
    year: int
    org_id: int
    org_name: str
    standard_id: int
    stage: str
    notice_on: dt.date | None
    fieldwork_on: dt.date | None
    total: float | None
    grade: str | None
    opinions: str | None
    opinions_on: dt.date | None
    rectification_due: dt.date | None
    rectification: str | None
    rectified_on: dt.date | None
    closed_on: dt.date | None
    due_on: dt.date | None = None  # the next date the stage waits for: fieldwork, or the rectification
    days_left: int | None = None  # from today (negative: overdue)


class NoticeIn(msgspec.Struct, forbid_unknown_fields=True):
    notice_on: dt.date
    fieldwork_on: dt.date


class EntryIn(msgspec.Struct, forbid_unknown_fields=True):
    form: Text
    indicator: Text
    project: Text
    spending_fen: Fen
    participants: Count = 0
    results: Count = 0
    commendations: Count = 0
    certificates: Count = 0
    chief_titles: Count = 0


class EntryOut(msgspec.Struct):
    id: int
    form: str
    indicator: str
    project: str
    spending_fen: int
    participants: int
    results: int
    commendations: int
    certificates: int
    chief_titles: int


class OpinionsIn(msgspec.Struct, forbid_unknown_fields=True):
    opinions_on: dt.date
    opinions: LongText


class RectificationIn(msgspec.Struct, forbid_unknown_fields=True):
    rectified_on: dt.date
    rectification: LongText


class CloseIn(msgspec.Struct, forbid_unknown_fields=True):
    closed_on: dt.date


class FollowUpIn(msgspec.Struct, forbid_unknown_fields=True):
    held_on: dt.date
    note: LongText


class FollowUpOut(msgspec.Struct):
    id: int
    held_on: dt.date
    note: str


PLAN_SELECT = (
    "SELECT p.id, p.year, p.title, p.standard AS standard_id, p.org_ids, p.state, "
    "(SELECT count(*) FROM audit_case a WHERE a.plan = p.id)::int AS audits FROM audit_plan p"
)
AUDIT_SELECT = (
    "SELECT a.id, a.plan AS plan_id, p.year::int AS year, a.org_id, a.org_name, a.standard AS standard_id, a.stage, "
    "a.notice_on, a.fieldwork_on, a.total_cp, a.grade, a.opinions, a.opinions_on, a.rectification_due, "
    "a.rectification, a.rectified_on, a.closed_on FROM audit_case a JOIN audit_plan p ON p.id = a.plan"
)


def audit_out(r: Any) -> AuditOut:
    d = dict(r)
    total = d.pop("total_cp")
    due = {"noticed": d["fieldwork_on"], "opinions": d["rectification_due"]}.get(d["stage"])
    return AuditOut(
        **d,
        total=None if total is None else total / 100,
        due_on=due,
        days_left=None if due is None else (due - today()).days,
    )


# --- plans -----------------------------------------------------------------------------------


async def create_plan(data: PlanIn, actor: Actor = SYSTEM) -> PlanOut:
    require_admin(actor)
    errors: list[FieldError] = []
    if isinstance(data.year, bool) or not AUDIT_FIRST_YEAR <= data.year <= MAX_YEAR:
        errors.append(FieldError("year", msg.YEAR, low=AUDIT_FIRST_YEAR, high=MAX_YEAR))
    if not 1 <= len(data.title.strip()) <= 200:
        errors.append(FieldError("title", msg.TEXT_LENGTH, limit=200))
    if not await conn().fetchval("SELECT 1 FROM audit_standard WHERE id = $1", data.standard_id):
        errors.append(FieldError("standard_id", msg.NO_SUCH_STANDARD, key=data.standard_id))
    if data.org_ids is not None:
        errors += await _check_named(data.org_ids)
    if errors:
        raise InvalidInput(errors)
    pid = await conn().fetchval(
        "INSERT INTO audit_plan (year, title, standard, org_ids, state, created_at) "
        "VALUES ($1, $2, $3, $4, 'draft', now()) RETURNING id",
        data.year,
        data.title.strip(),
        data.standard_id,
        sorted(set(data.org_ids)) if data.org_ids is not None else None,
    )
    await activity.record("audit.plan.created", f"plan:{pid}", {"year": data.year}, actor)
    return await get_plan(pid)


async def get_plan(plan_id: int) -> PlanOut:
    r = await conn().fetchrow(f"{PLAN_SELECT} WHERE p.id = $1", plan_id)
    if r is None:
        raise NotFound(msg.PLAN_NOT_FOUND, key=plan_id)
    plan = PlanOut(**dict(r))
    if plan.org_ids is None:
        audited = await _audited(plan.year)
        _, unknown = await _population()
        plan.unclassified = [UnionRef(o.id, o.name) for o in unknown if o.id not in audited]
    return plan


async def list_plans(*, year: int | None = None, limit: int = 50, cursor: str | None = None) -> Page[PlanOut]:
    rows, nxt = await keyset_sql(
        f"{PLAN_SELECT} WHERE ($1::int IS NULL OR p.year = $1)", year, limit=limit, cursor=cursor
    )
    return Page([PlanOut(**dict(r)) for r in rows], nxt)


def _out_of_scope(o: orgs.OrgOut) -> Msg | None:
    """Why an org is not in the audit's scope (规模以上非公企业工会), or None: a known answer that
    rules it out first, then a missing one (never guessed either way)."""
    if o.type != "enterprise_union":
        return msg.NOT_AN_ENTERPRISE_UNION
    if o.public_sector:
        return msg.PUBLIC_SECTOR_UNION
    if o.above_scale is False:
        return msg.BELOW_SCALE_UNION
    if o.public_sector is None or o.above_scale is None:
        return msg.UNCLASSIFIED_UNION
    return None


async def _check_named(org_ids: list[int]) -> list[FieldError]:
    """A plan's named unions: each exists and is in the scope, or is named in an error."""
    errors: list[FieldError] = []
    found = await orgs.get_orgs(sorted(set(org_ids)))
    for n, i in enumerate(org_ids, start=1):
        row = n if len(org_ids) > 1 else None
        if i not in found:
            errors.append(FieldError("org_ids", msg.NO_SUCH_ORG, row=row, org=i))
        elif (why := _out_of_scope(found[i])) is not None:
            errors.append(FieldError("org_ids", why, row=row, org=i, name=found[i].name))
    if not org_ids:
        errors.append(FieldError("org_ids", msg.EMPTY_POPULATION))
    return errors


async def _audited(year: int) -> set[int]:
    """The unions with an audit in the year (a union is audited once a year)."""
    rows = await conn().fetch(
        "SELECT a.org_id FROM audit_case a JOIN audit_plan p ON p.id = a.plan WHERE p.year = $1", year
    )
    return {r["org_id"] for r in rows}


async def _population() -> tuple[list[orgs.OrgOut], list[orgs.OrgOut]]:
    """The open enterprise unions as the org tree has them today: those in the scope (non-public,
    above designated size), and those whose answers are missing (left out, to be classified)."""
    chosen: list[orgs.OrgOut] = []
    unknown: list[orgs.OrgOut] = []
    cursor = None
    while True:
        page = await orgs.list_orgs(type="enterprise_union", limit=500, cursor=cursor)
        for o in page.items:
            why = _out_of_scope(o)
            if why is None:
                chosen.append(o)
            elif why is msg.UNCLASSIFIED_UNION:
                unknown.append(o)
        cursor = page.next_cursor
        if cursor is None:
            return chosen, unknown


async def approve_plan(plan_id: int, actor: Actor = SYSTEM) -> PlanOut:
    """Freeze the plan's population into one audit per union (name included), in one statement."""
    require_admin(actor)
    c = conn()
    plan = await c.fetchrow("SELECT * FROM audit_plan WHERE id = $1 FOR UPDATE", plan_id)
    if plan is None:
        raise NotFound(msg.PLAN_NOT_FOUND, key=plan_id)
    if plan["state"] != "draft":
        raise Conflict(msg.PLAN_APPROVED, code="plan_approved", plan=plan_id)
    # Two plans of one year approved at once would each see the other's unions as not yet audited.
    await c.execute("SELECT pg_advisory_xact_lock(hashtext('audit_plan_year:' || $1::int))", plan["year"])
    audited = await _audited(plan["year"])
    named = plan["org_ids"]
    if named is not None:  # an org may have been reclassified since the plan was drafted
        errors = await _check_named(named)
        if errors:
            raise RuleViolation(msg.PLAN_OUT_OF_SCOPE, code="out_of_scope", errors=errors, plan=plan_id)
        candidates = list((await orgs.get_orgs(named)).values())
    else:
        candidates, _ = await _population()
    chosen = [o for o in candidates if o.id not in audited]  # a union is audited once a year
    if not chosen:
        raise RuleViolation(msg.EMPTY_POPULATION, code="empty_population")
    await c.execute(
        "INSERT INTO audit_case (plan, org_id, org_name, standard, stage, created_at) "
        "SELECT $1, o, n, $2, 'planned', now() FROM unnest($3::int[], $4::text[]) AS x(o, n)",
        plan_id,
        plan["standard"],
        [o.id for o in chosen],
        [o.name for o in chosen],
    )
    await c.execute("UPDATE audit_plan SET state = 'approved', approved_at = now() WHERE id = $1", plan_id)
    await activity.record("audit.plan.approved", f"plan:{plan_id}", {"unions": len(chosen)}, actor)
    return await get_plan(plan_id)


# --- audits ----------------------------------------------------------------------------------


async def _audit_row(audit_id: int, actor: Actor, *, lock: bool = False) -> Any:
    r = await conn().fetchrow("SELECT * FROM audit_case WHERE id = $1" + (" FOR UPDATE" if lock else ""), audit_id)
    if r is None:
        raise NotFound(msg.AUDIT_NOT_FOUND, key=audit_id)
    if actor.role is Role.worker:
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")
    await access.check_org_visible(actor, r["org_id"])
    return r


def _stage(r: Any, allowed: tuple[str, ...], action: str) -> None:
    if r["stage"] not in allowed:
        raise RuleViolation(
            msg.WRONG_STAGE,
            code="wrong_stage",
            audit=r["id"],
            stage=STAGE_ZH.get(r["stage"], r["stage"]),
            action=action,
        )


async def get_audit(audit_id: int, actor: Actor = SYSTEM) -> AuditOut:
    await _audit_row(audit_id, actor)
    return audit_out(await conn().fetchrow(f"{AUDIT_SELECT} WHERE a.id = $1", audit_id))


async def list_audits(
    actor: Actor = SYSTEM,
    *,
    year: int | None = None,
    plan_id: int | None = None,
    stage: str | None = None,
    org_id: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[AuditOut]:
    """Audits by year, plan, stage or union; an org officer sees their subtree's only."""
    if actor.role is Role.worker:
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        f"{AUDIT_SELECT} WHERE ($1::int IS NULL OR p.year = $1) AND ($2::int IS NULL OR a.plan = $2) "
        "AND ($3::text IS NULL OR a.stage = $3) AND ($4::int IS NULL OR a.org_id = $4) "
        "AND ($5::int[] IS NULL OR a.org_id = ANY($5))",
        year,
        plan_id,
        stage,
        org_id,
        visible,
        limit=limit,
        cursor=cursor,
    )
    return Page([audit_out(r) for r in rows], nxt)


async def send_notice(audit_id: int, data: NoticeIn, actor: Actor = SYSTEM) -> AuditOut:
    """Deliver the notice (审计通知书): at least 3 days before fieldwork, or refused."""
    require_auditor(actor)
    r = await _audit_row(audit_id, actor, lock=True)
    _stage(r, ("planned", "noticed"), "送达审计通知书")
    errors: list[FieldError] = []
    # The notice is recorded once delivered: a delivery date still to come would let the 3 days
    # be counted from a day that has not happened (the officer re-records it if it slips).
    if data.notice_on > today():
        errors.append(
            FieldError("notice_on", msg.NOTICE_IN_FUTURE, notice_on=data.notice_on.isoformat(), today=str(today()))
        )
    if (data.fieldwork_on - data.notice_on).days < NOTICE_DAYS:
        errors.append(
            FieldError(
                "fieldwork_on",
                msg.NOTICE_TOO_LATE,
                notice_on=data.notice_on.isoformat(),
                fieldwork_on=data.fieldwork_on.isoformat(),
            )
        )
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        "UPDATE audit_case SET stage = 'noticed', notice_on = $2, fieldwork_on = $3 WHERE id = $1",
        audit_id,
        data.notice_on,
        data.fieldwork_on,
    )
    await activity.record("audit.notice.sent", f"audit:{audit_id}", {"fieldwork_on": str(data.fieldwork_on)}, actor)
    return await get_audit(audit_id, actor)


def check_entries(items: list[EntryIn], indicators: set[str], standard: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not items:
        errors.append(FieldError("entries", msg.NO_ENTRIES))
    for n, e in enumerate(items, start=1):
        row = n if len(items) > 1 else None
        if e.form not in FORMS:
            errors.append(FieldError("form", msg.FORM_UNKNOWN, row=row, choices=", ".join(FORMS)))
        if e.indicator not in indicators:
            errors.append(FieldError("indicator", msg.INDICATOR_UNKNOWN, row=row, standard=standard, code=e.indicator))
        if not 1 <= len(e.project.strip()) <= 200:
            errors.append(FieldError("project", msg.TEXT_LENGTH, row=row, limit=200))
        if isinstance(e.spending_fen, bool) or e.spending_fen < 0:
            errors.append(FieldError("spending_fen", msg.FEN, row=row))
        for name in ("participants", "results", "commendations", "certificates", "chief_titles"):
            value = getattr(e, name)
            if isinstance(value, bool) or value < 0:
                errors.append(FieldError(name, msg.NEGATIVE, row=row))
    return errors


async def add_entries(audit_id: int, items: list[EntryIn], actor: Actor = SYSTEM) -> list[EntryOut]:
    """Fieldwork: report-form lines (报告单), all or nothing, in one statement."""
    require_auditor(actor)
    r = await _audit_row(audit_id, actor, lock=True)
    _stage(r, ("noticed", "fieldwork", "scored"), "登记报告单")
    if r["fieldwork_on"] is not None and today() < r["fieldwork_on"]:  # the union has its 3 days' notice
        day = r["fieldwork_on"].isoformat()
        raise RuleViolation(
            msg.BEFORE_FIELDWORK,
            code="before_fieldwork",
            errors=[FieldError("fieldwork_on", msg.BEFORE_FIELDWORK, fieldwork_on=day, today=str(today()))],
            fieldwork_on=day,
            today=str(today()),
        )
    standard = await get_standard(r["standard"])
    errors = check_entries(items, {i.code for i in standard.indicators}, f"{standard.code} v{standard.version}")
    if errors:
        raise InvalidInput(errors)
    c = conn()
    rows = await c.fetch(
        "INSERT INTO audit_entry (audit, form, indicator, project, spending_fen, participants, results, "
        "commendations, certificates, chief_titles, created_at) "
        "SELECT $1, * , now() FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::int[], "
        "$8::int[], $9::int[], $10::int[]) RETURNING id, form, indicator, project, spending_fen, participants, "
        "results, commendations, certificates, chief_titles",
        audit_id,
        *[[getattr(e, f) for e in items] for f in EntryOut.__struct_fields__[1:]],
    )
    await c.execute("UPDATE audit_case SET stage = 'fieldwork' WHERE id = $1 AND stage = 'noticed'", audit_id)
    await activity.record("audit.entries.added", f"audit:{audit_id}", {"entries": len(items)}, actor)
    return [EntryOut(**dict(x)) for x in rows]


async def list_entries(
    audit_id: int, actor: Actor = SYSTEM, *, limit: int = 100, cursor: str | None = None
) -> Page[EntryOut]:
    await _audit_row(audit_id, actor)
    rows, nxt = await keyset_sql(
        "SELECT id, form, indicator, project, spending_fen, participants, results, commendations, certificates, "
        "chief_titles FROM audit_entry WHERE audit = $1",
        audit_id,
        limit=limit,
        cursor=cursor,
    )
    return Page([EntryOut(**dict(x)) for x in rows], nxt)


async def issue_opinions(audit_id: int, data: OpinionsIn, actor: Actor = SYSTEM) -> AuditOut:
    """Audit opinions (审计意见): the union's 30 days to rectify start on their date."""
    require_auditor(actor)
    r = await _audit_row(audit_id, actor, lock=True)
    _stage(r, ("scored",), "出具审计意见")
    errors: list[FieldError] = []
    if not 1 <= len(data.opinions.strip()) <= 4000:
        errors.append(FieldError("opinions", msg.TEXT_LENGTH, limit=4000))
    if r["fieldwork_on"] and data.opinions_on < r["fieldwork_on"]:
        errors.append(FieldError("opinions_on", msg.DATE_BEFORE, other="审计日期", day=str(r["fieldwork_on"])))
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        "UPDATE audit_case SET stage = 'opinions', opinions = $2, opinions_on = $3, rectification_due = $4 WHERE id = $1",
        audit_id,
        data.opinions.strip(),
        data.opinions_on,
        data.opinions_on + dt.timedelta(days=RECTIFY_DAYS),
    )
    await activity.record("audit.opinions.issued", f"audit:{audit_id}", {}, actor)
    return await get_audit(audit_id, actor)


async def report_rectification(audit_id: int, data: RectificationIn, actor: Actor = SYSTEM) -> AuditOut:
    """The audited union reports its rectification (整改结果) to the committee."""
    if not (is_admin(actor) or actor.role is Role.org_officer):
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")
    r = await _audit_row(audit_id, actor, lock=True)
    _stage(r, ("opinions", "rectified"), "报送整改情况")
    errors: list[FieldError] = []
    if not 1 <= len(data.rectification.strip()) <= 4000:
        errors.append(FieldError("rectification", msg.TEXT_LENGTH, limit=4000))
    if data.rectified_on < r["opinions_on"]:
        errors.append(FieldError("rectified_on", msg.DATE_BEFORE, other="审计意见日期", day=str(r["opinions_on"])))
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        "UPDATE audit_case SET stage = 'rectified', rectification = $2, rectified_on = $3 WHERE id = $1",
        audit_id,
        data.rectification.strip(),
        data.rectified_on,
    )
    await activity.record("audit.rectification.reported", f"audit:{audit_id}", {}, actor)
    return await get_audit(audit_id, actor)


async def close_audit(audit_id: int, data: CloseIn, actor: Actor = SYSTEM) -> AuditOut:
    """The committee (经审会) has followed the rectification up and closes the case."""
    require_auditor(actor)
    r = await _audit_row(audit_id, actor, lock=True)
    if r["stage"] == "opinions":
        raise RuleViolation(msg.NOT_RECTIFIED, code="wrong_stage", audit=audit_id)
    _stage(r, ("rectified",), "结案")
    if data.closed_on < r["rectified_on"]:
        raise InvalidInput(FieldError("closed_on", msg.DATE_BEFORE, other="整改报送日期", day=str(r["rectified_on"])))
    await conn().execute(
        "UPDATE audit_case SET stage = 'closed', closed_on = $2 WHERE id = $1", audit_id, data.closed_on
    )
    await activity.record("audit.closed", f"audit:{audit_id}", {}, actor)
    return await get_audit(audit_id, actor)


async def follow_up(audit_id: int, data: FollowUpIn, actor: Actor = SYSTEM) -> FollowUpOut:
    """The committee records a follow-up (跟踪监督) of the rectification, from the opinions until closing."""
    require_auditor(actor)
    r = await _audit_row(audit_id, actor, lock=True)
    if r["stage"] not in ("opinions", "rectified"):
        raise RuleViolation(
            msg.FOLLOW_UP_STAGE, code="wrong_stage", audit=audit_id, stage=STAGE_ZH.get(r["stage"], r["stage"])
        )
    errors: list[FieldError] = []
    if not 1 <= len(data.note.strip()) <= 4000:
        errors.append(FieldError("note", msg.TEXT_LENGTH, limit=4000))
    if data.held_on < r["opinions_on"]:
        errors.append(FieldError("held_on", msg.DATE_BEFORE, other="审计意见日期", day=str(r["opinions_on"])))
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        "INSERT INTO audit_follow_up (audit, held_on, note, created_at) VALUES ($1, $2, $3, now()) "
        "RETURNING id, held_on, note",
        audit_id,
        data.held_on,
        data.note.strip(),
    )
    await activity.record("audit.follow_up", f"audit:{audit_id}", {"held_on": data.held_on.isoformat()}, actor)
    return FollowUpOut(**dict(row))


async def list_follow_ups(
    audit_id: int, actor: Actor = SYSTEM, *, limit: int = 50, cursor: str | None = None
) -> Page[FollowUpOut]:
    await _audit_row(audit_id, actor)
    rows, nxt = await keyset_sql(
        "SELECT id, held_on, note FROM audit_follow_up WHERE audit = $1", audit_id, limit=limit, cursor=cursor
    )
    return Page([FollowUpOut(**dict(x)) for x in rows], nxt)
