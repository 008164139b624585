"""Complaints (职工维权服务菜单 / 抱怨单): filed by a worker (Telegram, API) or entered from the
paper box by union staff (TUI); followed by reference; answered by the enterprise union itself
when no demand order is needed; rated once by the worker when resolved."""

from __future__ import annotations

from server import messages as shared
from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation, invalid
from server.infra import like
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
    complaints_out,
    make_ref,
    notify_status,
    now,
    visible_complaints,
)
from server.modules.voice.service.shapes import (
    CATEGORIES,
    CHANNELS,
    COMPLAINT_STATUSES,
    MAX_TEXT,
    OUTCOMES,
    AnswerIn,
    ComplaintIn,
    ComplaintOut,
    RatingIn,
    StepOut,
)
from server.platform.roles import Actor, Role


async def file_complaint(data: ComplaintIn, actor: Actor, *, channel: str | None = None) -> ComplaintOut:
    """A worker files a complaint (Telegram, API) or staff enter a paper one (TUI)."""
    errors: list[FieldError] = []
    text = (data.text or "").strip()
    if data.category not in CATEGORIES:
        errors.append(FieldError("category", shared.ONE_OF, choices=", ".join(CATEGORIES)))
    if not text:
        errors.append(FieldError("text", shared.EMPTY))
    elif len(text) > MAX_TEXT:
        errors.append(FieldError("text", shared.TOO_LONG, limit=MAX_TEXT))
    member_id: int | None
    if actor.role is Role.worker:
        if actor.member_id is None:
            raise Forbidden(m.WORKER_NOT_LINKED)
        if data.member_id not in (None, actor.member_id):
            errors.append(FieldError("member_id", m.OWN_COMPLAINTS_ONLY))
        channel = channel or "api"
        member_id = actor.member_id
    else:
        channel = channel or data.channel or "tui"
        member_id = data.member_id
    if channel not in CHANNELS:
        errors.append(FieldError("channel", shared.ONE_OF, choices=", ".join(CHANNELS)))
    if errors:
        raise InvalidInput(errors)
    org_id = data.org_id
    if member_id is not None:
        try:
            member = await orgs.get_member(member_id)
        except NotFound:
            raise invalid("member_id", m.NO_MEMBER, member=member_id) from None
        if org_id is None:
            org_id = member.org_id
        elif org_id != member.org_id and actor.role is Role.worker:
            raise invalid("org_id", m.NOT_THE_WORKERS_UNION)
    if org_id is None:
        raise invalid("org_id", m.PAPER_NEEDS_UNION)
    try:
        await orgs.get_org(org_id)
    except NotFound:
        raise invalid("org_id", m.NO_ORG, org=org_id) from None
    await access.check_org_visible(actor, org_id)
    # An unsigned paper complaint is anonymous by nature.
    anonymous = data.anonymous or member_id is None
    c = conn()
    complaint_id = await c.fetchval(
        """INSERT INTO complaint (member_id, org_id, category, text, anonymous, channel, status)
           VALUES ($1, $2, $3, $4, $5, $6, 'submitted') RETURNING id""",
        member_id,
        org_id,
        data.category,
        text,
        anonymous,
        channel,
    )
    complaint_ref = make_ref("C", today().year, complaint_id)
    await c.execute("UPDATE complaint SET ref = $2 WHERE id = $1", complaint_id, complaint_ref)
    await add_steps([complaint_id], "submitted", channel)
    # The activity log must not tell who filed an anonymous complaint either.
    logged_as = Actor(account_id=None, name="anonymous", role=actor.role, tenant=actor.tenant) if anonymous else actor
    await core.record(
        "voice.complaint.filed",
        complaint_ref,
        {"category": data.category, "channel": channel, "anonymous": anonymous},
        logged_as,
    )
    return await get_complaint(complaint_id, actor)


async def get_complaint(complaint_id: int, actor: Actor, *, with_steps: bool = True) -> ComplaintOut:
    """One complaint with its status history; one the actor may not see is not found."""
    filters = Filters()
    filters.add("c.id = ?", complaint_id)
    await visible_complaints(actor, filters)
    row = await conn().fetchrow(COMPLAINT_SELECT + filters.where(), *filters.args)
    if row is None:
        raise NotFound(m.COMPLAINT_NOT_FOUND, key=complaint_id)
    [out] = await complaints_out([row], actor)
    if with_steps:
        steps = await conn().fetch(
            "SELECT at, status, note FROM complaint_step WHERE complaint = $1 ORDER BY id", complaint_id
        )
        out.steps = [StepOut(at=s["at"], status=s["status"], note=s["note"]) for s in steps]
    return out


async def get_complaint_by_ref(ref: str, actor: Actor) -> ComplaintOut:
    complaint_id = await conn().fetchval("SELECT id FROM complaint WHERE ref = $1", ref.strip().upper())
    if complaint_id is None:
        raise NotFound(m.COMPLAINT_NOT_FOUND, key=ref)
    return await get_complaint(complaint_id, actor)


