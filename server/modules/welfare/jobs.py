"""arq jobs of the disbursement engine: pay a batch, reconcile a batch, and the tick
(dispatcher + sweeper) that runs every two seconds on one worker at a time.

Jobs hold no state that matters: the ledger in PostgreSQL does. A job run
twice, or killed half-way, changes nothing the next one cannot finish.
"""

from __future__ import annotations

import time
from typing import Any

from arq import cron, func

from server.modules.welfare import disbursement as engine
from server.modules.welfare.channels import channel_for
from server.settings import Settings

# A job id per (tenant, batch, slot) per few seconds: re-queueing never piles up jobs,
# and a slot whose job died with its worker is free again soon.
BUCKET_SECONDS = 5


def _channel(ctx: dict[str, Any], tenant: str):
    """The tenant's payment channel, kept for the worker's life (an HTTP channel keeps its connections)."""
    channels = ctx.setdefault("welfare_channels", {})
    if tenant not in channels:
        channels[tenant] = channel_for(ctx["settings"], tenant)
    return channels[tenant]


def _enqueuer(ctx: dict[str, Any]):
    async def enqueue(tenant: str, batch_id: int, slot: int) -> None:
        bucket = int(time.time() // BUCKET_SECONDS)
        await ctx["redis"].enqueue_job(
            "welfare_pay", tenant, batch_id, slot, _job_id=f"welfare:pay:{tenant}:{batch_id}:{slot}:{bucket}"
        )

    return enqueue


async def welfare_pay(ctx: dict[str, Any], tenant: str, batch_id: int, slot: int = 0) -> dict[str, Any]:
    """Claim and pay the batch's payouts, many per round trip, until none is claimable."""
    settings: Settings = ctx["settings"]
    stats = await engine.drain(
        tenant,
        batch_id,
        _channel(ctx, tenant),
        chunk=settings.payout_chunk,
        lease_seconds=settings.payout_lease_seconds,
        time_budget=240,
    )
    return {"batch": batch_id, "rounds": stats.rounds, "claimed": stats.claimed, **stats.outcomes}


async def welfare_reconcile(ctx: dict[str, Any], tenant: str, batch_id: int) -> dict[str, Any]:
    """Reconcile a settled batch: at settlement, and again when its recheck is due."""
    settings: Settings = ctx["settings"]
    out = await engine.reconcile(
        tenant, batch_id, _channel(ctx, tenant), trigger="auto", settlement_seconds=settings.bank_settlement_seconds
    )
    return {
        "batch": batch_id,
        "trigger": out.trigger,
        "ok": out.ok,
        "differences": len(out.differences),
        "duplicated": out.duplicated,
    }


async def welfare_tick(ctx: dict[str, Any]) -> dict[str, Any]:
    """Dispatcher and sweeper: outbox → arq, expired leases back, batches with work re-queued."""
    from server.platform import service as platform

    settings: Settings = ctx["settings"]
    enqueue = _enqueuer(ctx)
    totals = {"dispatched": 0, "leases_taken_back": 0, "requeued": 0, "reconcile": 0}
    for t in await platform.list_tenants(include_disabled=False):
        if not platform.module_enabled(t, "welfare"):
            continue
        totals["dispatched"] += await engine.dispatch_outbox(t.slug, enqueue, chunk=settings.payout_chunk)
        swept = await engine.sweep(t.slug, enqueue, chunk=settings.payout_chunk)
        totals["leases_taken_back"] += swept.leases_taken_back
        totals["requeued"] += swept.batches_requeued
        minute = int(time.time() // 60)
        for kind, batches in (("first", swept.batches_to_reconcile), ("recheck", swept.batches_to_recheck)):
            for batch_id in batches:
                await ctx["redis"].enqueue_job(
                    "welfare_reconcile",
                    t.slug,
                    batch_id,
                    _job_id=f"welfare:reconcile:{kind}:{t.slug}:{batch_id}:{minute}",
                )
                totals["reconcile"] += 1
    return totals


JOBS = [
    func(welfare_pay, name="welfare_pay", keep_result=30, timeout=300, max_tries=1000),
    func(welfare_reconcile, name="welfare_reconcile", keep_result=30, timeout=300, max_tries=10),
]
CRON_JOBS = [
    cron(
        welfare_tick,
        name="welfare_tick",
        second=set(range(0, 60, 2)),
        run_at_startup=True,
        unique=True,
        timeout=60,
        keep_result=0,
    )
]
