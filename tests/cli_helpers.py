"""Run the real `saishang` CLI as a process of its own against the test session's servers
(forked from a process that imported it once: tests/cli_zygote.py)."""

from __future__ import annotations

import atexit
import base64
import json
import locale
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from server.settings import Settings


def cli_env(settings: Settings, home: Path, **extra: str) -> dict[str, str]:
    from server.infra.secrets import installation_key

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=settings.redis_url or "",
        SAISHANG_HOME=str(home),
        SAISHANG_LOG_LEVEL="warning",
        # The same installation as this test process: values it sealed open in the CLI.
        SAISHANG_ID_KEY=base64.b64encode(installation_key()).decode(),
    )
    env.update(extra)
    return env


def saishang(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m server.cli ARGS` run to its end: a child forked by the CLI zygote (see
    tests/cli_zygote.py), or a new process when the zygote is busy with another thread's command
    or `SAISHANG_TEST_CLI_FORK=0`."""
    if _zygote.lock.acquire(blocking=False):
        try:
            done = _zygote.run(list(args), env, timeout)
        finally:
            _zygote.lock.release()
        if done is not None:
            return done
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


class _Zygote:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.broken = os.environ.get("SAISHANG_TEST_CLI_FORK") == "0"
        self.folder = Path()

    def start(self) -> subprocess.Popen | None:
        if self.broken:
            return None
        if self.process is None or self.process.poll() is not None:
            self.folder = Path(tempfile.mkdtemp(prefix="saishang-cli-"))  # the children's stdout and stderr
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.cli_zygote"],
                cwd=Path(__file__).resolve().parent.parent,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
            atexit.register(self.stop)
        return self.process

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.folder.name.startswith("saishang-cli-"):
            shutil.rmtree(self.folder, ignore_errors=True)

    def reply(self, process: subprocess.Popen, deadline: float) -> dict[str, int] | None:
        assert process.stdout is not None
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([process.stdout], [], [], left)[0]:
            return None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the CLI zygote ended")
        return json.loads(line)

    def run(self, args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess | None:
        process = self.start()
        if process is None or process.stdin is None:
            return None
        out, err = self.folder / "stdout", self.folder / "stderr"
        request = {"args": args, "env": env, "cwd": os.getcwd(), "stdout": str(out), "stderr": str(err)}
        deadline = time.monotonic() + timeout
        try:
            process.stdin.write(json.dumps(request) + "\n")
            started = self.reply(process, time.monotonic() + 60)
            if started is None:
                raise RuntimeError("the CLI zygote did not fork")
            ended = self.reply(process, deadline)
            if ended is None:
                os.kill(started["pid"], signal.SIGKILL)
                self.reply(process, time.monotonic() + 60)
        except (OSError, RuntimeError, ValueError):
            self.broken = True  # a new process per command from now on
            self.stop()
            return None
        command = [sys.executable, "-m", "server.cli", *args]
        stdout, stderr = _text(out), _text(err)
        if ended is None:
            raise subprocess.TimeoutExpired(command, timeout, output=stdout, stderr=stderr)
        return subprocess.CompletedProcess(command, ended["code"], stdout, stderr)


def _text(path: Path) -> str:
    """A captured stream as `subprocess.run(text=True)` gives it (locale encoding, universal newlines)."""
    raw = path.read_bytes().decode(locale.getpreferredencoding(False))
    return raw.replace("\r\n", "\n").replace("\r", "\n")


_zygote = _Zygote()
