"""Drills (岗位练兵), competitions (劳动竞赛, 技能大赛) with their enterprises and results, and
members recommended to regional and national contests (推荐参赛)."""

from __future__ import annotations

import datetime as dt

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, InvalidInput, NotFound
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Count, Id, PositiveCount, SmallCount, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.skills import messages as msg
from server.modules.skills.service.shared import (
    Short,
    check_org_writable,
    dates_forward,
    members,
    one_of,
    orgs_exist,
    require_federation,
    text,
    today,
    whole,
)
from server.platform.roles import SYSTEM, Actor

KINDS = {"five_one": "五比一创", "double_excellence": "创双优", "five_small": "五小", "skills_contest": "技能大赛"}
LEVELS = {"city": "市级", "region": "自治区级", "national": "国家级"}


class DrillIn(msgspec.Struct, forbid_unknown_fields=True):
    enterprise: Text
    trade: Text  # software, e-commerce, logistics, express delivery, new-energy buses, ...
    held_on: dt.date
    participants: PositiveCount
    org_id: Id | None = None  # the enterprise's union, where it has one here


class DrillOut(msgspec.Struct):
    id: int
    enterprise: str
    org_id: int | None
    trade: str
    held_on: dt.date
    participants: int


async def record_drill(data: DrillIn, actor: Actor = SYSTEM) -> DrillOut:
    errors: list[FieldError] = []
    enterprise = text(data.enterprise, "enterprise", errors, 200)
    trade = text(data.trade, "trade", errors, 50)
    whole(data.participants, "participants", errors, 1)
    if data.held_on > today():
        errors.append(FieldError("held_on", msg.NOT_IN_FUTURE))
    if data.org_id is not None:
        await orgs_exist([data.org_id], "org_id", errors)
    if errors:
        raise InvalidInput(errors)
    if data.org_id is not None:
        await check_org_writable(actor, data.org_id)
    else:  # an enterprise without a union here is the federation's to record
        require_federation(actor, "岗位练兵")
    row = await conn().fetchrow(
        "INSERT INTO skill_drill (org_id, enterprise, trade, held_on, participants) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id, enterprise, org_id, trade, held_on, participants",
        data.org_id,
        enterprise,
        trade,
        data.held_on,
        data.participants,
    )
    await activity.record("skills.drill.recorded", f"drill:{row['id']}", {"enterprise": enterprise}, actor)
    return DrillOut(**dict(row))


async def list_drills(
    *, year: int | None = None, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None
) -> Page[DrillOut]:
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT id, enterprise, org_id, trade, held_on, participants FROM skill_drill "
        "WHERE ($1::int IS NULL OR extract(year FROM held_on) = $1) AND ($2::int[] IS NULL OR org_id = ANY($2))",
        year,
        visible,
        limit=limit,
        cursor=cursor,
    )
    return Page([DrillOut(**dict(r)) for r in rows], nxt)


class CompetitionIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Text
    kind: Short  # five_one 五比一创 | double_excellence 创双优 | five_small 五小 | skills_contest 技能大赛
    level: Short  # city | region | national
    starts_on: dt.date
    ends_on: dt.date
    theme: Text = ""


class EntryIn(msgspec.Struct, forbid_unknown_fields=True):
    enterprise: Text
    eligible: PositiveCount  # at least 1, and at least the participants (the service checks)
    participants: Count
    org_id: Id | None = None


class ResultIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: Id
    rank: SmallCount  # a smallint column
    prize: Text = ""


class CompetitionOut(msgspec.Struct):
    id: int
    title: str
    theme: str
    kind: str
    level: str
    starts_on: dt.date
    ends_on: dt.date
    enterprises: int = 0
    eligible: int = 0
    participants: int = 0
    participation_rate: float | None = None
    results: int = 0


COMPETITION_SELECT = """SELECT c.id, c.title, c.theme, c.kind, c.level, c.starts_on, c.ends_on,
       count(e.id)::int AS enterprises, coalesce(sum(e.eligible), 0)::int AS eligible,
       coalesce(sum(e.participants), 0)::int AS participants,
       CASE WHEN sum(e.eligible) > 0 THEN round(sum(e.participants)::numeric / sum(e.eligible), 4)::float END
         AS participation_rate,
       (SELECT count(*)::int FROM skill_competition_result r WHERE r.competition_id = c.id) AS results
  FROM skill_competition c LEFT JOIN skill_competition_entry e ON e.competition_id = c.id"""


async def create_competition(data: CompetitionIn, actor: Actor = SYSTEM) -> CompetitionOut:
    require_federation(actor, "劳动竞赛")
    errors: list[FieldError] = []
    title = text(data.title, "title", errors, 200)
    if len(data.theme or "") > 200:
        errors.append(FieldError("theme", msg.TEXT_LENGTH, limit=200))
    one_of(data.kind, "kind", errors, KINDS)
    one_of(data.level, "level", errors, LEVELS)
    dates_forward(data.starts_on, data.ends_on, "ends_on", errors, "starts_on")
    if errors:
        raise InvalidInput(errors)
    cid = await conn().fetchval(
        "INSERT INTO skill_competition (title, theme, kind, level, starts_on, ends_on, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id",
        title,
        (data.theme or "").strip(),
        data.kind,
        data.level,
        data.starts_on,
        data.ends_on,
    )
    await activity.record("skills.competition.created", f"competition:{cid}", {"title": title}, actor)
    return await get_competition(cid)


