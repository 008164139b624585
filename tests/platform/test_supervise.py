"""`saishang up` restarts a child that died instead of tearing the platform down, and says so
(issue 13, item 4). The supervisor is tested in-process with short timings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from server.platform import messages
from server.platform.supervise import Child, Supervisor


def sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)


def quitter() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"], start_new_session=True)


def until(condition, timeout: float = 10.0, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(step)


def test_a_killed_child_is_started_again_and_the_others_keep_running():
    said: list[tuple[str, dict]] = []
    api, worker = Child("serve", sleeper), Child("worker", sleeper)
    sup = Supervisor([api, worker], say=lambda m, **p: said.append((m.code, p)), first_delay=0.2, max_delay=1.0)
    sup.start()
    try:
        first_api, first_worker = api.proc.pid, worker.proc.pid
        os.kill(first_worker, signal.SIGKILL)

        def restarted() -> bool:
            sup.check()
            return worker.proc.pid != first_worker and worker.proc.poll() is None

        until(restarted)
        assert api.proc.pid == first_api and api.proc.poll() is None
        assert worker.restarts == 1
        codes = [code for code, _ in said]
        assert codes == [messages.CHILD_EXITED.code, messages.CHILD_RESTARTED.code]
        assert said[0][1]["name"] == "worker" and said[0][1]["status"] == -signal.SIGKILL
        assert said[1][1]["pid"] == worker.proc.pid
    finally:
        sup.stop(timeout=5)
    assert api.proc.poll() is not None and worker.proc.poll() is not None


def test_a_child_that_keeps_dying_is_restarted_with_growing_delays():
    said: list[tuple[str, dict]] = []
    child = Child("welfare channel-sim", quitter)
    sup = Supervisor([child], say=lambda m, **p: said.append((m.code, p)), first_delay=0.1, max_delay=0.4)
    sup.start()
    try:
        until(lambda: (sup.check(), child.restarts >= 4)[1])
    finally:
        sup.stop(timeout=5)
    delays = [p["delay"] for code, p in said if code == messages.CHILD_EXITED.code]
    assert delays[:4] == ["0.1", "0.2", "0.4", "0.4"]
    assert all(p["status"] == 3 for code, p in said if code == messages.CHILD_EXITED.code)


def test_a_child_that_cannot_be_started_is_tried_again():
    said: list[tuple[str, dict]] = []
    attempts = []

    def flaky() -> subprocess.Popen:
        attempts.append(1)
        if len(attempts) < 3:
            raise OSError("port in use")
        return sleeper()

    child = Child("redis-server", flaky)
    sup = Supervisor([child], say=lambda m, **p: said.append((m.code, p)), first_delay=0.05, max_delay=0.1)
    sup.start()
    try:
        until(lambda: (sup.check(), child.proc is not None and child.proc.poll() is None)[1])
    finally:
        sup.stop(timeout=5)
    assert [code for code, _ in said][:2] == [messages.CHILD_START_FAILED.code] * 2
    assert "port in use" in said[0][1]["error"]


def test_stop_leaves_a_child_it_does_not_own_to_its_owner():
    owned, foreign = Child("serve", sleeper), Child("redis-server", sleeper, stop_with_supervisor=False)
    sup = Supervisor([owned, foreign], say=lambda m, **p: None)
    sup.start()
    sup.stop(timeout=5)
    assert owned.proc.poll() is not None and foreign.proc.poll() is None
    foreign.proc.kill()
    foreign.proc.wait()
