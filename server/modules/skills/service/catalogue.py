"""The course catalogue (订单式课程, three categories) and the trainer pool (培训师智库)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec
from msgspec import Meta

from server.errors import FieldError, InvalidInput, NotFound
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Fen, SmallCount, Text
from server.modules.core import service as activity
from server.modules.skills import messages as msg
from server.modules.skills.service.shared import (
    CATEGORIES,
    MODES,
    Short,
    fen,
    one_of,
    require_federation,
    text,
    whole,
)
from server.platform.roles import SYSTEM, Actor


class CourseIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Text
    category: Short  # general 综合素质 | skills 技能提升 | safety_law 安全法律法规
    hours: SmallCount  # a smallint column
    price_fen: Fen  # per head
    modes: Annotated[list[Short], Meta(max_length=20)] = msgspec.field(default_factory=lambda: ["classroom"])


class CourseOut(msgspec.Struct):
    id: int
    title: str
    category: str
    hours: int
    price_fen: int
    modes: list[str]


COURSE_COLUMNS = "id, title, category, hours, price_fen, modes"


async def create_course(data: CourseIn, actor: Actor = SYSTEM) -> CourseOut:
    require_federation(actor, "课程目录")
    errors: list[FieldError] = []
    title = text(data.title, "title", errors, 200)
    one_of(data.category, "category", errors, CATEGORIES)
    whole(data.hours, "hours", errors, 1)
    fen(data.price_fen, "price_fen", errors)
    if not data.modes:
        errors.append(FieldError("modes", msg.ONE_OF, choices=", ".join(MODES)))
    for mode in data.modes:
        one_of(mode, "modes", errors, MODES)
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        f"INSERT INTO skill_course (title, category, hours, price_fen, modes, created_at) "
        f"VALUES ($1, $2, $3, $4, $5, now()) RETURNING {COURSE_COLUMNS}",
        title,
        data.category,
        data.hours,
        data.price_fen,
        sorted(set(data.modes)),
    )
    await activity.record("skills.course.created", f"course:{row['id']}", {"title": title}, actor)
    return CourseOut(**dict(row))


async def get_course(course_id: int) -> CourseOut:
    row = await conn().fetchrow(f"SELECT {COURSE_COLUMNS} FROM skill_course WHERE id = $1", course_id)
    if row is None:
        raise NotFound(msg.COURSE_NOT_FOUND, key=course_id)
    return CourseOut(**dict(row))


async def list_courses(*, category: str | None = None, limit: int = 50, cursor: str | None = None) -> Page[CourseOut]:
    rows, nxt = await keyset_sql(
        f"SELECT {COURSE_COLUMNS} FROM skill_course WHERE ($1::text IS NULL OR category = $1)",
        category,
        limit=limit,
        cursor=cursor,
    )
    return Page([CourseOut(**dict(r)) for r in rows], nxt)


class TrainerIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Text
    specialities: Annotated[list[Text], Meta(max_length=200)]
    level: Short  # senior | intermediate | junior


class TrainerOut(msgspec.Struct):
    id: int
    name: str
    specialities: list[str]
    level: str
    rating: float | None
    active: bool


TRAINER_LEVELS = ("senior", "intermediate", "junior")
TRAINER_COLUMNS = "id, name, specialities, level, rating, active"


def _trainer(row: dict) -> TrainerOut:
    rating = row["rating"]
    return TrainerOut(**(row | {"rating": float(rating) if isinstance(rating, Decimal) else rating}))


async def create_trainer(data: TrainerIn, actor: Actor = SYSTEM) -> TrainerOut:
    require_federation(actor, "培训师智库")
    errors: list[FieldError] = []
    name = text(data.name, "name", errors, 100)
    one_of(data.level, "level", errors, TRAINER_LEVELS)
    specialities = [s.strip() for s in data.specialities if s.strip()]
    if not specialities or any(len(s) > 50 for s in specialities):
        errors.append(FieldError("specialities", msg.TEXT_LENGTH, limit=50))
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        f"INSERT INTO skill_trainer (name, specialities, level, active, created_at) "
        f"VALUES ($1, $2, $3, true, now()) RETURNING {TRAINER_COLUMNS}",
        name,
        specialities,
        data.level,
    )
    await activity.record("skills.trainer.created", f"trainer:{row['id']}", {"name": name}, actor)
    return _trainer(dict(row))


async def get_trainer(trainer_id: int) -> TrainerOut:
    row = await conn().fetchrow(f"SELECT {TRAINER_COLUMNS} FROM skill_trainer WHERE id = $1", trainer_id)
    if row is None:
        raise NotFound(msg.TRAINER_NOT_FOUND, key=trainer_id)
    return _trainer(dict(row))


async def list_trainers(
    *, speciality: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[TrainerOut]:
    """The pool a unit picks from (点将式): by speciality, best rated first within a page's keys."""
    rows, nxt = await keyset_sql(
        f"SELECT {TRAINER_COLUMNS} FROM skill_trainer WHERE active AND ($1::text IS NULL OR $1 = ANY(specialities))",
        speciality,
        limit=limit,
        cursor=cursor,
    )
    return Page([_trainer(dict(r)) for r in rows], nxt)


async def refresh_ratings(trainer_ids: list[int]) -> None:
    """A trainer's rating is the mean of the feedback on their sessions."""
    await conn().execute(
        "UPDATE skill_trainer t SET rating = s.rating FROM (SELECT s.trainer_id, round(avg(a.rating), 2) AS rating "
        "FROM skill_session s JOIN skill_attendance a ON a.session_id = s.id WHERE s.trainer_id = ANY($1::int[]) "
        "AND a.rating IS NOT NULL GROUP BY s.trainer_id) s WHERE t.id = s.trainer_id",
        trainer_ids,
    )
