"""The worker outlives Redis: a restart or a network break is waited out, not fatal.

arq's own retries cover only the first connection (`RedisSettings.conn_retries`); once running,
a `ConnectionError` from any Redis command ends `Worker.main` and with it the process (arq issues
#386, #435, #498). Two layers keep `saishang worker` going:

- every command retries a lost connection with exponential backoff (redis-py's `Retry`, which
  arq passes on through `RedisSettings.retry` / `retry_on_error`), so a restart of a few seconds
  is not even noticed;
- when Redis stays away longer, `run_worker` closes that worker, waits (backoff: 1 s doubling to
  30 s), and starts a new one, which reconnects and goes on with the queue. Jobs that were running
  are retried by arq (their in-progress key expires), and every job here is idempotent.

A signal (SIGTERM, SIGINT) stops it at once, whatever it is waiting for.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

import structlog
from arq.connections import RedisSettings
from arq.worker import Worker
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = structlog.get_logger("saishang.worker")
T = TypeVar("T")

# What a lost or restarting Redis raises (BusyLoadingError, "loading the dataset", is a ConnectionError).
REDIS_LOST: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError, TimeoutError)
_CLOSING: tuple[type[BaseException], ...] = (asyncio.CancelledError, *REDIS_LOST)
FIRST_DELAY = 1.0
MAX_DELAY = 30.0
STEADY_SECONDS = 60.0  # a worker that ran this long starts the backoff afresh when it loses Redis


class SayingRetry(Retry):
    """redis-py's `Retry`, saying in the log when a command first meets a lost connection (the
    retries that follow are quiet; `redis_lost` says when they ran out)."""

    __slots__ = ()

    async def call_with_retry(self, do: Callable[[], Awaitable[T]], fail: Callable[[Any], Any]) -> T:
        said = False

        async def failed(error: Any) -> None:
            nonlocal said
            if not said:
                said = True
                log.warning("redis_retrying", error=f"{type(error).__name__}: {error}")
            await fail(error)

        return await super().call_with_retry(do, failed)


def redis_settings(url: str, *, retries: int = 5) -> RedisSettings:
    """arq's settings for `url`, with every command retrying a lost connection `retries` times
    (backoff 0.5 s doubling to 2 s: about 7.5 s for 5). `OSError` is listed because redis-py retries a reconnect only for
    the errors named here, and a refused connection is a `ConnectionRefusedError`."""
    return replace(
        RedisSettings.from_dsn(url),
        conn_retries=5,
        conn_retry_delay=1,
        retry_on_timeout=True,
        retry_on_error=[RedisConnectionError, RedisTimeoutError, OSError],
        retry=SayingRetry(ExponentialBackoff(cap=2.0, base=0.25), retries=retries),
    )


def run_worker(make_settings: Callable[[], dict[str, Any]]) -> None:
    """Run an arq worker built from `make_settings()` until a signal stops it (see the module doc)."""
    asyncio.run(supervise_worker(make_settings))


async def supervise_worker(
    make_settings: Callable[[], dict[str, Any]],
    *,
    first_delay: float = FIRST_DELAY,
    max_delay: float = MAX_DELAY,
    steady_seconds: float = STEADY_SECONDS,
    stop: asyncio.Event | None = None,
) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    delay = first_delay
    try:
        while not stop.is_set():
            worker = Worker(**{**make_settings(), "handle_signals": False})
            started = loop.time()
            running = asyncio.ensure_future(worker.async_run())
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            error = running.exception() if running.done() and not running.cancelled() else None
            await _close(worker, running)
            if error is None:  # stopped by a signal (or a burst run that finished)
                return
            if not isinstance(error, REDIS_LOST):
                raise error
            if loop.time() - started >= steady_seconds:
                delay = first_delay
            log.warning("redis_lost", error=f"{type(error).__name__}: {error}", reconnect_in_s=delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, max_delay)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


async def _close(worker: Worker, running: asyncio.Future[None]) -> None:
    """Stop the worker's jobs and loop and let it go; with Redis gone, arq's own `close` fails
    half-way (it deletes its health key first), so what it skipped is done here."""
    try:
        await worker.close()  # cancels the main loop and the running jobs (arq's `handle_sig`)
    except _CLOSING:
        with contextlib.suppress(Exception):
            if worker.on_shutdown is not None:
                await worker.on_shutdown(worker.ctx)
        pool = worker.pool
        if pool is not None:
            with contextlib.suppress(Exception):
                await pool.aclose()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await running
