"""arq WorkerSettings: the bot channel's jobs, every module's jobs and cron jobs, plus the heartbeat;
each run writes one JSON line (`server.jobs.joblog`).

A job carries its tenant slug and opens its own tenant scope; see each
module's `jobs.py`.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from arq import cron

from server.bot import jobs as bot_jobs
from server.infra import db, logs
from server.infra.secrets import current_key
from server.jobs import joblog
from server.jobs.reconnect import redis_settings
from server.modules import registry
from server.platform import keys, service
from server.settings import Settings

HEARTBEAT_SECONDS = set(range(0, 60, 10))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def heartbeat(ctx: dict[str, Any]) -> dict[str, Any]:
    """Record that this worker is alive; /readyz shows the last beat."""
    await service.beat(ctx["worker_name"], ctx.get("job_try", 0))
    return {"worker": ctx["worker_name"]}


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    logs.configure(settings.log_level)
    assert settings.database_url, "the worker is started with the database's URL"
    await db.connect(settings.database_url, max_size=settings.db_pool_max)
    await keys.verify(current_key())  # a key that is not the database's stops the worker, one line
    ctx["worker_name"] = worker_name()
    await service.beat(ctx["worker_name"])


async def shutdown(ctx: dict[str, Any]) -> None:
    await db.disconnect()


def functions() -> list:
    """Every job function, each writing its JSON line per run (`server.jobs.joblog`)."""
    jobs = [*bot_jobs.JOBS, *(job for m in registry.modules().values() for job in m.jobs)]
    return [joblog.log_function(f) for f in jobs]


def cron_jobs() -> list:
    crons = [
        cron(heartbeat, second=HEARTBEAT_SECONDS, run_at_startup=True, unique=False),
        *bot_jobs.CRON_JOBS,
        *[c for m in registry.modules().values() for c in m.cron_jobs],
    ]
    return [joblog.log_cron(c) for c in crons]


def worker_settings(settings: Settings) -> dict[str, Any]:
    """The arq settings for `saishang worker` (and for tests that run a worker in-process)."""
    if not settings.redis_url:
        raise RuntimeError("the worker needs Redis: set REDIS_URL or start the embedded one")
    return dict(
        functions=functions() or [joblog.log_function(heartbeat)],
        cron_jobs=cron_jobs(),
        redis_settings=redis_settings(
            settings.redis_url, retries=settings.redis_retries
        ),  # commands retry a lost Redis
        on_startup=startup,
        on_shutdown=shutdown,
        ctx={"settings": settings},
        max_jobs=20,
        job_timeout=300,
        keep_result=3600,
        max_tries=25,
        handle_signals=True,
        health_check_interval=30,
    )
