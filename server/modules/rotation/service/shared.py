"""What the rotation services share: the clock, the kinds, the input checks, and who may act for an
area, a slot or an org (the one officer policy, `server.modules.orgs.access`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from msgspec import Meta

from server.errors import FieldError, Forbidden, NotFound
from server.infra.tenancy import conn
from server.infra.types import Id
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.rotation import messages as msg
from server.platform.roles import Actor, Role

# The schema's bounds for the `*In` Structs (issue 13): the real ones (`server.infra.types`'s
# counts and years, at most MAX_ROUNDS rounds); a value in its bound but invalid (an unknown kind,
# a 300-character title, a year with no holiday calendar) is answered by the service's own
# bilingual field error.
MAX_ROUNDS = 12  # times round the vice chairs in a year: one a month at most
Rounds = Annotated[int, Meta(ge=1, le=MAX_ROUNDS, description="times round the vice chairs (1 … 12)")]
Ids = Annotated[list[Id], Meta(max_length=10_000)]
Minutes = Annotated[str, Meta(max_length=100_000)]  # the service allows 20,000 characters

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
PLATFORM_KINDS = {
    "activity_room": "活动室",
    "reading_room": "阅览室",
    "gallery": "家风展示长廊",
    "heart_station": "康乃馨心灵驿站",
    "worker_station": "劳动者驿站",
    "other": "其他",
}
ACTIVITY_KINDS = {
    "cultural": "文体娱乐",
    "training": "职业技能及素质培训",
    "volunteer": "志愿服务与安全巡逻",
    "tutoring": "外来务工人员子女帮教",
    "skills_contest": "技能大赛",
    "health_talk": "健康讲座",
    "warmth": "送温暖",
    "coolness": "送清凉",
}
ROLES = {"chair": "轮值主席", "vice_chair": "轮值副主席"}


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


def is_admin(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


async def area_row(area_id: int) -> dict[str, Any]:
    row = await conn().fetchrow(
        "SELECT id, root_org_id, name, centre_name, respect_holidays FROM rot_area WHERE id = $1", area_id
    )
    if row is None:
        raise NotFound(msg.AREA_NOT_FOUND, key=area_id)
    return dict(row)


async def check_area_writable(actor: Actor, area: dict[str, Any]) -> None:
    """The area's own business (platforms, chairs, rosters, themes): admins, or an officer whose
    subtree holds the area's root (the street union); others 403."""
    if actor.role is Role.org_officer:
        await access.check_org_visible(actor, area["root_org_id"])
    elif not is_admin(actor):
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")


async def check_area_visible(actor: Actor, area: dict[str, Any]) -> None:
    """Reading an area: admins, the street union's officers, and officers of unions inside the area."""
    if actor.role is not Role.org_officer:
        return
    root = access.scope_root(actor)
    if root is not None and await orgs.is_in_subtree(root, area["root_org_id"]):
        return
    await access.check_org_visible(actor, area["root_org_id"])


async def check_org_writable(actor: Actor, org_id: int) -> None:
    """Acting for an org: admins anywhere, an officer inside their subtree (403 `outside_subtree`)."""
    if actor.role is Role.org_officer:
        await access.check_org_visible(actor, org_id)
    elif not is_admin(actor):
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")


async def check_slot_writable(actor: Actor, area: dict[str, Any], chair_org_id: int) -> None:
    """A slot's work: the area's officers, or the officers of the union whose chair holds the slot."""
    if actor.role is Role.org_officer:
        root = access.scope_root(actor)
        if root is not None and await orgs.is_in_subtree(chair_org_id, root):
            return
        await access.check_org_visible(actor, area["root_org_id"])
    elif not is_admin(actor):
        raise Forbidden(msg.OFFICERS_ONLY, code="role_forbidden")


def text(value: Any, field: str, errors: list[FieldError], limit: int, row: int | None = None) -> str:
    clean = value.strip() if isinstance(value, str) else ""
    if not 1 <= len(clean) <= limit:
        errors.append(FieldError(field, msg.TEXT_LENGTH, row=row, limit=limit))
    return clean


def optional_text(value: Any, field: str, errors: list[FieldError], limit: int) -> str:
    clean = value.strip() if isinstance(value, str) else ""
    if len(clean) > limit:
        errors.append(FieldError(field, msg.TOO_LONG, limit=limit))
    return clean


def whole(value: Any, field: str, errors: list[FieldError], low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        errors.append(FieldError(field, msg.WHOLE_AT_LEAST, low=low))


def one_of(value: Any, field: str, errors: list[FieldError], choices: Iterable[str]) -> None:
    options = list(choices)
    if value not in options:
        errors.append(FieldError(field, msg.ONE_OF, choices=", ".join(options)))


def year(value: Any, field: str, errors: list[FieldError]) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1949 <= value <= 2100:
        errors.append(FieldError(field, msg.YEAR))


def may_vice_chair(org: orgs.OrgOut) -> bool:
    """Whether the chair of `org` may be a rotating vice chair: an open enterprise union whose
    enterprise is recorded as non-public (非公). One whose sector is not recorded (NULL) is not:
    the appointment and the candidate list both ask this, so they never disagree."""
    return (
        org.type == "enterprise_union"
        and org.public_sector is False
        and (org.closed_on is None or org.closed_on > today())
    )


async def orgs_in_area(
    ids: Iterable[int], field: str, errors: list[FieldError], area: dict[str, Any]
) -> dict[int, orgs.OrgOut]:
    """The orgs by id: an unknown one, or one outside the area's subtree, is a field error."""
    wanted = sorted(set(ids))
    found = await orgs.get_orgs(wanted)
    inside = set(await orgs.subtree_ids(area["root_org_id"])) if wanted else set()
    for i in wanted:
        if i not in found:
            errors.append(FieldError(field, msg.NO_SUCH_ORG, org=i))
        elif i not in inside:
            errors.append(FieldError(field, msg.NOT_IN_AREA, org=i, area=area["name"]))
    return found


async def members_exist(ids: list[int], field: str, errors: list[FieldError]) -> None:
    found = await orgs.get_members(sorted(set(ids)))
    first: dict[int, int] = {}
    for n, i in enumerate(ids, start=1):
        if i not in found:
            errors.append(FieldError(field, msg.NO_SUCH_MEMBER, row=n, member=i))
        elif i in first:
            errors.append(FieldError(field, msg.LISTED_TWICE, row=n, first=first[i]))
        else:
            first[i] = n
