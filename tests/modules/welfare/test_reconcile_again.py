"""Issue 13: reconciliation ran once, at settlement, and missed what the bank applied late.

A bank that applies late and does not deduplicate pays a re-sent payout twice, the second
time after the batch has settled. The check at settlement sees nothing wrong; the check the
sweeper runs again after the bank's settlement window (`SAISHANG_BANK_SETTLEMENT_SECONDS`)
finds the duplicates, every run is kept, and the report counts what the latest run found.
"""

from __future__ import annotations

from server.infra.tenancy import conn, tenant_scope
from server.modules.welfare import disbursement as engine
from server.modules.welfare import jobs, report, service
from server.modules.welfare.channels.http import HttpChannel
from server.modules.welfare.channels.simulated import FaultConfig, SimulatedChannelServer
from server.settings import Settings
from tests.modules.welfare.conftest import admin, build_world, holiday


async def _nothing(tenant: str, batch_id: int, slot: int) -> None:
    return None


async def test_a_duplicate_applied_late_is_found_by_the_later_run_and_counted(tenant, tmp_path):
    world = await build_world(tenant.slug, n=6)
    async with tenant_scope(tenant.slug):
        c = await service.approve_campaign(
            (await service.create_campaign(holiday(), admin(tenant.slug))).id, admin(tenant.slug)
        )
    assert c.batch_id is not None and world.households
    # The first payment request is taken "for later" and hidden while processing; asked about,
    # the bank says "not found", so the payouts are re-sent and applied at once; later (when the
    # test says) the first requests are applied too (no deduplication): paid twice, after settlement.
    sim = SimulatedChannelServer(
        FaultConfig(rate=1e-12, kinds=["not_found_while_processing"], dedupe=False, processing_seconds=3600)
    )
    channel = HttpChannel(await sim.start(), timeout=2)
    window = 3600  # the bank's settlement window; the test moves the clock past it
    settings = Settings.from_env({"SAISHANG_HOME": str(tmp_path), "SAISHANG_BANK_SETTLEMENT_SECONDS": str(window)})
    ctx = {"settings": settings, "welfare_channels": {tenant.slug: channel}}
    try:
        await engine.pay_until_settled(tenant.slug, c.batch_id, channel, chunk=50, lease_seconds=5, timeout=30)
        swept = await engine.sweep(tenant.slug, _nothing, chunk=50)
        assert swept.batches_to_reconcile == [c.batch_id]
        first = await jobs.welfare_reconcile(ctx, tenant.slug, c.batch_id)
        assert first["duplicated"] == 0  # the second applications are still "processing" at the bank
        async with tenant_scope(tenant.slug):
            assert (await report.figures(2017))["duplicated_payouts"] == 0
        assert await engine.sweep(tenant.slug, _nothing, chunk=50) == engine.SweepResult()  # not yet
        # The late applications land; the bank's settlement window passes: the batch's times move
        # back by the window (the recheck is due at the end of the window from the settlement run).
        assert sim.state.process_now() == len(world.households)
        async with tenant_scope(tenant.slug):
            moved = await conn().fetchval(
                "UPDATE payout_batch SET reconciled_at = reconciled_at - make_interval(secs => $2), "
                "recheck_at = recheck_at - make_interval(secs => $2) WHERE id = $1 "
                "RETURNING recheck_at - reconciled_at = make_interval(secs => $2)",
                c.batch_id,
                window,
            )
        assert moved
        swept = await engine.sweep(tenant.slug, _nothing, chunk=50)
        assert c.batch_id in swept.batches_to_recheck, swept
        second = await jobs.welfare_reconcile(ctx, tenant.slug, c.batch_id)
        assert second["duplicated"] > 0 and not second["ok"]
        async with tenant_scope(tenant.slug):
            figures = await report.figures(2017)
            runs = await conn().fetch(
                "SELECT trigger, duplicated FROM payout_reconciliation WHERE batch = $1 ORDER BY id", c.batch_id
            )
        assert figures["duplicated_payouts"] == second["duplicated"]
        assert [(r["trigger"], r["duplicated"] > 0) for r in runs] == [("settlement", False), ("recheck", True)]
        # the recheck is done: the sweeper does not ask again
        swept = await engine.sweep(tenant.slug, _nothing, chunk=50)
        assert swept.batches_to_reconcile == [] and swept.batches_to_recheck == []
    finally:
        await channel.aclose()
        await sim.stop()


async def test_a_new_statement_naming_a_reconciled_batch_has_it_reconciled_again(tenant, tmp_path):
    from tests.modules.welfare.conftest import pay_with_simulated_bank

    await build_world(tenant.slug, n=2)
    async with tenant_scope(tenant.slug):
        c = await service.approve_campaign(
            (await service.create_campaign(holiday(), admin(tenant.slug))).id, admin(tenant.slug)
        )
    assert c.batch_id is not None
    await pay_with_simulated_bank(tenant.slug, c.batch_id)
    sim = SimulatedChannelServer()
    channel = HttpChannel(await sim.start(), timeout=2)
    try:
        await engine.sweep(tenant.slug, _nothing, chunk=50)
        await engine.reconcile(tenant.slug, c.batch_id, channel, trigger="auto", settlement_seconds=3600)
        assert (await engine.sweep(tenant.slug, _nothing, chunk=50)).batches_to_recheck == []
        async with tenant_scope(tenant.slug):
            refs = [r[0] for r in await conn().fetch("SELECT reference FROM payout WHERE batch = $1", c.batch_id)]
        assert await engine.recheck_references(tenant.slug, refs[:1]) == 1  # `bank-import` of a result file
        assert (await engine.sweep(tenant.slug, _nothing, chunk=50)).batches_to_recheck == [c.batch_id]
        out = await engine.reconcile(tenant.slug, c.batch_id, channel, trigger="auto", settlement_seconds=3600)
        assert out.trigger == "recheck"
        assert (await engine.sweep(tenant.slug, _nothing, chunk=50)).batches_to_recheck == []
        async with tenant_scope(tenant.slug):  # the settlement window's recheck still stands
            assert await conn().fetchval(
                "SELECT recheck_at > now() + interval '50 minutes' FROM payout_batch WHERE id = $1", c.batch_id
            )
    finally:
        await channel.aclose()
        await sim.stop()
