"""A skills world: a city federation with two enterprise unions, members, a course and trainers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from server.infra.tenancy import tenant_scope
from server.modules.skills import service
from server.platform.roles import Actor, Role
from tests.modules.orgs.factories import make_member, make_org


def admin(tenant: str) -> Actor:
    return Actor(account_id=None, name="市总培训部", role=Role.tenant_admin, tenant=tenant)


def officer(tenant: str, org_id: int) -> Actor:
    return Actor(account_id=None, name="基层工会主席", role=Role.org_officer, tenant=tenant, org_id=org_id)


@dataclass
class World:
    tenant: str
    city: int
    union: int  # an enterprise union
    other: int  # another enterprise union, outside `union`'s subtree
    members: list[int]
    others: list[int]
    course: int
    trainers: list[int]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=service.SHANGHAI)


async def build_world(tenant: str, n: int = 4) -> World:
    async with tenant_scope(tenant):
        city = await make_org("银川测试市总工会", "city_federation")
        union = await make_org("宁夏软件园工会", parent_id=city.id)
        other = await make_org("银川物流公司工会", parent_id=city.id)
        members = [(await make_member(union.id, name=f"职工{i}")).id for i in range(n)]
        others = [(await make_member(other.id, name=f"司机{i}")).id for i in range(2)]
        course = await service.create_course(
            service.CourseIn(
                title="安全生产法规", category="safety_law", hours=8, price_fen=20_000, modes=["classroom", "workplace"]
            ),
            admin(tenant),
        )
        trainers = [
            (
                await service.create_trainer(
                    service.TrainerIn(name=name, specialities=["安全"], level="senior"), admin(tenant)
                )
            ).id
            for name in ("马老师", "李老师")
        ]
    return World(tenant, city.id, union.id, other.id, members, others, course.id, trainers)


@pytest.fixture
async def world(tenant) -> World:
    return await build_world(tenant.slug)
