"""Exactly once under faults: 2,000 payouts, two real `saishang worker` processes killed with
SIGKILL at random, Redis killed and restarted, the simulated channel injecting every fault.
Afterwards the channel's own record and the ledger must agree to the fen.

And the negative control: with the channel's reference uniqueness switched off, the same
verification finds the duplicates (so it can fail)."""

from __future__ import annotations

import asyncio
import base64
import os
import random
import signal
import subprocess
import sys
import time

import httpx

from server.infra.secrets import installation_key
from server.infra.servers import EmbeddedRedis, free_port
from server.infra.tenancy import tenant_scope
from server.modules.welfare import disbursement as engine
from server.modules.welfare.channels.http import HttpChannel
from server.modules.welfare.channels.simulated import FAULT_KINDS, FaultConfig, SimulatedChannelServer
from tests.modules.welfare.harness import verify

SEED = int(os.environ.get("WELFARE_CHAOS_SEED", "20171225"))
PAYOUTS = 2000
CLOSED_EVERY = 97  # about 1% of the accounts are closed: those payouts fail, applied zero times


def items(n: int, rng: random.Random) -> list[engine.PayoutItem]:
    return [
        engine.PayoutItem(
            f"member:{i}",
            f"职工{i}",
            f"CLOSED{i:08d}" if i % CLOSED_EVERY == 5 else f"6228{i:012d}",
            rng.randrange(100, 100_000),  # no member_id: payout.member_id references orgs' members, none here
        )
        for i in range(n)
    ]


def spawn(args: list[str], env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "server.cli", *args], env=env, stdout=log, stderr=log, start_new_session=True
    )


def wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def every_fault(sim_url: str) -> bool:
    """The simulated channel has injected every kind of fault at least once."""
    injected = httpx.get(sim_url + "/v1/stats", timeout=5).json()["faults_injected"]
    return all(injected.get(kind, 0) >= 1 for kind in FAULT_KINDS)


