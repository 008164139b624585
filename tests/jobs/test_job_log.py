"""The worker writes one JSON line per job (name, tenant, duration, outcome), as the API does
per request (issue 22): read from a real `saishang worker`'s output."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

from arq import create_pool
from arq.connections import RedisSettings

from server.infra.secrets import installation_key
from server.infra.servers import EmbeddedRedis


def job_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("event") == "job":
                lines.append(record)
    return lines


async def test_each_job_is_one_json_line_with_name_tenant_duration_and_outcome(settings, tenant, tmp_path):
    redis = EmbeddedRedis(tmp_path / "redis-home")
    redis_url = redis.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=redis_url,
        SAISHANG_HOME=str(tmp_path / "home"),
        SAISHANG_LOG_LEVEL="info",
        SAISHANG_DB_POOL_MAX="4",
        SAISHANG_ID_KEY=base64.b64encode(installation_key()).decode(),
    )
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "worker"], env=env, stdout=log, stderr=log, start_new_session=True
        )
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    try:
        ok = await pool.enqueue_job("bot_deliver", tenant.slug)
        failing = await pool.enqueue_job("welfare_reconcile", tenant.slug, 2_000_000_000)  # no such batch
        whole = await pool.enqueue_job("orgs_due_transfers")  # visits every tenant: none of its own
        assert ok is not None and failing is not None and whole is not None
        assert isinstance(await ok.result(timeout=60, poll_delay=0.2), dict), log_path.read_text()
        assert isinstance(await whole.result(timeout=60, poll_delay=0.2), dict), log_path.read_text()
        try:
            await failing.result(timeout=60, poll_delay=0.2)
            raise AssertionError("reconciling a batch that does not exist succeeded")
        except Exception as exc:
            assert "NotFound" in type(exc).__name__ or "not found" in str(exc).lower(), exc
    finally:
        await pool.aclose()
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        redis.stop()

    lines = {line["job_id"]: line for line in job_lines(log_path.read_text())}
    assert lines[ok.job_id]["job"] == "bot_deliver" and lines[ok.job_id]["tenant"] == tenant.slug
    assert lines[ok.job_id]["outcome"] == "ok" and lines[ok.job_id]["level"] == "info"
    assert lines[failing.job_id]["job"] == "welfare_reconcile" and lines[failing.job_id]["tenant"] == tenant.slug
    assert lines[failing.job_id]["outcome"] == "failed" and lines[failing.job_id]["level"] == "error"
    assert lines[failing.job_id]["error"].startswith("NotFound")
    assert lines[whole.job_id]["job"] == "orgs_due_transfers" and lines[whole.job_id]["tenant"] is None
    for line in (lines[ok.job_id], lines[failing.job_id], lines[whole.job_id]):
        assert isinstance(line["duration_ms"], float | int) and line["duration_ms"] >= 0
        assert line["job_try"] == 1 and "timestamp" in line
    # One line per run: each job id once; the every-ten-seconds heartbeat stays out at info.
    ids = [line["job_id"] for line in job_lines(log_path.read_text())]
    assert len(ids) == len(set(ids))
    assert not any(line["job"] == "cron:heartbeat" for line in job_lines(log_path.read_text()))
