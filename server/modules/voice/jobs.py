"""Voice's background work: deadline reminders and escalation (cron), the
delivery of notices through the bot, and the sweeper that re-queues what a
lost job left behind. Each job opens its tenant's scope itself."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from arq import create_pool, cron
from arq.connections import ArqRedis, RedisSettings
from redis.exceptions import RedisError

from server.bot.jobs import telegram_send, voice_deliver
from server.infra.tenancy import tenant_scope
from server.modules.voice import service, telegram
from server.platform import service as platform
from server.settings import Settings

log = logging.getLogger("saishang.voice")
_pools: dict[tuple[str, int], ArqRedis] = {}


async def arq_pool(settings: Settings) -> ArqRedis | None:
    """The queue, from the API process (one pool per Redis and event loop)."""
    if not settings.redis_url:
        return None
    key = (settings.redis_url, id(asyncio.get_running_loop()))
    if key not in _pools:
        _pools[key] = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    return _pools[key]


async def kick_delivery(settings: Settings, tenant: str) -> None:
    """Ask the worker to deliver new notices now rather than at the next sweep."""
    try:
        pool = await arq_pool(settings)
        if pool is not None:
            await pool.enqueue_job("voice_deliver", tenant)
    except (OSError, RedisError) as exc:
        # Committed already: the notices wait in PostgreSQL and the sweep delivers them.
        log.warning("could not queue delivery for %s: %s", tenant, exc)


kick_sending = kick_delivery


async def voice_tenants() -> list[str]:
    return [t.slug for t in await platform.list_tenants(include_disabled=False) if platform.module_enabled(t, "voice")]


async def voice_deadlines(ctx: dict[str, Any]) -> dict[str, Any]:
    """Cron: reminders before each acceptance form's deadline, escalation when overdue."""
    done = {}
    for slug in await voice_tenants():
        async with tenant_scope(slug):
            done[slug] = await service.check_deadlines()
            await telegram.prune_updates()
    return done


async def voice_sweep(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron: deliver notices and re-queue sends a lost kick or a restarted Redis left behind."""
    return {slug: (await voice_deliver(ctx, slug))["sends"] for slug in await voice_tenants()}


JOBS: list[Callable[..., Awaitable[Any]]] = [voice_deliver, telegram_send, voice_deadlines, voice_sweep]
CRON_JOBS = [
    # Reminders and escalation: twice an hour is plenty for day-granular deadlines.
    cron(voice_deadlines, minute={5, 35}, run_at_startup=True),
    # Deliver notices and re-queue lost sends.
    cron(voice_sweep, second={0, 15, 30, 45}, unique=True),
]
