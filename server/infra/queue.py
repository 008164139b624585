"""Asking the arq worker to do something, from the API or the CLI: one pool per Redis and event
loop, and `enqueue`, which never fails what was already committed (the job is named by its
function's name; the worker, `server/jobs/worker.py`, registers the functions)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from redis.exceptions import RedisError

from server.settings import Settings

log = logging.getLogger("saishang.queue")
_pools: dict[tuple[str, int], ArqRedis] = {}


async def arq_pool(settings: Settings) -> ArqRedis | None:
    """The queue (one pool per Redis and event loop); None without Redis."""
    if not settings.redis_url:
        return None
    key = (settings.redis_url, id(asyncio.get_running_loop()))
    if key not in _pools:
        # One attempt, a second at most: arq's create_pool retries 5 times a second apart by
        # default, which held a CLI `enable-module` for seconds when Redis was down. A missed job
        # is caught up by its sweep (see `enqueue`); the next call tries again.
        fast = dataclasses.replace(RedisSettings.from_dsn(settings.redis_url), conn_retries=0, conn_timeout=1)
        _pools[key] = await create_pool(fast)
    return _pools[key]


async def enqueue(settings: Settings, function: str, *args: Any) -> bool:
    """Queue the job `function(*args)`; False (logged) when Redis is absent or unreachable: what the
    caller committed stands, and the job's sweep, if it has one, catches up."""
    try:
        pool = await arq_pool(settings)
        if pool is not None:
            await pool.enqueue_job(function, *args)
            return True
    except (OSError, RedisError) as exc:
        log.warning("could not queue %s%s: %s", function, args, exc)
    return False