async def list_complaints(
    actor: Actor,
    *,
    status: str | None = None,
    category: str | None = None,
    org_id: int | None = None,
    order_id: int | None = None,
    unordered: bool = False,
    q: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[ComplaintOut]:
    """Complaints the actor may see (a worker their own, staff their subtree's), filtered by status,
    category, org subtree, order; `q` is a reference number (exact) or words of the text."""
    filters = Filters()
    if q and q.strip():
        term = q.strip()
        pattern = like.containing(term)
        filters.add("(c.ref = upper(?) OR c.text ILIKE ?)", term, pattern)
    if status is not None:
        if status not in COMPLAINT_STATUSES:
            raise invalid("status", shared.ONE_OF, choices=", ".join(COMPLAINT_STATUSES))
        filters.add("c.status = ?", status)
    if category is not None:
        if category not in CATEGORIES:
            raise invalid("category", shared.ONE_OF, choices=", ".join(CATEGORIES))
        filters.add("c.category = ?", category)
    if org_id is not None:
        filters.add("c.org_id = ANY(?::int[])", await orgs.subtree_ids(org_id))
    if order_id is not None:
        filters.add('c."order" = ?', order_id)
    if unordered:
        filters.add('c."order" IS NULL')
    await visible_complaints(actor, filters)
    rows, next_cursor = await keyset_sql(
        COMPLAINT_SELECT + filters.where(), *filters.args, limit=limit, cursor=cursor, descending=True
    )
    return Page(items=await complaints_out(rows, actor), next_cursor=next_cursor)


async def answer_complaint(complaint_id: int, data: AnswerIn, actor: Actor) -> ComplaintOut:
    """The enterprise union answers a complaint itself, without a demand order."""
    errors = []
    if not data.answer.strip():
        errors.append(FieldError("answer", shared.EMPTY))
    if data.outcome not in OUTCOMES:
        errors.append(FieldError("outcome", shared.ONE_OF, choices=", ".join(OUTCOMES)))
    if errors:
        raise InvalidInput(errors)
    if actor.role is Role.worker:
        await get_complaint(complaint_id, actor, with_steps=False)  # not theirs: not found
        raise Forbidden(m.WORKER_CANNOT_ANSWER, code="role_forbidden")
    current = await conn().fetchrow("SELECT ref, status, org_id FROM complaint WHERE id = $1", complaint_id)
    if current is None:
        raise NotFound(m.COMPLAINT_NOT_FOUND, key=complaint_id)
    await access.check_org_visible(actor, current["org_id"])
    if current["status"] != "submitted":
        raise RuleViolation(m.COMPLAINT_NOT_SUBMITTED, ref=current["ref"], status=current["status"])
    answer = data.answer.strip()
    updated = await conn().fetchval(
        """UPDATE complaint SET status = 'resolved', answer = $2, outcome = $3, resolved_level = 'enterprise',
                  resolved_at = $4
            WHERE id = $1 AND status = 'submitted' RETURNING id""",
        complaint_id,
        answer,
        data.outcome,
        now(),
    )
    if updated is None:
        raise Conflict(m.COMPLAINT_CHANGED, code="complaint_changed", ref=current["ref"])
    await add_steps([complaint_id], "resolved", "enterprise")
    await notify_status([complaint_id], "resolved", {"resolution": answer})
    await core.record("voice.complaint.answered", current["ref"], {"outcome": data.outcome}, actor)
    return await get_complaint(complaint_id, actor)


async def rate_complaint(complaint_id: int, data: RatingIn, actor: Actor) -> ComplaintOut:
    """The worker rates a resolved complaint's outcome, once."""
    if not 1 <= data.rating <= 5:
        raise invalid("rating", m.RATING_RANGE)
    if actor.member_id is None:
        raise Forbidden(m.NOT_THE_WORKER)
    row = await conn().fetchrow("SELECT ref, member_id, status FROM complaint WHERE id = $1", complaint_id)
    if row is None or row["member_id"] != actor.member_id:
        raise NotFound(m.COMPLAINT_NOT_FOUND, key=complaint_id)
    if row["status"] != "resolved":
        raise RuleViolation(m.COMPLAINT_NOT_RESOLVED, ref=row["ref"])
    updated = await conn().fetchval(
        """UPDATE complaint SET rating = $2, rating_comment = $3, rated_at = $4
            WHERE id = $1 AND rating IS NULL RETURNING id""",
        complaint_id,
        data.rating,
        data.comment.strip()[:1000],
        now(),
    )
    if updated is None:
        raise Conflict(m.COMPLAINT_RATED, ref=row["ref"])
    await core.record("voice.complaint.rated", row["ref"], {"rating": data.rating}, actor)
    return await get_complaint(complaint_id, actor)
