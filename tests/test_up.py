"""`make up` smoke: the whole system starts, serves the five tenants, stops, and keeps its data."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from server.infra.servers import free_port
from server.platform import messages
from server.settings import Settings, read_run

FIVE = {"yinchuan", "shizuishan", "wuzhong", "xixia", "qingtongxia"}


def start_up(home: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
    env.update(SAISHANG_HOME=str(home), SAISHANG_PORT=str(port), SAISHANG_LOG_LEVEL="warning")
    return subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--no-demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_ready(base: str, proc: subprocess.Popen, *, worker: bool, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            r = httpx.get(base + "/readyz", timeout=2)
            last = r.json()
            if r.status_code == 200 and (not worker or last["worker"]["ok"]):
                return last
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"not ready: {last}")


def child_pid(parent: int, word: str) -> int | None:
    """The pid of `parent`'s child whose command line has `word` (Linux /proc)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and word.encode() in argv:
            return int(entry.name)
    return None


def wait_for(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def stop(proc: subprocess.Popen) -> str:
    # A hang detector, not a speed check: a clean stop takes seconds, but PostgreSQL's shutdown
    # checkpoint (fsync on, as `up` runs it) took over a minute on a machine busy with other suites.
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=180)
    return out


def test_make_up_starts_everything_and_a_restart_keeps_the_data(tmp_path):
    home, port = tmp_path / "home", free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_up(home, port)
    try:
        ready = wait_ready(base, proc, worker=True)
        assert ready["postgres"]["ok"] and ready["redis"]["ok"] and ready["worker"]["last_seen"]
        token = (home / "platform-admin.token").read_text().strip()
        assert oct((home / "platform-admin.token").stat().st_mode & 0o777) == "0o600"
        headers = {"Authorization": f"Bearer {token}"}
        tenants = httpx.get(base + "/api/v1/platform/tenants", headers=headers).json()["items"]
        assert {t["slug"] for t in tenants} == FIVE
        assert {t["slug"]: t["parent"] for t in tenants}["xixia"] == "yinchuan"
        # The bots talk to the fake Bot API `up` started (TELEGRAM_API_BASE unset), which every command joins.
        run = wait_for(lambda: read_run(home), "the run file")  # written just after the API is ready
        assert run is not None and run.telegram_api_base and run.telegram_api_base.startswith("http://127.0.0.1:")
        assert httpx.post(f"{run.telegram_api_base}/bot1:fake/getMe").json()["ok"] is True
        # What it started is in its run file, which a command in a second terminal reads (issue 13).
        assert run.pid == proc.pid and run.api_url == base
        assert run.payment_channel_url and run.payment_channel_url.startswith("http://127.0.0.1:")
        second = Settings.from_env({"SAISHANG_HOME": str(home)})  # nothing set
        assert second.payment_channel_url == run.payment_channel_url and second.base_url == run.api_url
        r = httpx.post(
            base + "/api/v1/platform/tenants",
            headers=headers,
            json={"slug": "guyuan", "name_zh": "固原市总工会", "name_en": "Guyuan FTU"},
        )
        assert r.status_code == 201, r.text

        # Issue 13: a Redis restart no longer takes the platform down. `up` starts its Redis
        # again, the worker reconnects, and a worker that dies is started again too.
        worker = wait_for(lambda: child_pid(proc.pid, "worker"), "the worker")
        redis_pid = json.loads((home / "redis" / "server.json").read_text())["pid"]
        os.kill(redis_pid, signal.SIGKILL)
        wait_for(lambda: json.loads((home / "redis" / "server.json").read_text())["pid"] != redis_pid, "Redis")
        wait_ready(base, proc, worker=True)
        assert child_pid(proc.pid, "worker") == worker  # the same worker, reconnected
        os.kill(worker, signal.SIGKILL)
        restarted = wait_for(
            lambda: (child_pid(proc.pid, "worker") or worker) != worker and child_pid(proc.pid, "worker"),
            "a new worker",
        )
        assert proc.poll() is None
        assert httpx.get(base + "/api/v1/platform/tenants", headers=headers).status_code == 200
    finally:
        out = stop(proc)
    assert proc.returncode == 0, out
    # what it started and where to go next, in the CLI's language (zh-CN), the URLs as they are
    said = [messages.CLI_UP_TITLE, messages.CLI_UP_DOCS, messages.CLI_UP_TOKEN, messages.CLI_UP_STOP]
    assert all(m.render("zh-CN") in out for m in said) and f"{base}/schema" in out, out
    assert messages.CLI_STOPPED.render("zh-CN", {"home": home}) in out and "is up" not in out, out
    assert messages.CHILD_RESTARTED.render("zh-CN", {"name": "worker", "pid": restarted, "count": 1}) in out, out
    said = messages.CHILD_RESTARTED.render("zh-CN", {"name": "redis-server", "pid": "PID", "count": 1})
    assert re.search(re.escape(said).replace("PID", r"\d+"), out), out
    # Everything it started is gone, and its run file with it.
    assert not (home / "redis" / "server.json").exists()
    assert not (home / "run.json").exists()

    proc = start_up(home, port)
    try:
        wait_ready(base, proc, worker=False)
        assert (home / "platform-admin.token").read_text().strip() == token  # the same token still works
        tenants = httpx.get(base + "/api/v1/platform/tenants", headers=headers).json()["items"]
        assert {t["slug"] for t in tenants} == FIVE | {"guyuan"}
    finally:
        out = stop(proc)
    assert proc.returncode == 0, out
