"""The audit's domain rules through the API: the notice is recorded once delivered and fieldwork
waits for its day; the population is the non-public enterprise unions above designated size,
a named union outside it is refused, and one never classified is listed, not silently dropped."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import tenant_scope
from server.modules.audit import service
from tests.conftest import bearer
from tests.modules.orgs.factories import make_org


async def test_no_future_notice_and_no_entries_before_fieldwork(world, client, make_token):
    base = f"/api/v1/t/{world.tenant}"
    boss = bearer(await make_token("tenant_admin", world.tenant))
    checker = bearer(await make_token("auditor", world.tenant))
    plan = (
        await client.post(
            f"{base}/audit-plans",
            json={"year": 2017, "title": "试点", "standard_id": world.standard, "org_ids": [world.union]},
            headers=boss,
        )
    ).json()
    await client.post(f"{base}/audit-plans/{plan['id']}/approve", headers=boss)
    [a] = (await client.get(f"{base}/audits", params={"plan_id": plan["id"]}, headers=checker)).json()["items"]
    today = service.today()
    ahead = await client.post(
        f"{base}/audits/{a['id']}/notice",
        json={"notice_on": str(today + dt.timedelta(days=1)), "fieldwork_on": str(today + dt.timedelta(days=5))},
        headers={**checker, "Accept-Language": "en"},
    )
    assert ahead.status_code == 422 and [e["field"] for e in ahead.json()["errors"]] == ["notice_on"]
    assert "after today" in ahead.json()["detail"]
    fieldwork = today + dt.timedelta(days=3)
    ok = await client.post(
        f"{base}/audits/{a['id']}/notice",
        json={"notice_on": str(today), "fieldwork_on": str(fieldwork)},
        headers=checker,
    )
    assert ok.status_code == 200 and ok.json()["stage"] == "noticed"
    line = [{"form": "spending", "indicator": "A1", "project": "职工读书月", "spending_fen": 100}]
    early = await client.post(f"{base}/audits/{a['id']}/entries", json=line, headers=checker)
    body = early.json()
    assert early.status_code == 422 and body["code"] == "before_fieldwork"
    assert body["errors"][0]["field"] == "fieldwork_on" and str(fieldwork) in body["detail"]
    assert (await client.get(f"{base}/audits/{a['id']}/entries", headers=checker)).json()["items"] == []
    assert (await client.get(f"{base}/audits/{a['id']}", headers=checker)).json()["stage"] == "noticed"


async def test_the_scope_refuses_named_outsiders_and_lists_unclassified_unions(world, client, make_token):
    base = f"/api/v1/t/{world.tenant}"
    boss = bearer(await make_token("tenant_admin", world.tenant))
    async with tenant_scope(world.tenant):
        small = await make_org("吴忠小作坊工会", parent_id=world.city, public_sector=False, above_scale=False)
        unknown = await make_org("吴忠新材料公司工会", parent_id=world.city, public_sector=False)
    named = await client.post(
        f"{base}/audit-plans",
        json={"year": 2017, "title": "试点", "standard_id": world.standard, "org_ids": [world.public, small.id]},
        headers={**boss, "Accept-Language": "en"},
    )
    body = named.json()
    assert named.status_code == 422 and [e["field"] for e in body["errors"]] == ["org_ids", "org_ids"]
    assert "吴忠市医院工会" in body["errors"][0]["message"] and "not of a non-public" in body["errors"][0]["message"]
    assert "below designated size" in body["errors"][1]["message"]
    assert (await client.get(f"{base}/audit-plans", headers=boss)).json()["items"] == []
    plan = (
        await client.post(
            f"{base}/audit-plans", json={"year": 2017, "title": "年度审计", "standard_id": world.standard}, headers=boss
        )
    ).json()
    assert plan["unclassified"] == [{"id": unknown.id, "name": "吴忠新材料公司工会"}]
    approved = (await client.post(f"{base}/audit-plans/{plan['id']}/approve", headers=boss)).json()
    assert approved["audits"] == 2 and approved["unclassified"] == [{"id": unknown.id, "name": "吴忠新材料公司工会"}]
    # classified, the union is in the year's supplementary plan
    patched = await client.patch(f"{base}/orgs/{unknown.id}", json={"above_scale": True}, headers=boss)
    assert patched.status_code == 200
    more = (
        await client.post(
            f"{base}/audit-plans", json={"year": 2017, "title": "补充审计", "standard_id": world.standard}, headers=boss
        )
    ).json()
    assert more["unclassified"] == []
    assert (await client.post(f"{base}/audit-plans/{more['id']}/approve", headers=boss)).json()["audits"] == 1
    # a named union reclassified after the draft is refused at approval, nothing frozen
    pilot = (
        await client.post(
            f"{base}/audit-plans",
            json={"year": 2018, "title": "试点", "standard_id": world.standard, "org_ids": [world.other]},
            headers=boss,
        )
    ).json()
    assert pilot["unclassified"] is None
    await client.patch(f"{base}/orgs/{world.other}", json={"above_scale": False}, headers=boss)
    refused = await client.post(f"{base}/audit-plans/{pilot['id']}/approve", headers=boss)
    assert refused.status_code == 422 and refused.json()["code"] == "out_of_scope"
    assert "吴忠物流公司工会" in refused.json()["errors"][0]["message"]
    assert (await client.get(f"{base}/audit-plans/{pilot['id']}", headers=boss)).json()["audits"] == 0
