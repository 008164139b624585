"""A throwaway system for the API benchmarks: embedded PostgreSQL and Redis, one tenant with
members imported through the real importer, a tenant admin's token, and API processes."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.orgs_import import make_csv
from server.infra import db
from server.infra.migrate import migrate_platform
from server.infra.secrets import installation_key
from server.infra.servers import free_port, start_servers
from server.infra.tenancy import tenant_scope
from server.modules.orgs import bulk
from server.modules.orgs.service import OrgIn, create_org
from server.platform import service
from server.platform.service import TenantIn, TokenIn

SLUG = "shizuishan"


@dataclass
class System:
    env: dict[str, str]
    token: str
    home: Path

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@asynccontextmanager
async def system(members: int) -> AsyncIterator[System]:
    with tempfile.TemporaryDirectory(prefix="saishang-bench-") as home:
        servers = start_servers(Path(home), None, None)
        try:
            await db.connect(servers.database_url, max_size=4)
            await migrate_platform()
            await service.create_tenant(
                TenantIn(slug=SLUG, name_zh="石嘴山市总工会", name_en="Shizuishan", modules=["orgs"])
            )
            async with tenant_scope(SLUG):
                names = [
                    (await create_org(OrgIn(name=f"企业{i}工会", type="enterprise_union"))).name for i in range(200)
                ]
            started = time.perf_counter()
            async with tenant_scope(SLUG):
                await bulk.import_members(make_csv(names, members), filename="members.csv")
            print(f"{members:,} members imported in {time.perf_counter() - started:.1f} s (setup)")
            token = (await service.create_token(TokenIn(role="tenant_admin", tenant=SLUG))).token
            env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
            env.update(
                DATABASE_URL=servers.database_url,
                REDIS_URL=servers.redis_url or "",
                SAISHANG_HOME=home,
                SAISHANG_LOG_LEVEL="warning",
                SAISHANG_ID_KEY=base64.b64encode(installation_key()).decode(),
            )
            await db.disconnect()
            yield System(env, token, Path(home))
        finally:
            await db.disconnect()
            servers.stop()


@asynccontextmanager
async def process(command: list[str], env: dict[str, str], url: str) -> AsyncIterator[subprocess.Popen]:
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        async with aiohttp.ClientSession() as s:
            for _ in range(1200):
                assert proc.poll() is None, f"{command} exited"
                try:
                    async with s.get(url + "/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def saishang_api(env: dict[str, str], port: int, workers: int = 1) -> list[str]:
    return [sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--workers", str(workers)]


@dataclass
class Load:
    count: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


async def load(
    url: str, headers: dict[str, str], clients: int, seconds: float, until: Callable[[], bool] | None = None
) -> Load:
    """`clients` keep-alive connections asking `url` in a loop for `seconds` (or until `until()`)."""
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients)) as s:
        for _ in range(clients):  # warm each connection
            async with s.get(url, headers=headers) as r:
                await r.read()
        started = time.perf_counter()
        stop = started + seconds

        async def one() -> None:
            while (t := time.perf_counter()) < stop and not (until and until()):
                async with s.get(url, headers=headers) as r:
                    await r.read()
                    assert r.status == 200, r.status
                latencies.append(time.perf_counter() - t)

        await asyncio.gather(*(one() for _ in range(clients)))
        return Load(len(latencies), time.perf_counter() - started, latencies)


def cpu_seconds(proc: subprocess.Popen) -> float:
    """The CPU time (user and system) process `proc` has used so far (Linux)."""
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def timed(coro: Awaitable[bytes]) -> tuple[float, int]:
    started = time.perf_counter()
    body = await coro
    return time.perf_counter() - started, len(body)


__all__ = ["SLUG", "Load", "System", "cpu_seconds", "free_port", "load", "process", "saishang_api", "system", "timed"]
