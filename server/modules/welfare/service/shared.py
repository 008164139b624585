"""What the registry, campaigns and applications share: the reasons and kinds, today's date,
and who may act for an org (the one officer policy, `server.modules.orgs.access`)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from server.errors import FieldError, Forbidden
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.welfare.messages import NO_SUCH_MEMBER, OFFICERS_ONLY
from server.platform.roles import Actor, Role

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


class Reason(str, Enum):
    """Hardship reasons (致困原因)."""

    illness = "illness"  # 患病
    disability = "disability"  # 残疾
    spouse_unemployed = "spouse_unemployed"  # 配偶失业
    single_parent = "single_parent"  # 单亲
    disaster = "disaster"  # 灾害
    education = "education"  # 子女就学
    low_income = "low_income"  # 收入低
    other = "other"  # 其他


class CampaignKind(str, Enum):
    holiday_relief = "holiday_relief"  # 两节送温暖
    illness_relief = "illness_relief"  # 大病救助
    other = "other"


REASONS = {r.value for r in Reason}
KINDS = {k.value for k in CampaignKind}
REASON_CHOICES = ", ".join(sorted(REASONS))
KIND_CHOICES = ", ".join(sorted(KINDS))


def may_act_for_federation(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


async def check_org_writable(actor: Actor, org_id: int) -> None:
    """Admins act anywhere; an org officer inside their subtree only (403 `outside_subtree`);
    nobody else changes the registry or campaigns (403 `role_forbidden`)."""
    if actor.role is Role.org_officer:
        await access.check_org_visible(actor, org_id)
    elif not may_act_for_federation(actor):
        raise Forbidden(OFFICERS_ONLY, code="role_forbidden")


async def members_by_id(ids: list[int], field: str, errors: list[FieldError]) -> dict[int, orgs.MemberOut]:
    found = await orgs.get_members(ids)
    for i in ids:
        if i not in found:
            errors.append(FieldError(field, NO_SUCH_MEMBER, member=i))
    return found


async def member_names(ids: set[int]) -> dict[int, str]:
    found = await orgs.get_members(sorted(ids))
    return {i: m.name for i, m in found.items()}
