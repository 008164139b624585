"""What every part of the pairing service shares: the limits, today's date, text fields, the
officer check (through `orgs.access`, the one policy) and the programme row every rule starts from."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from server import messages
from server.errors import FieldError, NotFound
from server.infra.tenancy import conn
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.pairing.messages import PROGRAMME_NOT_FOUND
from server.platform.roles import Actor

ROLES = ("master", "apprentice")
MAX_CAPACITY = 20
MAX_TARGET_PAIRS = 100_000  # a programme's goal: a city's apprentices, with room
LIVE = ("active", "completed")  # agreements that hold an apprentice and a master's place


def today() -> dt.date:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # Asia/Shanghai


def text_field(
    value: str | None, field: str, errors: list[FieldError], *, required: bool = False, limit: int = 200
) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.append(FieldError(field, messages.EMPTY))
    elif len(text) > limit:
        errors.append(FieldError(field, messages.TOO_LONG, limit=limit))
    return text


async def may_act(scope_org_id: int, actor: Actor) -> None:
    """An org officer acts only on programmes whose scope is inside their own org subtree."""
    await access.check_org_visible(actor, scope_org_id)


async def programme_row(programme_id: int, *, for_update: bool = False) -> dict[str, Any]:
    sql = "SELECT * FROM pairing_programme WHERE id = $1" + (" FOR UPDATE" if for_update else "")
    row = await conn().fetchrow(sql, programme_id)
    if row is None:
        raise NotFound(PROGRAMME_NOT_FOUND, key=programme_id)
    return dict(row)


async def capacity_of(programme: dict[str, Any], master_id: int) -> int:
    own = await conn().fetchval(
        "SELECT capacity FROM pairing_candidate WHERE programme = $1 AND member_id = $2", programme["id"], master_id
    )
    return programme["default_capacity"] if own is None else own


def is_active(member: orgs.MemberOut) -> bool:
    return member.left_on is None or member.left_on > today()


def level_raised(before: int | None, after: int | None) -> bool:
    return after is not None and (before is None or after < before)


def json_list(value: Any) -> list[Any]:
    """A JSONB array as asyncpg returns it (text, without a codec)."""
    return json.loads(value) if isinstance(value, str) else list(value or [])
