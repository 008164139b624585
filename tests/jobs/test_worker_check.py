"""`saishang worker --check`: the container health check of a worker (docker/compose.yaml). It
answers for the workers on this host, from their heartbeat in PostgreSQL (issue 13, item 4)."""

from __future__ import annotations

import datetime as dt
import socket

from server.platform.tables import WorkerBeat
from tests.cli_helpers import cli_env, saishang


async def test_worker_check_answers_from_this_hosts_heartbeat(settings, database, tmp_path):
    env = cli_env(settings, tmp_path / "home", SAISHANG_LANG="en")
    host = socket.gethostname()
    await WorkerBeat.delete().where(WorkerBeat.worker.like(f"{host}:%"))
    now = dt.datetime.now(dt.UTC)
    await WorkerBeat.insert(WorkerBeat(worker="elsewhere:1", beat_at=now))  # another host's worker

    silent = saishang("worker", "--check", env=env)
    assert silent.returncode == 1 and "no worker on this host" in silent.stderr, silent

    await WorkerBeat.insert(WorkerBeat(worker=f"{host}:4242", beat_at=now))
    alive = saishang("worker", "--check", env=env)
    assert alive.returncode == 0, alive
    assert f"{host}:4242 beat at " in alive.stdout, alive.stdout
    zh = saishang("worker", "--check", env={**env, "SAISHANG_LANG": "zh-CN"})
    assert f"{host}:4242 于 " in zh.stdout and "报过心跳" in zh.stdout, zh.stdout

    await WorkerBeat.update({WorkerBeat.beat_at: now - dt.timedelta(minutes=5)}).where(
        WorkerBeat.worker == f"{host}:4242"
    )
    stale = saishang("worker", "--check", env=env)
    assert stale.returncode == 1, stale
