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
