"""Qingtongxia 2017: the report computes the article's figures from the demo records."""

from __future__ import annotations

import datetime as dt
import time

from server.infra.tenancy import tenant_scope
from server.modules.contract import DemoContext, ReportQuery
from server.modules.voice import demo, service
from server.modules.voice.report import report
from server.modules.voice.tables import Complaint


async def test_the_2017_figures(tenant, client, tenant_headers):
    started = time.monotonic()
    await demo.load(DemoContext(tenant=tenant.slug))
    assert time.monotonic() - started < 15  # `make up` loads it for every new tenant
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/voice", params={"year": 2017}, headers=tenant_headers)
    assert r.status_code == 200, r.text
    figures = r.json()["figures"]
    assert {
        k: figures[k]
        for k in (
            "complaints",
            "demand_orders",
            "acceptance_forms",
            "disputes_mediated",
            "difficulties_solved",
            "wage_arrears_cases",
            "wage_arrears_workers",
            "wage_arrears_recovered_fen",
        )
    } == {
        "complaints": 836,
        "demand_orders": 83,
        "acceptance_forms": 16,
        "disputes_mediated": 149,
        "difficulties_solved": 46,
        "wage_arrears_cases": 4,
        "wage_arrears_workers": 98,
        "wage_arrears_recovered_fen": 5_456_000,
    }
    assert figures["on_time_rate"] == 0.875  # two of sixteen forms ran late
    assert 3 <= figures["median_working_days"] <= 7
    assert sum(figures[f"complaints_{c}"] for c in service.CATEGORIES) == 836
    assert sum(figures[f"complaints_via_{c}"] for c in service.CHANNELS) == 836
    # another year is empty; the figures come from the records
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/voice", params={"year": 2018}, headers=tenant_headers)
    assert r.json()["figures"]["complaints"] == 0
    async with tenant_scope(tenant.slug):
        await Complaint.delete().where(Complaint.order.is_null() & (Complaint.outcome == "difficulty_solved"))
        after = await report(ReportQuery(tenant=tenant.slug, year=2017))
    assert after["difficulties_solved"] == 12 and after["complaints"] == 836 - 34
    # the sequences moved past the demo's explicit ids: new complaints still get numbers
    async with tenant_scope(tenant.slug):
        c = await service.file_complaint(
            service.ComplaintIn(
                category="other",
                text="新诉求",
                org_id=after and (await Complaint.select(Complaint.org_id).first())["org_id"],
            ),
            service.SYSTEM,
        )
    assert c.ref.startswith(f"C{dt.date.today().year}-")
