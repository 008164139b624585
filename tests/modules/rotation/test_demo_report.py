"""The Xixia 2017 demo: the report gives the article's figures, over the API and the CLI too."""

from __future__ import annotations

import time

from server.modules.contract import DemoContext, ReportQuery
from server.modules.orgs.module import MODULE as ORGS
from server.modules.rotation.module import MODULE as ROTATION
from server.reports import report


async def test_the_xixia_demo_gives_the_article_figures(tenant, client, tenant_headers):
    start = time.monotonic()
    messages: list[str] = []
    extras = {"dataset": "xixia"}
    await ORGS.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    await ROTATION.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    print(f"\nrotation demo took {time.monotonic() - start:.1f}s: {messages}")
    f = (await report("rotation", ReportQuery(tenant=tenant.slug, year=2017))).figures
    print(f)
    assert (f["units"], f["grassroots_unions"], f["community_joint_unions"], f["vice_chairs"]) == (27, 29, 9, 5)
    assert f["cultural_events"] > 60 and f["cultural_person_times"] > 2600
    assert f["trainings"] == 46 and f["training_person_times"] > 1500
    assert f["tutoring_classes"] == 3 and f["volunteer_activities"] > 10 and f["skills_contest_workers"] > 800
    assert f["slots_without_series"] == 0 and f["vice_chair_slots"] == 5
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/rotation", params={"year": 2017}, headers=tenant_headers)
    assert r.status_code == 200, r.text
    assert r.json()["figures"]["units"] == 27
    # a second load changes nothing
    await ROTATION.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    assert (await report("rotation", ReportQuery(tenant=tenant.slug, year=2017))).figures == f
