"""A welfare world: a federation with unions, members and active hardship households."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from server.platform.roles import Actor, Role
from tests.modules.orgs.factories import make_member, make_org


def admin(tenant: str) -> Actor:
    return Actor(account_id=None, name="王主任", role=Role.tenant_admin, tenant=tenant)


@dataclass
class World:
    tenant: str
    city: int
    union: int
    members: list[int]
    households: list[int]


async def build_world(tenant: str, n: int = 6) -> World:
    async with tenant_scope(tenant):
        city = await make_org("测试市总工会", "city_federation")
        union = await make_org("测试机械厂工会", parent_id=city.id)
        members = [(await make_member(union.id, name=f"职工{i}")).id for i in range(n)]
        households = []
        for i, mid in enumerate(members):
            h = await service.file_household(
                service.HouseholdIn(
                    member_id=mid,
                    household_size=1 + i % 5,
                    reasons=["illness"],
                    income_per_head_fen=80000,
                    bank_account=f"62220000{i:08d}",
                ),
                admin(tenant),
            )
            await service.review_household(h.id, service.ReviewIn(approve=True), admin(tenant))
            households.append(h.id)
    return World(tenant, city.id, union.id, members, households)


@pytest.fixture
async def world(tenant) -> World:
    return await build_world(tenant.slug)


def holiday(budget_fen: int = 10_000_000, fen: int = 50_000, **kw) -> service.CampaignIn:
    return service.CampaignIn(
        kind="holiday_relief",
        name="两节送温暖",
        year=2017,
        budget_fen=budget_fen,
        eligibility=service.Eligibility(rule="hardship_households"),
        amount_rule=service.AmountRule(rule="flat", fen=fen),
        **kw,
    )


async def pay_with_simulated_bank(tenant: str, batch_id: int, *, timeout: float = 60) -> None:
    """Pay a batch to the end through the simulated bank, started and stopped around it."""
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare.channels.http import HttpChannel
    from server.modules.welfare.channels.simulated import SimulatedChannelServer

    bank = SimulatedChannelServer()
    channel = HttpChannel(await bank.start(), timeout=5)
    try:
        await engine.pay_until_settled(tenant, batch_id, channel, timeout=timeout)
    finally:
        await channel.aclose()
        await bank.stop()
