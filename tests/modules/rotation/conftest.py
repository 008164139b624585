"""A rotation world: a district union, a street joint union with a community joint union and six
enterprise unions under it (five non-public), one enterprise union elsewhere, members, and the
street's rotation area with its platforms, rotating chair and five vice chairs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from server.infra.tenancy import tenant_scope
from server.modules.rotation import service
from server.platform.roles import Actor, Role
from tests.modules.orgs.factories import make_member, make_org


def admin(tenant: str) -> Actor:
    return Actor(account_id=None, name="区工会", role=Role.tenant_admin, tenant=tenant)


def officer(tenant: str, org_id: int) -> Actor:
    return Actor(account_id=None, name="工会主席", role=Role.org_officer, tenant=tenant, org_id=org_id)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=service.SHANGHAI)


@dataclass
class World:
    tenant: str
    district: int
    street: int
    community: int
    unions: list[int]  # five non-public enterprise unions, then a public one
    outsider: int  # an enterprise union outside the street
    members: list[int]
    area: int
    platforms: dict[str, int]
    chair: int
    vice_chairs: list[int]


async def build_world(tenant: str) -> World:
    a = admin(tenant)
    async with tenant_scope(tenant):
        district = await make_org("银川市西夏区工会", "county_federation")
        street = await make_org("朔方路街道工会", "joint_union", parent_id=district.id)
        community = await make_org("朔方社区联合工会", "joint_union", parent_id=street.id)
        unions = []
        for i in range(6):
            u = await make_org(
                f"西夏{i}号公司工会", parent_id=street.id, enterprise_name=f"西夏{i}号公司", public_sector=i == 5
            )
            unions.append(u.id)
        outsider = (await make_org("贺兰山西路某公司工会", parent_id=district.id)).id
        members = [(await make_member(unions[i % 6], name=f"职工{i}")).id for i in range(8)]
        area = await service.create_area(
            service.AreaIn(
                root_org_id=street.id,
                name="朔方路街道",
                centre_name="朔方路街道党群活动中心",
                platforms=[
                    service.PlatformIn(name="活动室", kind="activity_room"),
                    service.PlatformIn(name="阅览室", kind="reading_room"),
                    service.PlatformIn(name="劳动者驿站", kind="worker_station"),
                ],
            ),
            a,
        )
        chair = await service.appoint_chair(area.id, service.ChairIn("chair", street.id, "街道工会主席"), a)
        vice = [
            (
                await service.appoint_chair(
                    area.id, service.ChairIn("vice_chair", unions[i], f"副主席{i}", member_id=members[i]), a
                )
            ).id
            for i in range(5)
        ]
    return World(
        tenant,
        district.id,
        street.id,
        community.id,
        unions,
        outsider,
        members,
        area.id,
        {p.name: p.id for p in area.platforms},
        chair.id,
        vice,
    )


@pytest.fixture
async def world(tenant) -> World:
    return await build_world(tenant.slug)
