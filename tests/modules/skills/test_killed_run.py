"""A reward run killed mid-payment pays each certificate once: `saishang skills reward-run --pay`
is killed with SIGKILL while it pays, then the run is paid to the end; the channel's own record and
the ledger agree, and a further run pays nothing more."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal

from server.infra.tenancy import tenant_scope
from server.modules.skills import service
from server.modules.welfare import disbursement
from server.modules.welfare.channels.http import HttpChannel
from server.modules.welfare.channels.simulated import FaultConfig, SimulatedChannelServer
from tests.cli_helpers import cli_env
from tests.modules.orgs.factories import make_member
from tests.modules.skills.conftest import admin
from tests.modules.skills.test_rewards import add_rules, cert
from tests.modules.welfare.harness import verify
from tests.modules.welfare.test_exactly_once import spawn

CERTIFICATES = 60


async def test_a_run_killed_mid_payment_pays_each_certificate_once(world, settings, tmp_path):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        await add_rules(world.tenant)
        people = [(await make_member(world.union, name=f"技师{i}")).id for i in range(CERTIFICATES)]
        await service.record_certificates(
            [cert(f"YC-K{i:03d}", m, 1 + i % 3, dt.date(2017, 3 + i % 9, 1 + i % 27)) for i, m in enumerate(people)],
            a,
        )
        run = await service.approve_run((await service.create_run(service.RunIn(year=2017), a)).id, a)
    assert run.line_count == CERTIFICATES and run.batch_id is not None
    # A slow bank: every answer takes up to 0.3 s, so the payer is caught half-way.
    bank = SimulatedChannelServer(FaultConfig(rate=1.0, kinds=["slow"], slow_seconds=0.3, cover_all_first=False))
    url = await bank.start()
    env = cli_env(
        settings,
        tmp_path / "home",
        SAISHANG_PAYMENT_CHANNEL_URL=url,
        SAISHANG_PAYOUT_CHUNK="4",
        SAISHANG_PAYOUT_LEASE_SECONDS="2",
        SAISHANG_DB_POOL_MAX="4",
    )
    log = open(tmp_path / "payer.log", "w")
    payer = spawn(["skills", "reward-run", "--tenant", world.tenant, "--run", str(run.id), "--pay"], env, log)
    channel = HttpChannel(url, timeout=5)
    try:
        for _ in range(600):  # until some are paid and some are not
            async with tenant_scope(world.tenant):
                p = await disbursement.progress(run.batch_id)
            if p.paid >= 8 or payer.poll() is not None:
                break
            await asyncio.sleep(0.1)
        assert payer.poll() is None, f"the payer ended early; see {tmp_path / 'payer.log'}"
        os.kill(payer.pid, signal.SIGKILL)
        payer.wait()
        async with tenant_scope(world.tenant):
            half = await disbursement.progress(run.batch_id)
        assert 0 < half.paid < CERTIFICATES, half
        bank.state.configure(FaultConfig())  # the bank heals; a second payer finishes the run
        done = await disbursement.pay_until_settled(world.tenant, run.batch_id, channel, chunk=10, lease_seconds=2)
        statement = [dict(reference=ln.reference, amount_fen=ln.amount_fen) for ln in await channel.statement()]
    finally:
        if payer.poll() is None:
            payer.kill()
        log.close()
        await channel.aclose()
        await bank.stop()
    verdict = await verify(world.tenant, run.batch_id, statement, {})
    print(f"\nkilled after {half.paid} paid, {half.in_flight} in flight: " + verdict.line())
    assert done.done and verdict.problems == [] and verdict.duplicated == 0 and verdict.lost == 0
    assert verdict.paid == CERTIFICATES and verdict.channel_fen == run.total_fen
    async with tenant_scope(world.tenant):
        assert (await service.create_run(service.RunIn(year=2017), a)).line_count == 0
        assert (await service.get_run(run.id)).paid_fen == run.total_fen
