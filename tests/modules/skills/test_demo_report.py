"""The Yinchuan 2017 demo: the report gives the article's figures, and the rewards paid are what the
rules give for the demo's rewarded certificates and honours."""

from __future__ import annotations

import time

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext, ReportQuery
from server.modules.orgs.module import MODULE as ORGS
from server.modules.skills.demo import WAITING
from server.modules.skills.module import MODULE as SKILLS
from server.reports import report


async def test_the_yinchuan_demo_gives_the_article_figures(tenant, client, tenant_headers):
    start = time.monotonic()
    messages: list[str] = []
    extras = {"dataset": "yinchuan"}
    await ORGS.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    await SKILLS.demo(DemoContext(tenant=tenant.slug, progress=messages.append, extras=extras))
    print(f"\nskills demo took {time.monotonic() - start:.1f}s: {messages}")
    f = (await report("skills", ReportQuery(tenant=tenant.slug, year=2017))).figures
    print(f)
    assert f["training_fen"] > 500_000_000 and f["training_person_times"] > 300_000
    assert f["course_categories"] == 3
    assert f["drill_sessions"] >= 3000 and f["drill_enterprises"] > 2000 and f["drill_workers"] > 260_000
    assert f["competitions"] > 120 and f["competition_enterprises"] > 3000
    assert f["competition_participants"] > 260_000 and f["competition_participation_rate"] >= 0.92
    assert f["certified_workers"] > 37_000 and f["senior_via_competition"] == 3725
    async with tenant_scope(tenant.slug):
        # what the rules give, computed here from the certificates and the rule versions
        owed = await conn().fetchval(
            """SELECT sum(a.amount_fen) FROM skill_certificate c
                 JOIN LATERAL (SELECT id FROM skill_reward_rule WHERE effective_from <= c.issued_on
                               ORDER BY effective_from DESC LIMIT 1) r ON true
                 JOIN skill_reward_amount a ON a.rule_id = r.id AND a.level = c.level
                WHERE extract(year FROM c.issued_on) = 2017 AND c.bank_account IS NOT NULL"""
        ) + await conn().fetchval("SELECT sum(amount_fen) FROM skill_honour")
    assert f["rewards_paid_fen"] == f["rewards_owed_fen"] == owed and owed > 0
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/skills", params={"year": 2017}, headers=tenant_headers)
    assert r.json()["figures"]["senior_via_competition"] == 3725
    # The review queue the TUI opens on holds the projects the demo left declared (2018's, outside 2017).
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/training-projects", params={"state": "declared"}, headers=tenant_headers
    )
    assert [p["topic"] for p in r.json()["items"]] and {p["topic"] for p in r.json()["items"]} == {
        topic for topic, *_ in WAITING
    }
