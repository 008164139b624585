"""A member record deleted (entered by mistake, before the database refused it) while a relief
application still names it: the application's paper answered 500 (KeyError); it prints, saying the
record was deleted. Now the delete is refused (409) and such rows are only old data."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from tests.modules.orgs.factories import delete_member_as_before
from tests.modules.welfare.conftest import admin, build_world
from tests.pdf_helpers import text_of


async def test_the_paper_of_an_application_whose_member_was_deleted_prints(client, tenant, tenant_headers):
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
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.post(
        f"{base}/campaigns/{campaign.id}/applications",
        json={"member_id": world.members[0], "requested_fen": 500_000, "bank_account": "6222021234567890123"},
        headers=tenant_headers,
    )
    assert r.status_code == 201, r.text
    application = r.json()
    r = await client.delete(f"{base}/members/{world.members[0]}", headers=tenant_headers)
    assert r.status_code == 409 and r.json()["modules"] == ["welfare"], r.text
    async with tenant_scope(tenant.slug):
        await delete_member_as_before(world.members[0])
    r = await client.get(f"{base}/relief-applications/{application['id']}/paper.pdf", headers=tenant_headers)
    assert r.status_code == 200, r.text
    assert "会员记录已删除" in text_of(r.content)
