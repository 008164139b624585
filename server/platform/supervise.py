"""What keeps `saishang up` up: its children (the API, the worker, the simulated bank, the
embedded Redis) are watched, and one that dies is started again after a short wait instead of
the whole platform being torn down. Each exit and each restart is said in `up`'s log.

The wait doubles from `first_delay` to `max_delay` while a child keeps dying, and starts afresh
once it has run for `steady_seconds`, so a crash loop does not spin and a rare crash is mended
at once."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from server.messages import Msg
from server.platform import messages


class Say(Protocol):
    def __call__(self, message: Msg, **params: Any) -> None: ...


@dataclass
class Child:
    name: str
    start: Callable[[], subprocess.Popen]
    proc: subprocess.Popen | None = None  # already running when given (the embedded Redis)
    # False for a process another owner stops (the embedded Redis: `Servers.stop`).
    stop_with_supervisor: bool = True
    restarts: int = 0
    started_at: float = field(default=0.0)
    due: float | None = None  # when a dead child is to be started again
    delay: float | None = None


class Supervisor:
    def __init__(
        self,
        children: list[Child],
        *,
        say: Say,
        first_delay: float = 1.0,
        max_delay: float = 30.0,
        steady_seconds: float = 60.0,
    ):
        self.children = children
        self.say = say
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.steady_seconds = steady_seconds

    @property
    def procs(self) -> list[subprocess.Popen]:
        return [c.proc for c in self.children if c.proc is not None]

    def start(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.proc is None:
                self._launch(child, now)
            else:
                child.started_at = now

    def _launch(self, child: Child, now: float) -> bool:
        try:
            child.proc = child.start()
        except Exception as exc:  # a port still taken, a binary gone: try again later
            child.proc = None
            delay = self._next_delay(child, now, ran=False)
            self.say(messages.CHILD_START_FAILED, name=child.name, error=str(exc), delay=f"{delay:g}")
            return False
        child.started_at, child.due = now, None
        return True

    def _next_delay(self, child: Child, now: float, *, ran: bool = True) -> float:
        if child.delay is None or (ran and now - child.started_at >= self.steady_seconds):
            delay = self.first_delay
        else:
            delay = min(child.delay * 2, self.max_delay)
        child.delay, child.due = delay, now + delay
        return delay

    def check(self) -> None:
        """One look at every child: a dead one is scheduled for a restart, a due one restarted."""
        now = time.monotonic()
        for child in self.children:
            if child.due is None:
                status = child.proc.poll() if child.proc is not None else None
                if status is None:
                    continue
                delay = self._next_delay(child, now)
                self.say(messages.CHILD_EXITED, name=child.name, status=status, delay=f"{delay:g}")
            elif now >= child.due and self._launch(child, now):
                child.restarts += 1
                assert child.proc is not None
                self.say(messages.CHILD_RESTARTED, name=child.name, pid=child.proc.pid, count=child.restarts)

    def watch(self, interval: float = 0.5) -> None:
        """Check for ever (until Ctrl-C or SIGTERM raise out of the sleep)."""
        while True:
            self.check()
            time.sleep(interval)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM to every running child this supervisor owns, then SIGKILL to those still there."""
        owned = [c.proc for c in self.children if c.stop_with_supervisor and c.proc is not None]
        for proc in owned:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in owned:
            try:
                proc.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
