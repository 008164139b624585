"""The Qingtongxia 2017 demo: the report gives the article's figures; a proposal moves it."""

from __future__ import annotations

import datetime as dt
import time

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext, ReportQuery
from server.modules.orgs.module import MODULE as ORGS
from server.modules.reps import service
from server.modules.reps.module import MODULE as REPS
from server.reports import report
from tests.modules.reps.conftest import admin

ARTICLE = {
    "units_elected": 23,
    "representatives": 398,
    "trained": 366,
    "training_rate": 0.92,
    "units_term_in_rules": 7,
    "units_evaluated": 12,
    "units_rewarding": 6,
    "proposals": 216,
    "rules_revised": 52,
    "problems_found": 32,
    "loss_avoided_fen": 75000000,
    "facilities_m2": 1020,
    "reading_rooms": 10,
    "overtime_cancelled": 17,
}


async def test_the_qingtongxia_demo_gives_the_article_figures(tenant, client, tenant_headers):
    start = time.monotonic()
    messages: list[str] = []
    extras = {"dataset": "qingtongxia"}
    await ORGS.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    assert REPS.demo is not None
    await REPS.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    print(f"\nreps demo took {time.monotonic() - start:.1f}s: {messages}")
    f = (await report("reps", ReportQuery(tenant=tenant.slug, year=2017))).figures
    assert f == ARTICLE
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/reps", params={"year": 2017}, headers=tenant_headers)
    assert r.status_code == 200, r.text
    assert r.json()["figures"] == ARTICLE
    # a second load changes nothing
    await REPS.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    assert (await report("reps", ReportQuery(tenant=tenant.slug, year=2017))).figures == f
    # a proposal with outcomes moves the report
    a = admin(tenant.slug)
    async with tenant_scope(tenant.slug):
        rep = await conn().fetchval("SELECT min(id) FROM rep_representative")
        p = await service.file_proposal(service.ProposalIn(rep, "关于职工书屋的提案", filed_on=dt.date(2017, 12, 1)), a)
        await service.handle_proposal(p.id, service.HandleIn("adopted", reading_rooms=1, rules_revised=2), a)
    moved = (await report("reps", ReportQuery(tenant=tenant.slug, year=2017))).figures
    assert moved == {**ARTICLE, "proposals": 217, "reading_rooms": 11, "rules_revised": 54}
    # the year after has none of it
    assert (await report("reps", ReportQuery(tenant=tenant.slug, year=2018))).figures["proposals"] == 0
