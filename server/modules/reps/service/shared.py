"""What the reps services share: today's date, the checks every input goes through, and who may
act for a unit (the one officer policy, `server.modules.orgs.access`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from server.errors import FieldError, Forbidden, NotFound
from server.infra.tenancy import conn
from server.modules.orgs import access
from server.modules.reps import messages as msg
from server.platform.roles import Actor, Role

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
VERDICTS = {"satisfied": "满意", "basic": "基本满意", "dissatisfied": "不满意"}
DUTIES = {"meeting": "参加会议", "proposal": "提出提案", "visit": "走访职工", "training": "培训"}
RECALL_SHARE = 60  # percent of ballots dissatisfied that loses the seat
REWARD_SCORE = 90  # the mean score that earns a reward


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


def is_federation(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


async def check_unit(actor: Actor, org_id: int) -> None:
    """Admins act anywhere; an org officer inside their subtree only (403 `outside_subtree`);
    nobody else (403 `role_forbidden`)."""
    if actor.role is Role.org_officer:
        await access.check_org_visible(actor, org_id)
    elif not is_federation(actor):
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")


async def congress_row(congress_id: int) -> dict[str, Any]:
    row = await conn().fetchrow("SELECT * FROM rep_congress WHERE id = $1", congress_id)
    if row is None:
        raise NotFound(msg.CONGRESS_NOT_FOUND, code="not_found", key=congress_id)
    return dict(row)


async def constituency_row(constituency_id: int) -> dict[str, Any]:
    row = await conn().fetchrow(
        "SELECT s.*, c.org_id AS unit_id, c.starts_on AS term_starts, c.ends_on AS term_ends, c.min_level "
        "FROM rep_constituency s JOIN rep_congress c ON c.id = s.congress_id WHERE s.id = $1",
        constituency_id,
    )
    if row is None:
        raise NotFound(msg.CONSTITUENCY_NOT_FOUND, code="not_found", key=constituency_id)
    return dict(row)


def text(value: Any, field: str, errors: list[FieldError], limit: int, *, empty: bool = False) -> str:
    clean = value.strip() if isinstance(value, str) else ""
    if not (0 if empty else 1) <= len(clean) <= limit:
        errors.append(FieldError(field, msg.TEXT_LENGTH, limit=limit))
    return clean


def whole(value: Any, field: str, errors: list[FieldError], low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        errors.append(FieldError(field, msg.WHOLE_AT_LEAST, low=low))


def one_of(value: Any, field: str, errors: list[FieldError], choices: Iterable[str]) -> None:
    options = list(choices)
    if value not in options:
        errors.append(FieldError(field, msg.ONE_OF, choices=", ".join(options)))


def fen(value: Any, field: str, errors: list[FieldError]) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors.append(FieldError(field, msg.FEN_POSITIVE))
