"""A reps world: a unit (an enterprise union) with two workshops, members in each, and a
congress with a constituency per workshop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from server.infra.tenancy import tenant_scope
from server.modules.reps import service
from server.platform.roles import Actor, Role
from tests.modules.orgs.factories import make_member, make_org


def admin(tenant: str) -> Actor:
    return Actor(account_id=None, name="市总工会", role=Role.tenant_admin, tenant=tenant)


def officer(tenant: str, org_id: int) -> Actor:
    return Actor(account_id=None, name="工会主席", role=Role.org_officer, tenant=tenant, org_id=org_id)


@dataclass
class World:
    tenant: str
    unit: int
    workshops: list[int]
    outsider: int  # an enterprise union elsewhere
    members: list[int]  # 12 in workshop 0
    others: list[int]  # 4 in workshop 1
    congress: int
    constituency: int  # workshop 0, 2 seats


async def build_world(tenant: str) -> World:
    a = admin(tenant)
    async with tenant_scope(tenant):
        city = await make_org("青铜峡市总工会", "county_federation")
        unit = await make_org("青铜峡水泥股份有限公司工会", parent_id=city.id, enterprise_name="青铜峡水泥")
        w0 = await make_org("熟料车间工会", parent_id=unit.id)
        w1 = await make_org("包装车间工会", parent_id=unit.id)
        outsider = await make_org("某铝业公司工会", parent_id=city.id)
        members = [(await make_member(w0.id, name=f"职工{i}", level=3)).id for i in range(12)]
        others = [(await make_member(w1.id, name=f"包装{i}")).id for i in range(4)]
        congress = await service.create_congress(
            service.CongressIn(unit.id, "第五届职代会", dt.date(2017, 1, 1), dt.date(2021, 12, 31), "一线职工"), a
        )
        s = await service.add_constituency(congress.id, service.ConstituencyIn(w0.id, "熟料车间", 2), a)
    return World(tenant, unit.id, [w0.id, w1.id], outsider.id, members, others, congress.id, s.id)


@pytest.fixture
async def world(tenant) -> World:
    return await build_world(tenant.slug)


async def elected(w: World, picks: list[int] | None = None) -> list[int]:
    """Run an election in the constituency and publish it; the representatives' ids."""
    a = admin(w.tenant)
    async with tenant_scope(w.tenant):
        e = await service.open_election(service.ElectionIn(w.constituency, dt.date(2017, 3, 1)), a)
        for m in w.members[:4]:
            e = await service.add_candidate(e.id, service.CandidateIn(m, "我将为大家代言"), a)
        await service.open_voting(e.id, a)
        cands = [c.id for c in e.candidates]
        for i, voter in enumerate(w.members):
            choice = picks or ([cands[0], cands[1]] if i < 8 else [cands[2], cands[3]])
            await service.cast_vote(e.id, service.VoteIn(voter, choice), a)
        await service.tally(e.id, a)
        await service.publish(e.id, a)
        roll = await service.list_representatives(w.congress, actor=a)
    return [r.id for r in roll.items]
