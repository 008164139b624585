"""Welfare figures for one org's subtree: a union officer's report counts its own households
and payouts, the city federation's counts everyone's."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.welfare import report, service
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import admin, holiday, pay_with_simulated_bank


async def test_the_figures_of_a_subtree_count_its_own_households_and_payouts(tenant):
    slug = tenant.slug
    async with tenant_scope(slug):
        city = await make_org("测试市总工会", "city_federation")
        zone = await make_org("高新区总工会", "zone_federation", city.id)
        mill = await make_org("机械厂工会", parent_id=zone.id)
        mine = await make_org("矿业公司工会", parent_id=city.id)
        for org, n in ((mill, 3), (mine, 2)):
            for i in range(n):
                member = await make_member(org.id, name=f"{org.name}职工{i}")
                h = await service.file_household(
                    service.HouseholdIn(
                        member_id=member.id,
                        household_size=3,
                        reasons=["illness"],
                        income_per_head_fen=80000,
                        bank_account=f"6222{org.id:04d}{i:08d}",
                    ),
                    admin(slug),
                )
                await service.review_household(h.id, service.ReviewIn(approve=True), admin(slug))
        campaign = await service.approve_campaign(
            (await service.create_campaign(holiday(), admin(slug))).id, admin(slug)
        )
    await pay_with_simulated_bank(slug, campaign.batch_id)

    async with tenant_scope(slug):
        whole = await report.figures(2017)
        of_zone = await report.figures(2017, zone.id)
        of_mine = await report.figures(2017, mine.id)
    assert (whole["holiday_relief_households"], whole["holiday_relief_fen"]) == (5, 250_000)
    assert (of_zone["holiday_relief_households"], of_zone["holiday_relief_fen"], of_zone["payouts_paid"]) == (
        3,
        150_000,
        3,
    )
    assert (of_mine["holiday_relief_households"], of_mine["holiday_relief_fen"], of_mine["payouts_paid"]) == (
        2,
        100_000,
        2,
    )
    assert of_zone["paid_fen"] + of_mine["paid_fen"] == whole["paid_fen"]