async def test_exactly_once_under_kills_redis_restart_and_channel_faults(tenant, settings, tmp_path):
    rng = random.Random(SEED)
    print(f"\nchaos seed {SEED} (set WELFARE_CHAOS_SEED to replay)")
    async with tenant_scope(tenant.slug):
        batch = await engine.create_batch(
            "test.chaos:1", "exactly once under faults", items(PAYOUTS, rng), budget_fen=10**12
        )

    redis = EmbeddedRedis(tmp_path / "chaos")
    redis_url = redis.start()
    port = free_port()
    sim_url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "chaos.log", "w")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=redis_url,
        SAISHANG_HOME=str(tmp_path / "home"),
        SAISHANG_LOG_LEVEL="warning",
        SAISHANG_PAYMENT_CHANNEL_URL=sim_url,
        SAISHANG_PAYMENT_TIMEOUT="0.5",
        SAISHANG_PAYOUT_LEASE_SECONDS="3",
        SAISHANG_PAYOUT_CHUNK="50",
        SAISHANG_DB_POOL_MAX="8",
        # One installation: the workers open the account numbers this process sealed.
        SAISHANG_ID_KEY=base64.b64encode(installation_key()).decode(),
    )
    sim = spawn(
        [
            "welfare",
            "channel-sim",
            "--port",
            str(port),
            "--fault-rate",
            "0.25",
            "--seed",
            str(SEED),
            "--stall",
            "1.0",
            "--slow",
            "0.7",
            "--processing",
            "0.6",
        ],
        env,
        log,
    )
    workers: list[subprocess.Popen] = []
    kills = 0
    try:
        wait_http(sim_url + "/healthz")
        workers = [spawn(["worker"], env, log) for _ in range(2)]
        # The chaos lasts until it has done all it is meant to (three kills, the Redis restart,
        # every kind of fault injected), 25 s at the most; what it did is asserted below.
        chaos_until = time.monotonic() + 25
        redis_restart_at = time.monotonic() + 10
        redis_restarted = False
        next_kill = time.monotonic() + rng.uniform(3, 5)
        while time.monotonic() < chaos_until and not (kills >= 3 and redis_restarted and every_fault(sim_url)):
            await asyncio.sleep(0.2)
            now = time.monotonic()
            if now >= next_kill:
                i = rng.randrange(len(workers))
                os.kill(workers[i].pid, signal.SIGKILL)
                workers[i].wait()
                kills += 1
                next_kill = now + rng.uniform(2.5, 5)
            if not redis_restarted and now >= redis_restart_at:
                redis.kill()
                await asyncio.sleep(1.0)
                redis.start(port=redis.port)
                redis_restarted = True
            for i, w in enumerate(workers):  # the supervisor: a dead worker is started again
                if w.poll() is not None:
                    workers[i] = spawn(["worker"], env, log)
        httpx.delete(sim_url + "/v1/faults")  # the system heals
        deadline = time.monotonic() + 240  # breaks as soon as healed; generous for a loaded 2-core CI
        while time.monotonic() < deadline:
            for i, w in enumerate(workers):
                if w.poll() is not None:
                    workers[i] = spawn(["worker"], env, log)
            async with tenant_scope(tenant.slug):
                p = await engine.progress(batch.id)
            if p.done:
                break
            await asyncio.sleep(0.5)
        statement = httpx.post(sim_url + "/v1/statement", json={"references": None}, timeout=30).json()["lines"]
        stats = httpx.get(sim_url + "/v1/stats").json()
    finally:
        for w in workers:
            if w.poll() is None:
                os.kill(w.pid, signal.SIGKILL)
                w.wait()
        sim.terminate()
        sim.wait(10)
        redis.stop()
        log.close()

    v = await verify(tenant.slug, batch.id, statement, stats["faults_injected"])
    print(v.line() + f"; workers killed={kills}, redis restarted=1, seed={SEED}")
    assert p.done, f"not healed: {p}; see {tmp_path / 'chaos.log'}"
    assert v.problems == [], v.problems[:10]
    assert v.duplicated == 0 and v.lost == 0 and v.unknown == 0
    assert v.paid + v.failed == v.attempted == PAYOUTS
    assert v.failed == sum(1 for i in range(PAYOUTS) if i % CLOSED_EVERY == 5)
    assert v.ledger_paid_fen == v.channel_fen == v.approved_fen - v.failed_fen
    assert all(stats["faults_injected"].get(k, 0) >= 1 for k in FAULT_KINDS), stats["faults_injected"]
    assert kills >= 3 and v.recovered > 0


async def test_negative_control_without_reference_uniqueness_duplicates_are_detected(tenant):
    """Same verification, channel deduplication off, payments processed later and hidden
    while processing: re-sending what the channel claims not to know pays twice, and we see it."""
    sim = SimulatedChannelServer(
        FaultConfig(dedupe=False, always_process_later=True, always_lie_while_processing=True, processing_seconds=0.4)
    )
    url = await sim.start()
    channel = HttpChannel(url, timeout=2)
    rng = random.Random(SEED)
    try:
        async with tenant_scope(tenant.slug):
            batch = await engine.create_batch("test.negative:1", "negative control", items(200, rng), budget_fen=10**12)
        await engine.pay_until_settled(tenant.slug, batch.id, channel, chunk=50, lease_seconds=5, timeout=30)
        sim.state.process_now()  # the late applications land
        statement = [dict(reference=ln.reference, amount_fen=ln.amount_fen) for ln in await channel.statement()]
        v = await verify(tenant.slug, batch.id, statement, dict(sim.state.injected))
        print("\nnegative control: " + v.line())
        assert v.duplicated > 0
        rec = await engine.reconcile(tenant.slug, batch.id, channel)
        assert not rec.ok and rec.duplicated > 0
    finally:
        await channel.aclose()
        await sim.stop()
