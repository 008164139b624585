"""Agreements (师徒协议): term, goals, progress notes (带徒记录), an outcome (a level raised, a
competition result, a 五小 innovation) or an early end. A raised level is the member's level in
orgs too (`orgs.raise_member_level`, same transaction, never lowering it)."""

from __future__ import annotations

from typing import Any

from server.errors import Conflict, FieldError, InvalidInput, NotFound, invalid
from server.infra.pagination import Page, check_limit, keyset_sql
from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.pairing import solver
from server.modules.pairing.messages import (
    AGREEMENT_COMPLETED,
    AGREEMENT_ENDED_EARLY,
    AGREEMENT_NOT_FOUND,
    AGREEMENT_STATUS,
    BEFORE_AGREEMENT,
    BEFORE_START,
    IN_THE_FUTURE,
    LEVEL,
    NO_RESULT,
)
from server.modules.pairing.service.common import level_raised, may_act, programme_row, text_field, today
from server.modules.pairing.service.structs import (
    AgreementOut,
    AgreementPatch,
    EndIn,
    NoteIn,
    NoteOut,
    OutcomeIn,
)
from server.platform.roles import SYSTEM, Actor


def _closed(agreement_id: int, status: str) -> Conflict:
    """An agreement that is no longer active cannot change (409 `agreement_closed`)."""
    text = AGREEMENT_ENDED_EARLY if status == "ended_early" else AGREEMENT_COMPLETED
    return Conflict(text, code="agreement_closed", agreement=agreement_id)


async def _agreements_out(rows: list[dict[str, Any]], *, with_notes: bool = False) -> list[AgreementOut]:
    ids = {r["master_member_id"] for r in rows} | {r["apprentice_member_id"] for r in rows}
    members = await orgs.get_members(sorted(ids))
    notes: dict[int, list[NoteOut]] = {}
    if with_notes and rows:
        for n in await conn().fetch(
            "SELECT id, agreement, noted_on, text, author FROM pairing_progress_note "
            "WHERE agreement = ANY($1::int[]) ORDER BY noted_on, id",
            [r["id"] for r in rows],
        ):
            notes.setdefault(n["agreement"], []).append(NoteOut(n["id"], n["noted_on"], n["text"], n["author"]))
    out = []
    for r in rows:
        before, after = r["level_before"], r["level_after"]
        out.append(
            AgreementOut(
                id=r["id"],
                programme_id=r["programme"],
                proposal_id=r["proposal"],
                master_member_id=r["master_member_id"],
                apprentice_member_id=r["apprentice_member_id"],
                master_name=members[r["master_member_id"]].name if r["master_member_id"] in members else "?",
                apprentice_name=members[r["apprentice_member_id"]].name
                if r["apprentice_member_id"] in members
                else "?",
                term_start=r["term_start"],
                term_end=r["term_end"],
                goals=r["goals"],
                status=r["status"],
                ended_on=r["ended_on"],
                end_reason=r["end_reason"],
                level_before=before,
                level_after=after,
                level_raised=level_raised(before, after),
                competition_result=r["competition_result"],
                innovation=r["innovation"],
                outcome_note=r["outcome_note"],
                notes=notes.get(r["id"], []),
            )
        )
    return out


async def _agreement_row(agreement_id: int, *, for_update: bool = False) -> dict[str, Any]:
    row = await conn().fetchrow(
        "SELECT * FROM pairing_agreement WHERE id = $1" + (" FOR UPDATE" if for_update else ""), agreement_id
    )
    if row is None:
        raise NotFound(AGREEMENT_NOT_FOUND, key=agreement_id)
    return dict(row)


async def get_agreement(agreement_id: int, actor: Actor = SYSTEM) -> AgreementOut:
    row = await _agreement_row(agreement_id)
    await may_act((await programme_row(row["programme"]))["scope_org_id"], actor)
    return (await _agreements_out([row], with_notes=True))[0]


