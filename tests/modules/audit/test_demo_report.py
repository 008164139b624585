"""The Wuzhong 2017 demo gives the issue's figures, computed from the records; the report moves when
an audit is added; `saishang report audit` prints the same."""

from __future__ import annotations

import datetime as dt
import time

from server.infra.tenancy import conn, tenant_scope
from server.modules.audit import service
from server.modules.audit.module import MODULE as AUDIT
from server.modules.contract import DemoContext, ReportQuery
from server.modules.orgs.module import MODULE as ORGS
from server.reports import report
from tests.modules.audit.conftest import admin, audited, auditor, entry


async def test_the_wuzhong_demo_gives_the_issue_figures(make_tenant, client, make_token):
    tenant = await make_tenant(modules=["orgs", "audit"])
    start = time.monotonic()
    said: list[str] = []
    extras = {"dataset": "wuzhong"}
    await ORGS.demo(DemoContext(tenant=tenant.slug, progress=said.append, extras=extras))
    await AUDIT.demo(DemoContext(tenant=tenant.slug, progress=said.append, extras=extras))
    print(f"\naudit demo took {time.monotonic() - start:.1f}s: {said}")
    f = (await report("audit", ReportQuery(tenant=tenant.slug, year=2017))).figures
    print(f)
    assert (f["areas"], f["standards"], f["report_form_kinds"]) == (6, 5, 5)
    async with tenant_scope(tenant.slug):
        c = conn()
        audits = await c.fetch("SELECT * FROM audit_case")
        pilot = await c.fetchrow("SELECT * FROM audit_case WHERE org_name = '吴忠仪表有限责任公司工会'")
    assert pilot is not None and pilot["stage"] == "closed" and pilot["grade"] == "good"
    assert f["audited_unions"] == len({a["org_id"] for a in audits}) == len(audits) > 20
    grades = [a["grade"] for a in audits]
    for g in ("good", "fairly_good", "average", "poor"):
        assert f[f"grade_{g}"] == grades.count(g) > 0, g
    on_time = sum(1 for a in audits if a["rectified_on"] and a["rectified_on"] <= a["rectification_due"])
    late = sum(1 for a in audits if a["rectified_on"] is None or a["rectified_on"] > a["rectification_due"])
    assert f["rectified_on_time"] == on_time > 0 and f["overdue"] == late > 0
    assert all(0 < f[f"area_{n}_avg"] <= 20 for n in range(1, 7))
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/reports/audit",
        params={"year": 2017},
        headers={"Authorization": f"Bearer {await make_token('tenant_admin', tenant.slug)}"},
    )
    assert r.json()["figures"]["grade_good"] == f["grade_good"]


async def test_the_report_moves_when_an_audit_is_added(world):
    before = (await report("audit", ReportQuery(tenant=world.tenant, year=2017))).figures
    assert before["audited_unions"] == 0 and before["standards"] == 1 and before["areas"] == 6
    ids = await audited(world, [entry("A1", 9_000_000, participants=2000, results=9, commendations=3)])
    async with tenant_scope(world.tenant):
        await service.score_audit(ids[0], None, auditor(world.tenant))
        await service.issue_opinions(ids[0], service.OpinionsIn(dt.date(2017, 6, 1), "整改"), auditor(world.tenant))
        await service.report_rectification(
            ids[0], service.RectificationIn(dt.date(2017, 6, 20), "已整改"), admin(world.tenant)
        )
    after = (await report("audit", ReportQuery(tenant=world.tenant, year=2017))).figures
    assert after["audited_unions"] == 1 and after["grade_poor"] == 1 and after["rectified_on_time"] == 1
    assert after["report_form_kinds"] == 1 and after["area_1_avg"] > 0
    other_year = (await report("audit", ReportQuery(tenant=world.tenant, year=2018))).figures
    assert other_year["audited_unions"] == 0
    sub = (await report("audit", ReportQuery(tenant=world.tenant, year=2017, org=world.other))).figures
    async with tenant_scope(world.tenant):
        scored_org = (await service.get_audit(ids[0])).org_id
    assert sub["audited_unions"] == (1 if scored_org == world.other else 0)  # one subtree's figures only


async def test_another_tenant_with_audit_on_gets_the_standards_only(make_tenant, client, make_token):
    tenant = await make_tenant(modules=["orgs", "audit"])
    await ORGS.demo(DemoContext(tenant=tenant.slug, extras={"dataset": "yinchuan"}))
    await AUDIT.demo(DemoContext(tenant=tenant.slug))
    headers = {"Authorization": f"Bearer {await make_token('auditor', tenant.slug)}"}
    first = (await client.get(f"/api/v1/t/{tenant.slug}/audit-standards", params={"limit": 3}, headers=headers)).json()
    rest = (
        await client.get(
            f"/api/v1/t/{tenant.slug}/audit-standards",
            params={"limit": 3, "cursor": first["next_cursor"]},
            headers=headers,
        )
    ).json()
    codes = [s["code"] for s in first["items"] + rest["items"]]
    assert sorted(codes) == ["WZ-AID", "WZ-COMP", "WZ-EDU", "WZ-FIN", "WZ-GRADE"] and rest["next_cursor"] is None
    assert all(len(s["areas"]) == 6 for s in first["items"])
    f = (await report("audit", ReportQuery(tenant=tenant.slug, year=2017))).figures
    assert (f["standards"], f["areas"], f["audited_unions"]) == (5, 6, 0)
