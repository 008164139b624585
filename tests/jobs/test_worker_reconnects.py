"""A Redis restart does not kill `saishang worker`: it reconnects with backoff and goes on running
jobs (issue 13, item 4)."""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
from pathlib import Path

from arq import create_pool
from arq.connections import RedisSettings

from server.infra.secrets import installation_key
from server.infra.servers import EmbeddedRedis


async def run_a_job(redis_url: str, timeout: float) -> object:
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    try:
        job = await pool.enqueue_job("orgs_due_transfers")
        assert job is not None
        return await job.result(timeout=timeout, poll_delay=0.2)
    finally:
        await pool.aclose()


async def said(log_path: Path, event: str, *, more_than: int, timeout: float = 60) -> None:
    """Wait until the worker's log names `event` more than `more_than` times."""
    try:
        async with asyncio.timeout(timeout):  # a hang detector, not a speed check
            while log_path.read_text().count(event) <= more_than:
                await asyncio.sleep(0.05)  # a log file gives no event to await: look again
    except TimeoutError:
        raise AssertionError(f"the worker never said {event}:\n{log_path.read_text()}") from None


async def test_the_worker_survives_a_redis_restart_and_runs_a_job_after(settings, database, tmp_path):
    redis = EmbeddedRedis(tmp_path / "redis-home")
    redis_url = redis.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=redis_url,
        SAISHANG_HOME=str(tmp_path / "home"),
        SAISHANG_LOG_LEVEL="info",
        SAISHANG_DB_POOL_MAX="4",
        SAISHANG_REDIS_RETRIES="2",  # a command gives up after 1.5 s, not 7.5 s: the long outage is short
        SAISHANG_ID_KEY=base64.b64encode(installation_key()).decode(),  # this session's key
    )
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "worker"], env=env, stdout=log, stderr=log, start_new_session=True
        )
    try:
        assert isinstance(await run_a_job(redis_url, timeout=60), dict), log_path.read_text()

        # A short restart (a command of the worker's meets the closed connection, and its retries
        # reach Redis again), then one longer than those retries (the worker is closed and a new
        # one started): each lasts until the worker's log says it has met it.
        for met in ("redis_retrying", "redis_lost"):
            seen = log_path.read_text().count(met)
            redis.kill()
            await said(log_path, met, more_than=seen)
            redis.start(port=redis.port)
            assert worker.poll() is None, log_path.read_text()

            assert isinstance(await run_a_job(redis_url, timeout=60), dict), log_path.read_text()
            assert worker.poll() is None, log_path.read_text()

    finally:
        if worker.poll() is None:
            worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        redis.stop()
    assert worker.returncode == 0, log_path.read_text()  # SIGTERM still stops it cleanly
