"""The relief payment roster on paper (发放花名册): the campaign's title, each recipient with a masked
ID number and account, the amount in yuan, a column to sign, the total; the font travels inside the
PDF. An officer's roster holds their subtree's recipients only; an unknown campaign is a 404."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.orgs import service as orgs
from server.modules.welfare import service
from tests.conftest import bearer
from tests.modules.welfare.conftest import admin, build_world, holiday
from tests.pdf_helpers import assert_font_embedded, text_of


async def test_the_roster_prints_each_recipient_masked_with_the_amount_and_a_signature(
    client, tenant, tenant_headers, make_token
):
    world = await build_world(tenant.slug, n=3)
    async with tenant_scope(tenant.slug):
        campaign = await service.approve_campaign(
            (await service.create_campaign(holiday(fen=130_000), admin(tenant.slug))).id, admin(tenant.slug)
        )
        ids = {m.id: m.id_number for m in (await orgs.get_members(world.members, reveal=True)).values()}
        masked = {m.id: m.id_number for m in (await orgs.get_members(world.members)).values()}
    base = f"/api/v1/t/{tenant.slug}/campaigns/{campaign.id}"
    r = await client.get(f"{base}/roster.pdf", headers=tenant_headers)
    assert r.status_code == 200, r.text
    text = text_of(r.content)
    assert "两节送温暖 发放花名册" in text
    assert "领取人签字" in text and "经办人（签字）" in text
    for i in range(3):
        assert f"职工{i}" in text
        account = f"62220000{i:08d}"
        assert account not in text and account[:4] + "********" + account[-4:] in text
    assert "¥1,300.00" in text and "¥3,900.00" in text  # each, and the total
    for member_id, whole in ids.items():  # the ID number masked, as the member list shows it
        assert whole not in text and masked[member_id] in text
    assert_font_embedded(r.content)

    # an officer of another org sees none of the city's recipients
    async with tenant_scope(tenant.slug):
        from tests.modules.orgs.factories import make_org

        other = await make_org("别处工会", "city_federation")
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=other.id))
    r = await client.get(f"{base}/roster.pdf", headers=officer)
    assert r.status_code == 200
    assert "职工0" not in text_of(r.content)
    r = await client.get(f"/api/v1/t/{tenant.slug}/campaigns/999999/roster.pdf", headers=tenant_headers)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")


async def test_a_relief_application_prints_as_its_acceptance_form(client, tenant, tenant_headers, make_token):
    world = await build_world(tenant.slug, n=1)
    async with tenant_scope(tenant.slug):
        campaign = await service.create_campaign(
            service.CampaignIn(
                kind="illness_relief",
                name="大病救助",
                year=2017,
                budget_fen=1_000_000,
                eligibility=service.Eligibility(rule="applications"),
                amount_rule=service.AmountRule(rule="approved_amount"),
            ),
            admin(tenant.slug),
        )
        [masked] = [m.id_number for m in (await orgs.get_members(world.members)).values()]
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.post(
        f"{base}/campaigns/{campaign.id}/applications",
        json={
            "member_id": world.members[0],
            "requested_fen": 500_000,
            "bank_account": "6222021234567890123",
            "reason": "住院治疗，自付费用高",
        },
        headers=tenant_headers,
    )
    assert r.status_code == 201, r.text
    application = r.json()
    r = await client.get(f"{base}/relief-applications/{application['id']}/paper.pdf", headers=tenant_headers)
    assert r.status_code == 200, r.text
    text = text_of(r.content)
    assert "困难职工救助申请受理单" in text and f"JZ-{application['id']:06d}" in text
    assert "职工0" in text and "测试机械厂工会" in text and masked in text
    assert "患病" in text and "住院治疗，自付费用高" in text and "¥5,000.00" in text
    assert "6222021234567890123" not in text and "6222***********0123" in text
    assert "待审批" in text and "申请人（签字）" in text
    assert_font_embedded(r.content)

    async with tenant_scope(tenant.slug):
        from tests.modules.orgs.factories import make_org

        other = await make_org("别处工会", "city_federation")
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=other.id))
    r = await client.get(f"{base}/relief-applications/{application['id']}/paper.pdf", headers=officer)
    assert r.status_code == 403 and r.json()["code"] == "outside_subtree"
