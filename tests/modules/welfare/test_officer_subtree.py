"""An org officer works inside their subtree: the mill's union chairman sees and acts on the
mill's households, applications and payouts, and the mine's are refused with `outside_subtree`
(lists hold the mill's only; the payout export too)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import admin, holiday


async def test_an_org_officer_cannot_reach_outside_their_subtree(client, tenant, tenant_headers, make_token):
    slug = tenant.slug
    boss = admin(slug)
    async with tenant_scope(slug):
        city = await make_org("测试市总工会", "city_federation")
        zone = await make_org("高新区总工会", "zone_federation", city.id)
        mill = await make_org("机械厂工会", parent_id=zone.id)
        mine = await make_org("矿业公司工会", parent_id=city.id)
        households: dict[int, list[int]] = {}
        members: dict[int, list[int]] = {}
        for org in (mill, mine):
            for i in range(2):
                m = await make_member(org.id, name=f"{org.name}职工{i}")
                members.setdefault(org.id, []).append(m.id)
                h = await service.file_household(
                    service.HouseholdIn(
                        member_id=m.id,
                        household_size=3,
                        reasons=["illness"],
                        income_per_head_fen=80000,
                        bank_account=f"6222{org.id:04d}{i:08d}",
                    ),
                    boss,
                )
                if i == 0:
                    await service.review_household(h.id, service.ReviewIn(approve=True), boss)
                households.setdefault(org.id, []).append(h.id)
        extra = await make_member(mine.id, name="矿工新人")
        federation = await service.approve_campaign((await service.create_campaign(holiday(), boss)).id, boss)
        of_mine = await service.create_campaign(holiday(org_id=mine.id), boss)
        illness = await service.create_campaign(
            service.CampaignIn(
                kind="illness_relief",
                name="大病救助",
                year=2017,
                budget_fen=1_000_000,
                eligibility=service.Eligibility(rule="applications"),
                amount_rule=service.AmountRule(rule="approved_amount"),
            ),
            boss,
        )
        apps = {
            org.id: await service.submit_application(
                illness.id,
                service.ApplicationIn(
                    member_id=members[org.id][0], requested_fen=300_000, bank_account="6222000011112222"
                ),
                boss,
            )
            for org in (mill, mine)
        }

    officer = bearer(await make_token("org_officer", slug, org_id=mill.id))
    base = f"/api/v1/t/{slug}"

    async def refused(method: str, path: str, **kw) -> None:
        r = await client.request(method, base + path, headers=officer, **kw)
        assert r.status_code == 403 and r.json()["code"] == "outside_subtree", (method, path, r.status_code, r.text)

    # The registry: the mill's households only; the mine's refused, to read and to act on.
    listed = (await client.get(f"{base}/hardship-households", headers=officer)).json()
    assert sorted(h["id"] for h in listed["items"]) == sorted(households[mill.id])
    assert (
        await client.get(f"{base}/hardship-households/{households[mill.id][0]}", headers=officer)
    ).status_code == 200
    theirs_active, theirs_pending = households[mine.id]
    await refused("GET", f"/hardship-households/{theirs_active}")
    await refused("GET", "/hardship-households", params={"org_id": mine.id})
    await refused("POST", f"/hardship-households/{theirs_pending}/review", json={"approve": True})
    await refused("POST", f"/hardship-households/{theirs_active}/lift", json={"reason": "再就业"})
    await refused(
        "POST",
        "/hardship-households",
        json={
            "member_id": extra.id,
            "household_size": 2,
            "reasons": ["illness"],
            "income_per_head_fen": 1000,
            "bank_account": "6228000011112222",
        },
    )
    r = await client.post(
        f"{base}/hardship-households/{households[mill.id][1]}/review", json={"approve": True}, headers=officer
    )
    assert r.status_code == 200 and r.json()["status"] == "active"

    # Campaigns: the federation's and none of the mine's; creating one for the mine is refused.
    listed = (await client.get(f"{base}/campaigns", headers=officer)).json()
    assert of_mine.id not in [c["id"] for c in listed["items"]] and federation.id in [c["id"] for c in listed["items"]]
    for path in ("", "/preview", "/applications", "/payouts/export"):
        await refused("GET", f"/campaigns/{of_mine.id}{path}")
    body = {
        "kind": "holiday_relief",
        "name": "矿区送温暖",
        "year": 2017,
        "budget_fen": 1_000_000,
        "eligibility": {"rule": "hardship_households"},
        "amount_rule": {"rule": "flat", "fen": 50_000},
    }
    await refused("POST", "/campaigns", json={**body, "org_id": mine.id})
    await refused(
        "POST",
        "/campaigns",
        json={**body, "org_id": mill.id, "eligibility": {**body["eligibility"], "org_id": mine.id}},
    )

    # Applications: the mine's member cannot be applied for, nor the mine's application read.
    await refused(
        "POST",
        f"/campaigns/{illness.id}/applications",
        json={"member_id": members[mine.id][1], "requested_fen": 100_000, "bank_account": "6222000011113333"},
    )
    await refused("GET", f"/relief-applications/{apps[mine.id].id}")
    r = await client.get(f"{base}/relief-applications/{apps[mill.id].id}", headers=officer)
    assert r.status_code == 200
    listed = (await client.get(f"{base}/campaigns/{illness.id}/applications", headers=officer)).json()
    assert [a["id"] for a in listed["items"]] == [apps[mill.id].id]

    # Payouts of the federation's campaign: the mill's only, listed and exported.
    mill_members = set(members[mill.id])
    listed = (await client.get(f"{base}/campaigns/{federation.id}/payouts", headers=officer)).json()
    assert {p["member_id"] for p in listed["items"]} == {members[mill.id][0]}
    everyone = (await client.get(f"{base}/campaigns/{federation.id}/payouts", headers=tenant_headers)).json()
    assert {p["member_id"] for p in everyone["items"]} == {members[mill.id][0], members[mine.id][0]}
    x = await client.get(f"{base}/campaigns/{federation.id}/payouts/export", headers=officer)
    assert x.status_code == 200
    sheet = load_workbook(io.BytesIO(x.content)).worksheets[0]
    column = [c.value for c in sheet[1]].index("会员编号")
    exported = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == {members[mill.id][0]} and exported <= mill_members