async def list_agreements(
    *,
    programme_id: int | None = None,
    status: str | None = None,
    member_id: int | None = None,
    within: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[AgreementOut]:
    check_limit(limit)
    if status is not None and status not in ("active", "completed", "ended_early"):
        raise invalid("status", AGREEMENT_STATUS)
    where: list[str] = ["TRUE"]
    args: list[Any] = []

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    if programme_id is not None:
        where.append(f"a.programme = {arg(programme_id)}")
    if status is not None:
        where.append(f"a.status = {arg(status)}")
    if member_id is not None:
        p = arg(member_id)
        where.append(f"(a.master_member_id = {p} OR a.apprentice_member_id = {p})")
    if within is not None:
        where.append(f"p.scope_org_id = ANY({arg(await orgs.subtree_ids(within))}::int[])")
    rows, next_cursor = await keyset_sql(
        f"SELECT a.* FROM pairing_agreement a JOIN pairing_programme p ON p.id = a.programme "
        f"WHERE {' AND '.join(where)}",
        *args,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=await _agreements_out([dict(r) for r in rows]), next_cursor=next_cursor)


async def _agreement_for_change(agreement_id: int, actor: Actor) -> dict[str, Any]:
    row = await _agreement_row(agreement_id, for_update=True)
    programme = await programme_row(row["programme"])
    await may_act(programme["scope_org_id"], actor)
    return row


async def update_agreement(agreement_id: int, patch: AgreementPatch, actor: Actor = SYSTEM) -> AgreementOut:
    row = await _agreement_for_change(agreement_id, actor)
    if row["status"] != "active":
        raise _closed(agreement_id, row["status"])
    errors: list[FieldError] = []
    goals = term_end = None
    if patch.goals is not None:
        goals = text_field(patch.goals, "goals", errors, limit=4000)
    if patch.term_end is not None:
        if patch.term_end < row["term_start"]:
            errors.append(FieldError("term_end", BEFORE_START))
        term_end = patch.term_end
    if errors:
        raise InvalidInput(errors)
    if goals is not None or term_end is not None:
        await conn().execute(
            "UPDATE pairing_agreement SET goals = coalesce($2, goals), term_end = coalesce($3, term_end) WHERE id = $1",
            agreement_id,
            goals,
            term_end,
        )
        await activity.record("pairing.agreement.updated", f"agreement:{agreement_id}", {}, actor)
    return await get_agreement(agreement_id)


async def add_note(agreement_id: int, data: NoteIn, actor: Actor = SYSTEM) -> AgreementOut:
    row = await _agreement_for_change(agreement_id, actor)
    errors: list[FieldError] = []
    text = text_field(data.text, "text", errors, required=True, limit=4000)
    noted_on = data.noted_on or today()
    if noted_on < row["term_start"]:
        errors.append(FieldError("noted_on", BEFORE_AGREEMENT))
    if noted_on > today():
        errors.append(FieldError("noted_on", IN_THE_FUTURE))
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        "INSERT INTO pairing_progress_note (agreement, noted_on, text, author) VALUES ($1, $2, $3, $4)",
        agreement_id,
        noted_on,
        text,
        actor.name,
    )
    await activity.record("pairing.agreement.note", f"agreement:{agreement_id}", {}, actor)
    return await get_agreement(agreement_id)


async def record_outcome(agreement_id: int, data: OutcomeIn, actor: Actor = SYSTEM) -> AgreementOut:
    """Close an agreement with its result: the level reached, a competition result, a 五小 innovation."""
    row = await _agreement_for_change(agreement_id, actor)
    if row["status"] == "ended_early":
        raise _closed(agreement_id, row["status"])
    errors: list[FieldError] = []
    if data.level_after is not None and data.level_after not in solver.LEVELS:
        errors.append(FieldError("level_after", LEVEL))
    competition = text_field(data.competition_result, "competition_result", errors)
    innovation = text_field(data.innovation, "innovation", errors)
    note = text_field(data.note, "note", errors, limit=4000)
    if data.level_after is None and not (competition or innovation or note):
        errors.append(FieldError("level_after", NO_RESULT))
    completed_on = data.completed_on or today()
    if completed_on > today():
        errors.append(FieldError("completed_on", IN_THE_FUTURE))
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        """UPDATE pairing_agreement SET status = 'completed', level_after = $2, competition_result = $3,
             innovation = $4, outcome_note = $5, ended_on = $6 WHERE id = $1""",
        agreement_id,
        data.level_after,
        competition,
        innovation,
        note,
        completed_on,
    )
    raised = level_raised(row["level_before"], data.level_after)
    if (
        raised and data.level_after is not None
    ):  # the apprentice's qualification (级别提升) lives in orgs: same transaction, never lowered
        await orgs.raise_member_level(
            row["apprentice_member_id"],
            data.level_after,
            on=completed_on,
            reason=_level_reason(agreement_id),
            actor=actor,
        )
    await activity.record(
        "pairing.agreement.outcome",
        f"agreement:{agreement_id}",
        {"level_raised": raised, "competition": bool(competition), "innovation": bool(innovation)},
        actor,
    )
    return await get_agreement(agreement_id)


def _level_reason(agreement_id: int) -> str:
    return f"名师带高徒 师徒协议 #{agreement_id} 成果 / master-apprentice agreement #{agreement_id} outcome"


async def end_early(agreement_id: int, data: EndIn, actor: Actor = SYSTEM) -> AgreementOut:
    """End an agreement before its term; the reason is required. The apprentice may be paired again."""
    row = await _agreement_for_change(agreement_id, actor)
    if row["status"] != "active":
        raise _closed(agreement_id, row["status"])
    errors: list[FieldError] = []
    reason = text_field(data.reason, "reason", errors, required=True, limit=2000)
    ended_on = data.ended_on or today()
    if ended_on < row["term_start"]:
        errors.append(FieldError("ended_on", BEFORE_AGREEMENT))
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        "UPDATE pairing_agreement SET status = 'ended_early', ended_on = $2, end_reason = $3 WHERE id = $1",
        agreement_id,
        ended_on,
        reason,
    )
    await activity.record("pairing.agreement.ended_early", f"agreement:{agreement_id}", {"reason": reason}, actor)
    return await get_agreement(agreement_id)
