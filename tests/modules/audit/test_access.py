"""An org officer sees and answers only their own union's audit; another tenant's ids find nothing;
the API speaks the same rules."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Forbidden, NotFound
from server.infra.tenancy import tenant_scope
from server.modules.audit import service
from tests.conftest import bearer
from tests.modules.audit.conftest import FIELDWORK, admin, audited, auditor, build_world, entry, officer


async def test_an_officer_sees_and_answers_only_their_subtree(world):
    t = world.tenant
    ids = await audited(world, [entry()])
    async with tenant_scope(t):
        by_org = {(await service.get_audit(i)).org_id: i for i in ids}
        mine, theirs = by_org[world.union], by_org[world.other]
        me = officer(t, world.union)
        listed = await service.list_audits(me)
        assert [a.id for a in listed.items] == [mine]
        assert (await service.get_audit(mine, me)).org_id == world.union
        with pytest.raises(Forbidden) as outside:
            await service.get_audit(theirs, me)
        assert outside.value.code == "outside_subtree"
        for i in ids:
            await service.score_audit(i, None, auditor(t))
            await service.issue_opinions(i, service.OpinionsIn(dt.date(2017, 6, 1), "整改"), auditor(t))
        with pytest.raises(Forbidden) as answer:
            await service.report_rectification(theirs, service.RectificationIn(dt.date(2017, 6, 5), "已整改"), me)
        assert answer.value.code == "outside_subtree"
        with pytest.raises(Forbidden) as scoring:  # the auditor scores, not the union
            await service.score_audit(mine, None, me)
        assert scoring.value.code == "role_forbidden"
        assert (await service.get_audit(theirs)).stage == "opinions"


async def test_another_tenants_ids_find_nothing(world, make_tenant):
    ids = await audited(world, [entry()])
    other = await make_tenant(modules=["orgs", "audit"])
    await build_world(other.slug)
    async with tenant_scope(other.slug):
        with pytest.raises(NotFound):
            await service.get_audit(ids[0] + 100, admin(other.slug))
        with pytest.raises(NotFound):
            await service.send_notice(
                ids[1] + 100, service.NoticeIn(FIELDWORK - dt.timedelta(days=5), FIELDWORK), admin(other.slug)
            )
        assert (await service.list_audits(admin(other.slug))).items == []


async def test_the_api_from_standard_to_score(world, client, make_token, make_tenant):
    t = world.tenant
    base = f"/api/v1/t/{t}"
    boss = bearer(await make_token("tenant_admin", t))
    checker = bearer(await make_token("auditor", t))
    chair = bearer(await make_token("org_officer", t, org_id=world.union))
    toml = (await client.get(f"{base}/audit-standards/{world.standard}/toml", headers=checker)).text
    assert "[[indicators]]" in toml
    loaded = await client.post(
        f"{base}/audit-standards/import", content=toml.replace("T-1", "T-9").encode(), headers=boss
    )
    assert loaded.status_code == 200 and loaded.json()["code"] == "T-9"
    bad = await client.post(
        f"{base}/audit-standards/import", content=toml.replace('"教育宣传", ', "").encode(), headers=boss
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    refused = await client.post(
        f"{base}/audit-plans", json={"year": 2017, "title": "x", "standard_id": 1}, headers=chair
    )
    assert refused.status_code == 403 and refused.json()["code"] == "role_forbidden"
    plan = (
        await client.post(
            f"{base}/audit-plans",
            json={"year": 2017, "title": "2017年度审计", "standard_id": world.standard},
            headers=boss,
        )
    ).json()
    assert (await client.post(f"{base}/audit-plans/{plan['id']}/approve", headers=boss)).json()["audits"] == 2
    mine = (await client.get(f"{base}/audits", headers=chair)).json()["items"]
    assert [a["org_id"] for a in mine] == [world.union]
    a = mine[0]["id"]
    late = await client.post(
        f"{base}/audits/{a}/notice", json={"notice_on": "2017-05-08", "fieldwork_on": "2017-05-10"}, headers=checker
    )
    assert late.status_code == 422 and "至少3日" in late.json()["detail"]
    ok = await client.post(
        f"{base}/audits/{a}/notice", json={"notice_on": "2017-05-07", "fieldwork_on": "2017-05-10"}, headers=checker
    )
    assert ok.json()["stage"] == "noticed"
    lines = [
        {"form": "spending", "indicator": "A1", "project": "职工读书月", "spending_fen": 3_000_000, "participants": 200}
    ]
    assert (await client.post(f"{base}/audits/{a}/entries", json=lines, headers=checker)).status_code == 201
    sheet = (await client.post(f"{base}/audits/{a}/score", json={}, headers=checker)).json()
    assert sheet["total"] == 4.5 and sheet["grade"] == "poor"  # 1 project + 3 units (1.5) + 2 hundreds (2)
    seen = (await client.get(f"{base}/audits/{a}/scores", headers=chair)).json()
    assert seen["indicators"][0]["entry_ids"] and seen["total"] == 4.5
    others = [x["id"] for x in (await client.get(f"{base}/audits", headers=checker)).json()["items"] if x["id"] != a]
    outside = await client.get(f"{base}/audits/{others[0]}/scores", headers=chair)
    assert outside.status_code == 403 and outside.json()["code"] == "outside_subtree"
    off = await make_tenant(modules=["orgs"])
    gone = await client.get(f"/api/v1/t/{off.slug}/audits", headers=bearer(await make_token("tenant_admin", off.slug)))
    assert gone.status_code == 404
