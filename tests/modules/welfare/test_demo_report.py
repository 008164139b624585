"""The Shizuishan demo: 2,602 households, 1,300,000 yuan; 25 people, 100,000 yuan; paid and reported."""

from __future__ import annotations

import time

from server.modules.contract import DemoContext, ReportQuery
from server.modules.welfare.demo import DRAFT_CAMPAIGN, illness_amounts
from server.modules.welfare.module import MODULE
from server.reports import report


def test_illness_amounts_add_up_exactly():
    import random

    amounts = illness_amounts(random.Random(1))
    assert len(amounts) == 25 and sum(amounts) == 10_000_000 and all(a % 50_000 == 0 for a in amounts)


async def test_demo_pays_the_2017_campaigns_and_the_report_gives_the_article_figures(tenant, client, tenant_headers):
    start = time.monotonic()
    messages: list[str] = []
    await MODULE.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras={"welfare_full_demo": True}))
    print(f"\nwelfare demo took {time.monotonic() - start:.1f}s: {messages}")
    figures = (await report("welfare", ReportQuery(tenant=tenant.slug, year=2017))).figures
    assert figures["holiday_relief_households"] == 2602
    assert figures["holiday_relief_fen"] == 130_000_000
    assert figures["illness_relief_people"] == 25
    assert figures["illness_relief_fen"] == 10_000_000
    assert figures["duplicated_payouts"] == 0
    assert figures["payouts_open"] == 0 and figures["reconciliation_differences"] == 0
    assert figures["hardship_households_active"] == 2602
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/welfare", params={"year": 2017}, headers=tenant_headers)
    assert r.json()["figures"]["holiday_relief_fen"] == 130_000_000
    # The tour approves a draft and watches it pay: 2018's holiday relief, for the same households.
    r = await client.get(f"/api/v1/t/{tenant.slug}/campaigns", headers=tenant_headers)
    [draft] = [c for c in r.json()["items"] if c["status"] == "draft"]
    assert (draft["name"], draft["year"]) == (DRAFT_CAMPAIGN, 2018)
    r = await client.get(f"/api/v1/t/{tenant.slug}/campaigns/{draft['id']}/preview", headers=tenant_headers)
    assert r.status_code == 200, r.text
    assert r.json()["beneficiaries"] == 2602 and r.json()["within_budget"] is True
