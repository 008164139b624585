from server.infra.tenancy import tenant_scope
from server.modules.welfare import disbursement as engine
from server.modules.welfare.channels.http import HttpChannel
from server.modules.welfare.channels.simulated import FaultConfig, SimulatedChannelServer


async def test_batch_paid_through_simulated_channel(tenant):
    sim = SimulatedChannelServer(
        FaultConfig(rate=0.3, seed=7, stall_seconds=0.6, slow_seconds=0.3, processing_seconds=0.3)
    )
    url = await sim.start()
    channel = HttpChannel(url, timeout=0.4)
    items = [engine.PayoutItem(f"member:{i}", f"职工{i}", f"6222{i:08d}", 100 + i) for i in range(300)]
    async with tenant_scope(tenant.slug):
        batch = await engine.create_batch("test.smoke:1", "smoke", items, budget_fen=10**7)
    assert batch.total_fen == sum(i.amount_fen for i in items)
    p = await engine.pay_until_settled(tenant.slug, batch.id, channel, chunk=40, lease_seconds=5, timeout=60)
    assert p.done and p.paid == 300, p
    rec = await engine.reconcile(tenant.slug, batch.id, channel)
    assert rec.ok, rec.differences[:5]
    print(dict(sim.state.injected), p)
    await channel.aclose()
    await sim.stop()
