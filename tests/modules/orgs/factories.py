"""Test helpers for orgs and members; they run inside a tenant scope the caller opens.

async with tenant_scope(tenant.slug):
    union = await make_org("银河机械厂工会", parent_id=zone.id)
    worker = await make_member(union.id, name="李娜", trade="焊工")
"""

from __future__ import annotations

import datetime as dt
import itertools

from server.modules.orgs import idcard
from server.modules.orgs.service import MemberIn, MemberOut, OrgIn, OrgOut, create_member, create_org

_seq = itertools.count()


def id_number(birth: dt.date, gender: str = "M", region: str = "640102", seq: int | None = None) -> str:
    """A valid GB 11643 number; without `seq`, successive calls give different numbers."""
    male = gender.upper().startswith("M")
    if seq is None:
        seq = (next(_seq) % 500) * 2 + (1 if male else 0)
    return idcard.make(region, birth, seq)


def _unique_id_number(gender: str = "M") -> str:
    # 500 numbers per birth date and gender, then the next day: unique across a session.
    n = next(_seq)
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n // 500)
    seq = (n % 500) * 2 + (1 if gender.upper().startswith("M") else 0)
    return idcard.make("640102", birth, seq)


async def make_org(
    name: str = "某某公司工会", type: str = "enterprise_union", parent_id: int | None = None, **kw
) -> OrgOut:
    return await create_org(OrgIn(name=name, type=type, parent_id=parent_id, **kw))


async def make_member(org_id: int, name: str = "张伟", **kw) -> MemberOut:
    gender = kw.pop("gender", None)
    if "id_number" not in kw:
        kw["id_number"] = _unique_id_number(gender or "M")
    return await create_member(MemberIn(name=name, org_id=org_id, gender=gender, **kw))


async def delete_member_as_before(member_id: int) -> None:
    """Old data: a member deleted before the modules' `member_ref_` foreign keys, whose records
    still name them (the keys are NOT VALID, so such rows stay). The keys' checks are switched off
    for this one transaction, as PostgreSQL's replication role does; readers must still cope."""
    from server.infra.tenancy import conn

    c = conn()
    await c.execute("SET LOCAL session_replication_role = replica")
    await c.execute("DELETE FROM placement WHERE member_id = $1", member_id)  # its cascade is off too
    await c.execute("DELETE FROM member WHERE id = $1", member_id)
    await c.execute("SET LOCAL session_replication_role = origin")
