"""The audit's domain rules through the API: the notice is recorded once delivered and fieldwork
waits for its day; the population is the non-public enterprise unions above designated size,
a named union outside it is refused, and one never classified is listed, not silently dropped."""

from __future__ import annotations

import datetime as dt

from server.modules.audit import service
from tests.conftest import bearer


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
