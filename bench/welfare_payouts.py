"""Benchmark: payouts per second through the simulated channel with two `saishang worker`
processes, as a ratio to arq's own no-op job rate on the same Redis in the same run.

    .venv/bin/python -m bench.welfare_payouts [--payouts 100000] [--noop-jobs 10000]

The engine batches many payouts per job (and per channel round trip), so its
throughput is not bounded by arq's per-job overhead: the goal is a ratio of at
least 3 with zero duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

_first: float | None = None
_last: float = 0.0
_count = 0


async def noop(ctx) -> None:
    global _first, _last, _count
    now = time.time()
    _first = _first or now
    _last = now
    _count += 1


def noop_worker(redis_url: str) -> None:
    """A burst-mode arq worker with only `noop`; prints when its first and last job ran."""
    from arq import func
    from arq.connections import RedisSettings
    from arq.worker import Worker

    w = Worker(
        functions=[func(noop, name="noop", keep_result=0)],
        redis_settings=RedisSettings.from_dsn(redis_url),
        burst=True,
        max_jobs=20,
        handle_signals=False,
        poll_delay=0.05,
    )
    w.run()
    print(json.dumps({"count": _count, "first": _first, "last": _last}))


async def arq_noop_rate(redis_url: str, jobs: int) -> float:
    from arq import create_pool
    from arq.connections import RedisSettings

    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    for i in range(0, jobs, 1000):
        await asyncio.gather(*(pool.enqueue_job("noop") for _ in range(min(1000, jobs - i))))
    await pool.aclose()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.welfare_payouts", "--noop-worker", redis_url],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    done = sum(r["count"] for r in results)
    span = max(r["last"] for r in results if r["first"]) - min(r["first"] for r in results if r["first"])
    return done / span


def free_port() -> int:
    from server.infra.servers import free_port as fp

    return fp()


async def main(payouts: int, noop_jobs: int) -> None:
    from server.infra import db
    from server.infra.migrate import migrate_platform
    from server.infra.secrets import installation_key
    from server.infra.servers import start_servers
    from server.infra.tenancy import tenant_scope
    from server.modules.welfare import disbursement as engine
    from server.platform import service

    home = Path(tempfile.mkdtemp(prefix="saishang-bench-"))
    servers = start_servers(home, None, None)
    procs: list[subprocess.Popen] = []
    try:
        await db.connect(servers.database_url, max_size=5)
        await migrate_platform()
        await service.create_tenant(
            service.TenantIn(slug="bench", name_zh="基准", name_en="Bench", modules=["orgs", "welfare"])
        )
        print(f"arq no-op baseline: {noop_jobs} jobs, two burst workers ...", flush=True)
        noop_rate = await arq_noop_rate(servers.redis_url, noop_jobs)
        print(f"  arq no-op jobs/s: {noop_rate:,.0f}")

        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
        env.update(
            DATABASE_URL=servers.database_url,
            REDIS_URL=servers.redis_url,
            SAISHANG_HOME=str(home),
            SAISHANG_LOG_LEVEL="warning",
            SAISHANG_PAYMENT_CHANNEL_URL=f"http://127.0.0.1:{port}",
            SAISHANG_PAYMENT_TIMEOUT="30",
            SAISHANG_PAYOUT_CHUNK="1000",
            SAISHANG_DB_POOL_MAX="10",
            SAISHANG_ID_KEY=base64.b64encode(installation_key()).decode(),
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "server.cli", "welfare", "channel-sim", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        procs += [
            subprocess.Popen([sys.executable, "-m", "server.cli", "worker"], env=env, start_new_session=True)
            for _ in range(2)
        ]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                await asyncio.sleep(0.2)
        await asyncio.sleep(4)  # the workers are up and ticking
        rng = random.Random(2017)
        items = [
            engine.PayoutItem(f"member:{i}", f"职工{i}", f"6228{i:012d}", rng.randrange(10_000, 100_000))
            for i in range(payouts)
        ]
        print(f"paying {payouts:,} payouts through the simulated channel with two workers ...", flush=True)
        t0 = time.monotonic()
        async with tenant_scope("bench"):
            batch = await engine.create_batch("bench.payouts:1", "benchmark", items, budget_fen=10**13)
        created = time.monotonic() - t0
        while True:
            async with tenant_scope("bench"):
                p = await engine.progress(batch.id)
            if p.done:
                break
            await asyncio.sleep(0.2)
        elapsed = time.monotonic() - t0
        lines = httpx.post(f"http://127.0.0.1:{port}/v1/statement", json={"references": None}, timeout=120).json()[
            "lines"
        ]
        dup = sum(1 for n in Counter(ln["reference"] for ln in lines).values() if n > 1)
        rate = payouts / elapsed
        print(f"  created the batch in {created:.1f}s; all {p.paid:,} paid in {elapsed:.1f}s (creation included)")
        print(f"  payouts/s: {rate:,.0f}")
        print(f"  ratio to arq no-op jobs/s: {rate / noop_rate:.1f}x (goal >= 3x)")
        print(
            f"  duplicates in the channel's record: {dup}; ledger {p.paid_fen} fen = channel "
            f"{sum(ln['amount_fen'] for ln in lines)} fen"
        )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        await db.disconnect()
        servers.stop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--payouts", type=int, default=100_000)
    ap.add_argument("--noop-jobs", type=int, default=10_000)
    ap.add_argument("--noop-worker", metavar="REDIS_URL")
    args = ap.parse_args()
    if args.noop_worker:
        noop_worker(args.noop_worker)
    else:
        asyncio.run(main(args.payouts, args.noop_jobs))
