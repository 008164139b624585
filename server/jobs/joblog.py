"""One JSON line per job, as the API writes one per request (`server.infra.logs`): the job's
name, its tenant (a job's `tenant` argument; none for the cron jobs that visit every tenant),
the duration, the outcome (`ok`, `failed` with the error, `retry`, `cancelled`), arq's job id
and try. arq's own `on_job_start`/`on_job_end` hooks are not told the job's name, arguments or
outcome, so every job function is wrapped instead.

Cron jobs that run several times a minute (the heartbeat, welfare's tick) log a job that went
well at debug level only (`SAISHANG_LOG_LEVEL=debug` shows them): at info they would bury the
rest. Any other outcome of theirs is logged like every job's.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import structlog
from arq import Retry
from arq.cron import CronJob
from arq.worker import Function

log = structlog.get_logger("saishang.jobs")


def _tenant_of(coroutine: Callable[..., Any]) -> Callable[[tuple, dict], str | None]:
    names = list(inspect.signature(coroutine).parameters)[1:]  # after ctx
    if "tenant" not in names:
        return lambda args, kwargs: None
    at = names.index("tenant")
    return lambda args, kwargs: kwargs.get("tenant", args[at] if len(args) > at else None)


def logged(coroutine: Callable[..., Any], name: str, *, quiet: bool = False) -> Callable[..., Any]:
    """`coroutine` writing its one line when it ends, whatever the end."""
    tenant_of = _tenant_of(coroutine)

    @functools.wraps(coroutine)
    async def job(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        outcome, error = "failed", None
        try:
            result = await coroutine(ctx, *args, **kwargs)
            outcome = "ok"
            return result
        except Retry:
            outcome = "retry"
            raise
        except asyncio.CancelledError:
            outcome = "cancelled"  # stopped (shutdown, a lost Redis, the job's timeout): arq runs it again
            raise
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            write = log.debug if quiet and outcome == "ok" else log.error if outcome == "failed" else log.info
            write(
                "job",
                job=name,
                tenant=tenant_of(args, kwargs),
                outcome=outcome,
                duration_ms=round((time.perf_counter() - start) * 1000, 2),
                job_id=ctx.get("job_id"),
                job_try=ctx.get("job_try"),
                **({"error": error} if error else {}),
            )

    return job


def log_function(f: Any) -> Function:
    """A job function (a coroutine or arq's `func(...)`), logging each run."""
    if isinstance(f, Function):
        return replace(f, coroutine=logged(f.coroutine, f.name))
    return Function(f.__qualname__, logged(f, f.__qualname__), None, None, None, None)


def log_cron(c: CronJob) -> CronJob:
    """A cron job, logging each run (quietly when it runs several times a minute)."""
    quiet = isinstance(c.second, set | list | tuple | range) and len(c.second) > 1
    return replace(c, coroutine=logged(c.coroutine, c.name, quiet=quiet))