async def get_competition(competition_id: int) -> CompetitionOut:
    row = await conn().fetchrow(f"{COMPETITION_SELECT} WHERE c.id = $1 GROUP BY c.id", competition_id)
    if row is None:
        raise NotFound(msg.COMPETITION_NOT_FOUND, key=competition_id)
    return CompetitionOut(**dict(row))


async def list_competitions(
    *, year: int | None = None, limit: int = 50, cursor: str | None = None
) -> Page[CompetitionOut]:
    rows, nxt = await keyset_sql(
        f"{COMPETITION_SELECT} WHERE ($1::int IS NULL OR extract(year FROM c.starts_on) = $1) GROUP BY c.id",
        year,
        limit=limit,
        cursor=cursor,
    )
    return Page([CompetitionOut(**dict(r)) for r in rows], nxt)


async def add_entries(competition_id: int, entries: list[EntryIn], actor: Actor = SYSTEM) -> CompetitionOut:
    """Enterprises taking part, with eligible and actual participants; all or nothing."""
    require_federation(actor, "劳动竞赛")
    await get_competition(competition_id)
    errors: list[FieldError] = []
    names: list[str] = []
    first: dict[str, int] = {}
    for n, e in enumerate(entries, start=1):
        name = text(e.enterprise, "enterprise", errors, 200, row=n)
        names.append(name)
        if name and first.setdefault(name, n) != n:
            errors.append(FieldError("enterprise", msg.LISTED_TWICE, row=n, first=first[name]))
        whole(e.participants, "participants", errors, 0, row=n)
        whole(e.eligible, "eligible", errors, max(e.participants, 1) if isinstance(e.participants, int) else 1, row=n)
    await orgs_exist([e.org_id for e in entries if e.org_id is not None], "org_id", errors)
    if errors:
        raise InvalidInput(errors)
    try:
        await conn().execute(
            "INSERT INTO skill_competition_entry (competition_id, enterprise, org_id, eligible, participants) "
            "SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[], $5::int[])",
            competition_id,
            names,
            [e.org_id for e in entries],
            [e.eligible for e in entries],
            [e.participants for e in entries],
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.ENTRY_EXISTS, code="entry_exists", competition=competition_id) from None
    await activity.record(
        "skills.competition.entries_added", f"competition:{competition_id}", {"entries": len(entries)}, actor
    )
    return await get_competition(competition_id)


async def record_results(competition_id: int, results: list[ResultIn], actor: Actor = SYSTEM) -> CompetitionOut:
    """Members' placings (rank, prize); all or nothing."""
    require_federation(actor, "劳动竞赛")
    await get_competition(competition_id)
    errors: list[FieldError] = []
    found = await members([r.member_id for r in results], "member_id", errors)
    for n, r in enumerate(results, start=1):
        whole(r.rank, "rank", errors, 1, row=n)
        if len(r.prize or "") > 50:
            errors.append(FieldError("prize", msg.TEXT_LENGTH, row=n, limit=50))
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        "INSERT INTO skill_competition_result (competition_id, member_id, org_id, rank, prize) "
        "SELECT $1, * FROM unnest($2::int[], $3::int[], $4::smallint[], $5::text[]) "
        "ON CONFLICT (competition_id, member_id) DO UPDATE SET rank = EXCLUDED.rank, prize = EXCLUDED.prize",
        competition_id,
        [r.member_id for r in results],
        [found[r.member_id].org_id for r in results],
        [r.rank for r in results],
        [(r.prize or "").strip() for r in results],
    )
    await activity.record(
        "skills.competition.results_recorded", f"competition:{competition_id}", {"results": len(results)}, actor
    )
    return await get_competition(competition_id)


class RecommendationIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: Id
    level: Short  # region | national
    contest: Text
    recommended_on: dt.date


class RecommendationOut(msgspec.Struct):
    id: int
    member_id: int
    org_id: int
    level: str
    contest: str
    recommended_on: dt.date


async def recommend(data: RecommendationIn, actor: Actor = SYSTEM) -> RecommendationOut:
    """A member recommended to a regional or national contest (推荐参加自治区、国家级职业技能大赛)."""
    require_federation(actor, "推荐参赛")
    errors: list[FieldError] = []
    found = await members([data.member_id], "member_id", errors)
    one_of(data.level, "level", errors, ("region", "national"))
    contest = text(data.contest, "contest", errors, 200)
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        "INSERT INTO skill_recommendation (member_id, org_id, level, contest, recommended_on) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id, member_id, org_id, level, contest, recommended_on",
        data.member_id,
        found[data.member_id].org_id,
        data.level,
        contest,
        data.recommended_on,
    )
    await activity.record(
        "skills.recommendation.made", f"member:{row['member_id']}", {"recommendation": row["id"]}, actor
    )
    return RecommendationOut(**dict(row))


async def list_recommendations(
    *, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None
) -> Page[RecommendationOut]:
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT id, member_id, org_id, level, contest, recommended_on FROM skill_recommendation "
        "WHERE ($1::int[] IS NULL OR org_id = ANY($1))",
        visible,
        limit=limit,
        cursor=cursor,
    )
    return Page([RecommendationOut(**dict(r)) for r in rows], nxt)
