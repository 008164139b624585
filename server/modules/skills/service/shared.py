"""What the skills services share: today's date, the checks every input goes through, and who
may act for an org (the one officer policy, `server.modules.orgs.access`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from msgspec import Meta

from server.errors import FieldError, Forbidden
from server.messages import NUL_CHARACTER
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.skills import messages as msg
from server.platform.roles import Actor, Role

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
LEVELS = {1: "高级技师", 2: "技师", 3: "高级工", 4: "中级工", 5: "初级工"}
CATEGORIES = {"general": "综合素质", "skills": "技能提升", "safety_law": "安全法律法规"}
MODES = {"classroom": "课堂", "workplace": "工余送课上门"}

# The schema's bounds for the `*In` Structs (issue 13) are the real ones of `server.infra.types`
# (a count, a level, fen, a year); a text in its bound but invalid (an unknown kind, a
# 300-character title) is answered by the service's own bilingual field error.
Short = Annotated[str, Meta(max_length=64)]  # kinds, levels, modes, routes, bank accounts (the service checks each)


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


def is_federation(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


def require_federation(actor: Actor, what: str) -> None:
    """The city federation's own work (`what`: reviews, the catalogue, rules, rewards): tenant_admin only."""
    if not is_federation(actor):
        raise Forbidden(msg.FEDERATION_ONLY, code="role_forbidden")


async def check_org_writable(actor: Actor, org_id: int) -> None:
    """Admins act anywhere; an org officer inside their subtree only (403 `outside_subtree`);
    nobody else writes (403 `role_forbidden`)."""
    if actor.role is Role.org_officer:
        await access.check_org_visible(actor, org_id)
    elif not is_federation(actor):
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")


def text(value: Any, field: str, errors: list[FieldError], limit: int, row: int | None = None) -> str:
    clean = value.strip() if isinstance(value, str) else ""
    if not 1 <= len(clean) <= limit:
        errors.append(FieldError(field, msg.TEXT_LENGTH, row=row, limit=limit))
    elif "\x00" in clean:  # from an imported file (the API's edge refuses it): PostgreSQL cannot store it
        errors.append(FieldError(field, NUL_CHARACTER, row=row))
    return clean


def whole(value: Any, field: str, errors: list[FieldError], low: int, row: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        errors.append(FieldError(field, msg.WHOLE_AT_LEAST, row=row, low=low))


def fen(value: Any, field: str, errors: list[FieldError], *, positive: bool = False, row: int | None = None) -> None:
    """Money is an integer of fen: no floats, no strings, no booleans."""
    if isinstance(value, bool) or not isinstance(value, int) or value < (1 if positive else 0):
        errors.append(FieldError(field, msg.FEN_POSITIVE if positive else msg.FEN, row=row))


def one_of(value: Any, field: str, errors: list[FieldError], choices: Iterable[str], row: int | None = None) -> None:
    options = list(choices)
    if value not in options:
        errors.append(FieldError(field, msg.ONE_OF, row=row, choices=", ".join(options)))


def level(value: Any, field: str, errors: list[FieldError], row: int | None = None) -> None:
    if isinstance(value, bool) or value not in LEVELS:
        errors.append(FieldError(field, msg.LEVEL, row=row))


def dates_forward(start: dt.date, end: dt.date, field: str, errors: list[FieldError], other: str) -> None:
    if end < start:
        errors.append(FieldError(field, msg.DATE_ORDER, other=other))


async def orgs_exist(ids: Iterable[int], field: str, errors: list[FieldError]) -> None:
    wanted = sorted(set(ids))
    found = await orgs.get_orgs(wanted)
    for i in wanted:
        if i not in found:
            errors.append(FieldError(field, msg.NO_SUCH_ORG, org=i))


async def members(ids: Iterable[int], field: str, errors: list[FieldError]) -> dict[int, orgs.MemberOut]:
    """The members by id; an unknown id, or one listed twice, is a field error (with its row when the
    ids are rows). A member twice in one roster or results list made the one statement that writes
    them update a row twice (PostgreSQL refuses: a 500)."""
    wanted = list(ids)
    found = await orgs.get_members(sorted(set(wanted)))
    first: dict[int, int] = {}
    for n, i in enumerate(wanted, start=1):
        if i not in found:
            errors.append(FieldError(field, msg.NO_SUCH_MEMBER, row=n if len(wanted) > 1 else None, member=i))
        elif first.setdefault(i, n) != n:
            errors.append(FieldError(field, msg.LISTED_TWICE, row=n, first=first[i]))
    return found
