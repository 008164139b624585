"""Issue 13: bank account numbers were stored in plain text and shown whole to roles that do not
pay. They are sealed at rest (hardship files, applications, payouts; a migration seals rows stored
before), shown whole to those who pay (tenant_admin) and masked to everyone else (an org
officer's lists and export); the channel, and the bank's batch file, still get the real number."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from server.infra.tenancy import conn, tenant_scope
from server.modules.welfare import accounts, service
from server.modules.welfare import disbursement as engine
from server.modules.welfare.channels.http import HttpChannel
from server.modules.welfare.channels.simulated import SimulatedChannelServer
from tests.conftest import bearer
from tests.modules.welfare.conftest import admin, build_world, holiday

CARD = "6222020200112233445"


async def test_accounts_are_sealed_at_rest_masked_for_officers_and_paid_whole(
    client, tenant, tenant_headers, make_token
):
    slug = tenant.slug
    world = await build_world(slug, n=2)
    base = f"/api/v1/t/{slug}"
    async with tenant_scope(slug):
        await conn().execute("UPDATE hardship_household SET status = 'lifted' WHERE id = $1", world.households[0])
    r = await client.post(
        f"{base}/hardship-households",
        json={
            "member_id": world.members[0],
            "household_size": 3,
            "reasons": ["illness"],
            "income_per_head_fen": 50_000,
            "bank_account": CARD,
        },
        headers=tenant_headers,
    )
    assert r.status_code == 201, r.text
    hid = r.json()["id"]
    assert r.json()["bank_account"] == CARD  # the tenant_admin who pays sees it whole
    await client.post(f"{base}/hardship-households/{hid}/review", json={"approve": True}, headers=tenant_headers)
    async with tenant_scope(slug):
        stored = await conn().fetch("SELECT bank_account FROM hardship_household")
        c = await service.approve_campaign((await service.create_campaign(holiday(), admin(slug))).id, admin(slug))
        paid_to = await conn().fetch("SELECT account FROM payout")
    assert stored and all(s["bank_account"].startswith("sealed:") for s in stored)
    assert paid_to and all(p["account"].startswith("sealed:") and CARD not in p["account"] for p in paid_to)

    officer = bearer(await make_token("org_officer", slug, org_id=world.union))
    got = (await client.get(f"{base}/hardship-households/{hid}", headers=officer)).json()
    assert got["bank_account"] != CARD and got["bank_account"].endswith("3445") and "*" in got["bank_account"]
    listed = (await client.get(f"{base}/hardship-households", headers=officer)).json()["items"]
    assert listed and all("*" in h["bank_account"] for h in listed)
    payouts = (await client.get(f"{base}/campaigns/{c.id}/payouts", headers=officer)).json()["items"]
    assert payouts and all("*" in p["account"] for p in payouts)
    x = await client.get(f"{base}/campaigns/{c.id}/payouts/export", headers=officer)
    cells = [
        str(v) for row in load_workbook(io.BytesIO(x.content)).worksheets[0].iter_rows(values_only=True) for v in row
    ]
    assert CARD not in cells and any(v.endswith("3445") and "*" in v for v in cells)
    whole = (await client.get(f"{base}/campaigns/{c.id}/payouts", headers=tenant_headers)).json()["items"]
    assert CARD in {p["account"] for p in whole}

    # the bank gets the real number
    sim = SimulatedChannelServer()
    channel = HttpChannel(await sim.start(), timeout=5)
    try:
        assert c.batch_id is not None
        await engine.pay_until_settled(slug, c.batch_id, channel, timeout=30)
    finally:
        await channel.aclose()
        await sim.stop()
    assert CARD in {line["account"] for line in sim.state.lines}


async def test_the_migration_seals_rows_stored_in_plain_text(tenant):
    world = await build_world(tenant.slug, n=2)
    async with tenant_scope(tenant.slug):
        c = await service.approve_campaign(
            (await service.create_campaign(holiday(), admin(tenant.slug))).id, admin(tenant.slug)
        )
        # rows as they were stored before sealing began
        await conn().execute("UPDATE hardship_household SET bank_account = $1", CARD)
        await conn().execute("UPDATE payout SET account = $1", CARD)
        sealed = await accounts.seal_stored(conn())
        again = await accounts.seal_stored(conn())
        rows = [r[0] for r in await conn().fetch("SELECT bank_account FROM hardship_household")]
        rows += [r[0] for r in await conn().fetch("SELECT account FROM payout")]
    assert sealed >= 4 and again == 0 and c.batch_id and world.households
    assert all(r.startswith("sealed:") and accounts.open_account(r) == CARD for r in rows)
