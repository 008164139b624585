"""The welfare API: the registry's who and when, bad inputs as clear field errors, live progress."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import build_world


def campaign_body(**kw):
    body = {
        "kind": "holiday_relief",
        "name": "两节送温暖",
        "year": 2017,
        "budget_fen": 1_000_000,
        "eligibility": {"rule": "hardship_households"},
        "amount_rule": {"rule": "flat", "fen": 50_000},
    }
    body.update(kw)
    return body


async def test_filing_review_and_lifting_record_who_and_when(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        union = await make_org("测试厂工会")
        member = await make_member(union.id, name="李娜")
    base = f"/api/v1/t/{tenant.slug}/hardship-households"
    r = await client.post(
        base,
        json={
            "member_id": member.id,
            "household_size": 3,
            "reasons": ["illness", "disaster"],
            "income_per_head_fen": 65000,
            "bank_account": "6228000011112222",
            "evidence": "社区证明",
        },
        headers=tenant_headers,
    )
    assert r.status_code == 201, r.text
    h = r.json()
    assert h["status"] == "pending" and h["filed_by"] and h["filed_at"] and h["member_name"] == "李娜"
    r = await client.post(
        f"{base}/{h['id']}/review", json={"approve": True, "active_from": "2017-01-05"}, headers=tenant_headers
    )
    assert r.json()["status"] == "active" and r.json()["reviewed_by"] and r.json()["active_from"] == "2017-01-05"
    again = await client.post(
        base,
        json={
            "member_id": member.id,
            "household_size": 3,
            "reasons": ["illness"],
            "income_per_head_fen": 1,
            "bank_account": "6228000011112222",
        },
        headers=tenant_headers,
    )
    assert again.status_code == 409
    r = await client.post(
        f"{base}/{h['id']}/lift", json={"reason": "配偶再就业", "lifted_on": "2017-11-30"}, headers=tenant_headers
    )
    body = r.json()
    assert body["status"] == "lifted" and body["lifted_by"] and body["lifted_at"] and body["lifted_on"] == "2017-11-30"
    listed = (await client.get(base, params={"status": "lifted"}, headers=tenant_headers)).json()
    assert [x["id"] for x in listed["items"]] == [h["id"]]


async def test_bad_inputs_are_clear_field_errors_and_change_nothing(client, tenant, make_tenant, tenant_headers):
    other = await make_tenant()
    async with tenant_scope(other.slug):
        union = await make_org("别市工会")
        foreign = [await make_member(union.id) for _ in range(3)][-1]  # id 3 there; here only member 1 exists
    async with tenant_scope(tenant.slug):
        mine = await make_member((await make_org("本市工会")).id)
    base = f"/api/v1/t/{tenant.slug}"
    household = {
        "member_id": mine.id,
        "household_size": 2,
        "reasons": ["illness"],
        "income_per_head_fen": 1000,
        "bank_account": "6228000011112222",
    }
    cases = [
        ("/hardship-households", {**household, "member_id": 999_999}, "member_id"),
        ("/hardship-households", {**household, "member_id": foreign.id}, "member_id"),  # another tenant's
        ("/hardship-households", {**household, "household_size": 0}, "household_size"),
        ("/hardship-households", {**household, "income_per_head_fen": -1}, "income_per_head_fen"),
        ("/hardship-households", {**household, "income_per_head_fen": 12.5}, "income_per_head_fen"),
        ("/hardship-households", {**household, "reasons": ["laziness"]}, "reasons"),
        ("/campaigns", campaign_body(budget_fen=0), "budget_fen"),
        ("/campaigns", campaign_body(budget_fen=-100), "budget_fen"),
        ("/campaigns", campaign_body(budget_fen=1000.5), "budget_fen"),
        ("/campaigns", campaign_body(amount_rule={"rule": "flat", "fen": 0}), "amount_rule.fen"),
        ("/campaigns", campaign_body(amount_rule={"rule": "flat", "fen": -5}), "amount_rule.fen"),
        ("/campaigns", campaign_body(amount_rule={"rule": "flat", "fen": 99.9}), "amount_rule"),
        (
            "/campaigns",
            campaign_body(eligibility={"rule": "hardship_households", "org_id": 424242}),
            "eligibility.org_id",
        ),
    ]
    for path, body, field in cases:
        r = await client.post(base + path, json=body, headers=tenant_headers)
        assert r.status_code == 422, (path, body, r.status_code, r.text)
        problem = r.json()
        assert problem["code"] == "invalid_input" and any(field in e["field"] for e in problem["errors"]), (
            field,
            problem,
        )
    # Applications: unknown household member, zero and float amounts.
    c = (
        await client.post(
            base + "/campaigns",
            json=campaign_body(
                kind="illness_relief", eligibility={"rule": "applications"}, amount_rule={"rule": "approved_amount"}
            ),
            headers=tenant_headers,
        )
    ).json()
    for body, field in (
        ({"member_id": 999_999, "requested_fen": 100, "bank_account": "6228000011112222"}, "member_id"),
        ({"member_id": mine.id, "requested_fen": 0, "bank_account": "6228000011112222"}, "requested_fen"),
        ({"member_id": mine.id, "requested_fen": 10.5, "bank_account": "6228000011112222"}, "requested_fen"),
    ):
        r = await client.post(f"{base}/campaigns/{c['id']}/applications", json=body, headers=tenant_headers)
        assert r.status_code == 422 and any(field in e["field"] for e in r.json()["errors"]), r.text
    listed = (await client.get(base + "/hardship-households", headers=tenant_headers)).json()
    assert listed["items"] == []


async def test_approve_and_follow_progress_through_the_api(client, tenant, tenant_headers, make_token):
    world = await build_world(tenant.slug, n=4)
    base = f"/api/v1/t/{tenant.slug}/campaigns"
    c = (await client.post(base, json=campaign_body(), headers=tenant_headers)).json()
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=world.union))
    assert (await client.post(f"{base}/{c['id']}/approve", headers=officer)).status_code == 403
    assert (await client.get(f"{base}/{c['id']}/preview", headers=tenant_headers)).json()["total_fen"] == 200_000
    r = await client.post(f"{base}/{c['id']}/approve", headers=tenant_headers)
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert (await client.post(f"{base}/{c['id']}/approve", headers=tenant_headers)).status_code == 409
    p = (await client.get(f"{base}/{c['id']}/progress", headers=tenant_headers)).json()
    assert (p["total"], p["pending"], p["paid"], p["total_fen"]) == (4, 4, 0, 200_000)
    page = (await client.get(f"{base}/{c['id']}/payouts", params={"limit": 3}, headers=tenant_headers)).json()
    assert len(page["items"]) == 3 and page["next_cursor"]
    x = await client.get(f"{base}/{c['id']}/payouts/export", headers=tenant_headers)
    assert x.status_code == 200 and x.content[:2] == b"PK"
