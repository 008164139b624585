"""The Shizuishan demo dataset: the report, computing over the records, gives the article's figures."""

from __future__ import annotations

import time

from server.infra.tenancy import tenant_scope
from server.modules.contract import DemoContext, ReportQuery
from server.modules.orgs import demo, report, restructure, service
from tests.conftest import bearer


async def test_the_shizuishan_demo_report_gives_the_articles_figures(client, make_tenant, make_token):
    tenant = await make_tenant()
    started = time.monotonic()
    await demo.load(DemoContext(tenant=tenant.slug, extras={"dataset": "shizuishan"}))
    loaded_in = time.monotonic() - started
    async with tenant_scope(tenant.slug):
        figures = await report.report(ReportQuery(tenant=tenant.slug, year=2017))
    assert figures["zones"] == 4
    assert figures["zone_enterprises"] == 287
    assert figures["zone_workers"] >= 61000
    assert figures["moved_direct_unions"] == 48
    assert figures["moved_enterprise_unions"] == 602
    assert figures["new_zone_federations"] == 3
    assert figures["new_industry_unions"] == 3
    assert figures["social_workers_assigned"] == 41
    # The same through the API's one report shape.
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/reports/orgs",
        params={"year": 2017},
        headers=bearer(await make_token("tenant_admin", tenant.slug)),
    )
    assert r.status_code == 200, r.text
    assert r.json()["figures"]["moved_enterprise_unions"] == 602
    # Before the plan's date nothing had moved and no zone federation existed.
    async with tenant_scope(tenant.slug):
        before = await report.report(ReportQuery(tenant=tenant.slug, year=2016))
        assert before["moved_orgs"] == 0 and before["orgs_zone_federation"] == 0
        root = (await service.list_orgs(roots=True)).items[0]
        old = await service.tree(root.id, as_of=demo.PLAN_DAY.replace(day=1))
        new = await service.tree(root.id)
    assert sum(n.type == "county_federation" for n in old) == 3
    assert sum(n.depth == 1 for n in old) == 3 + 48
    assert sum(n.depth == 1 for n in new) == 3 + 3 + 3
    # The tour previews a draft: the 2018 plan for the fine-chemicals base, ready to apply.
    async with tenant_scope(tenant.slug):
        [draft] = (await restructure.list_plans(status="draft")).items
        preview = await restructure.preview_plan(draft.id)
    assert preview.can_apply and preview.warnings == [] and preview.new_orgs == 1
    assert preview.moves == draft.moves == demo.ZONES[3][3]  # the base's 40 enterprise unions
    counts = {p.ref or p.name: (p.before, p.after) for p in preview.parents}
    assert counts["chem"] == (0, preview.moves)
    assert counts["生态经济开发区总工会"][0] - counts["生态经济开发区总工会"][1] == preview.moves
    print(f"shizuishan demo loaded in {loaded_in:.1f}s")


async def test_every_tenant_gets_a_plausible_tree(make_tenant):
    for city in ("yinchuan", "wuzhong", "xixia", "qingtongxia"):
        tenant = await make_tenant()
        await demo.load(DemoContext(tenant=tenant.slug, extras={"dataset": city}))
        async with tenant_scope(tenant.slug):
            figures = await report.report(ReportQuery(tenant=tenant.slug, year=2017))
        assert figures["enterprises"] >= 30 and figures["members"] >= 500, (city, figures)
