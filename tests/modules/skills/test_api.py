"""The federation through the API: rules, a certificate import, a reward run previewed and approved,
the trainer's calendar; problem codes and pages as every module answers them."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.welfare import disbursement
from tests.conftest import bearer


async def test_a_reward_run_through_the_api(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}"
    for day, amounts in (("2014-01-01", [[2, 100_000]]), ("2017-08-01", [[2, 200_000]])):
        r = await client.post(
            f"{base}/reward-rules",
            json={
                "effective_from": day,
                "title": f"办法 {day}",
                "amounts": [{"level": lv, "amount_fen": f} for lv, f in amounts],
            },
            headers=headers,
        )
        assert r.status_code == 201, r.text
    again = await client.post(
        f"{base}/reward-rules",
        json={"effective_from": "2017-08-01", "title": "重复", "amounts": [{"level": 1, "amount_fen": 1}]},
        headers=headers,
    )
    assert again.status_code == 409 and again.json()["code"] == "rule_exists"
    m = world.members
    body = (
        "证书编号,会员编号,等级,发证日期,取得途径,发证机关,银行账号\n"
        f"YC-API-1,{m[0]},技师,2017-07-01,考试,鉴定中心,6228000000000101\n"
        f"YC-API-2,{m[1]},2,2017-08-02,竞赛,鉴定中心,6228000000000102\n"
    ).encode()
    r = await client.post(
        f"{base}/certificates/import", files={"file": ("证书.csv", body, "text/csv")}, headers=headers
    )
    assert r.status_code == 200 and r.json() == {"rows": 2, "created": 2, "members_raised": 2, "repeats": []}, r.text
    page = (await client.get(f"{base}/certificates", params={"limit": 1}, headers=headers)).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    run = (await client.post(f"{base}/reward-runs", json={"year": 2017}, headers=headers)).json()
    assert run["state"] == "preview" and run["total_fen"] == 300_000 and run["line_count"] == 2
    lines = (await client.get(f"{base}/reward-runs/{run['id']}/lines", headers=headers)).json()["items"]
    assert sorted(ln["amount_fen"] for ln in lines) == [100_000, 200_000]
    r = await client.post(f"{base}/reward-runs/{run['id']}/approve", headers=headers)
    assert r.status_code == 200 and r.json()["batch_id"]
    async with tenant_scope(world.tenant):
        assert (await disbursement.batch_for_source(f"skills.reward:{run['id']}")).total_fen == 300_000
    r = await client.post(f"{base}/reward-runs/{run['id']}/approve", headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "run_not_preview"
    r = await client.get(f"{base}/trainers/{world.trainers[0]}/calendar", headers=headers)
    assert r.status_code == 200 and r.json()["items"] == []
    r = await client.get(f"{base}/reward-runs/9999", headers=headers | {"Accept-Language": "en"})
    assert r.status_code == 404 and r.json()["detail"] == "reward run 9999 not found"


async def test_a_tenant_without_skills_answers_404(make_tenant, client, make_token):
    t = await make_tenant(modules=["orgs", "welfare"])
    headers = bearer(await make_token("tenant_admin", t.slug))
    r = await client.get(f"/api/v1/t/{t.slug}/courses", headers=headers)
    assert r.status_code == 404 and r.json()["code"] == "module_not_enabled"
