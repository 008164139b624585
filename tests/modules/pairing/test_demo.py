"""Shizuishan's 2017 high-tech zone programme, as the demo loads it and the report tells it."""

from __future__ import annotations

import time

from server.modules.contract import DemoContext, ReportQuery
from server.modules.pairing.module import MODULE
from server.reports import report


async def test_the_demo_reproduces_the_2017_high_tech_zone_figures(make_tenant):
    tenant = await make_tenant(modules=["orgs", "pairing"])
    started = time.perf_counter()
    await MODULE.demo(DemoContext(tenant=tenant.slug, extras={"dataset": "shizuishan"}))
    elapsed = time.perf_counter() - started
    f = (await report("pairing", ReportQuery(tenant=tenant.slug, year=2017))).figures
    assert (f["masters"], f["apprentices"], f["target_pairs"]) == (156, 278, 100)
    assert f["pairs"] > 100 and f["target_reached"] == 1
    assert f["innovations"] == 17
    assert f["ended_early"] == 3 and f["levels_raised"] > 0
    print(f"demo loaded in {elapsed:.1f}s: {f}")
    # Loading twice changes nothing.
    await MODULE.demo(DemoContext(tenant=tenant.slug, extras={"dataset": "shizuishan"}))
    assert (await report("pairing", ReportQuery(tenant=tenant.slug, year=2017))).figures == f


async def test_other_tenants_get_a_small_programme(make_tenant):
    tenant = await make_tenant(modules=["orgs", "pairing"])
    await MODULE.demo(DemoContext(tenant=tenant.slug))
    f = (await report("pairing", ReportQuery(tenant=tenant.slug, year=2017))).figures
    assert (f["masters"], f["apprentices"], f["target_pairs"]) == (24, 40, 20)
    assert f["pairs"] == 40


async def test_the_demo_members_levels_follow_the_agreements_outcomes(make_tenant):
    """Members are made in one bulk call to orgs, and an apprentice whose agreement raised the
    level holds that level (or a higher one) in orgs."""
    from server.infra.tenancy import tenant_scope
    from server.modules.orgs import service as orgs
    from server.modules.pairing import service

    tenant = await make_tenant(modules=["orgs", "pairing"])
    await MODULE.demo(DemoContext(tenant=tenant.slug, extras={"dataset": "shizuishan"}))
    async with tenant_scope(tenant.slug):
        agreements = []
        page = await service.list_agreements(limit=200)
        while True:
            agreements += page.items
            if page.next_cursor is None:
                break
            page = await service.list_agreements(limit=200, cursor=page.next_cursor)
        raised = [a for a in agreements if a.level_raised]
        assert len(agreements) == 278 and raised
        members = await orgs.get_members([a.apprentice_member_id for a in raised])
        assert all(members[a.apprentice_member_id].level <= a.level_after for a in raised)
