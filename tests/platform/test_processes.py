"""Several API processes: `serve --workers N` shares one port, and a token revoked through one
process is refused by the very next request to another, and so is a tenant disabled through one
(what a process keeps of a token is checked by the database on every read)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from server.infra.servers import free_port
from server.platform import service
from server.platform.service import TokenIn
from tests.cli_helpers import cli_env
from tests.conftest import bearer


def serve(env: dict[str, str], port: int, *extra: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port), *extra],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never answered:\n{log.read_text()}")


async def test_a_revocation_through_one_process_is_seen_by_the_next_request_to_another(settings, make_tenant, tmp_path):
    tenant = await make_tenant(modules=["orgs"])
    admin = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    worker = await service.create_token(TokenIn(role="auditor", tenant=tenant.slug))
    env = cli_env(settings, tmp_path)
    one, two = free_port(), free_port()
    procs = [serve(env, one, log=tmp_path / "one.log"), serve(env, two, "--workers", "2", log=tmp_path / "two.log")]
    try:
        wait_up(f"http://127.0.0.1:{one}", procs[0], tmp_path / "one.log")
        wait_up(f"http://127.0.0.1:{two}", procs[1], tmp_path / "two.log")
        # `serve --workers 2`: uvicorn's supervisor and two API processes on the one port.
        children = Path(f"/proc/{procs[1].pid}/task/{procs[1].pid}/children").read_text().split()
        assert len(children) >= 2, children
        me = f"/api/v1/t/{tenant.slug}/me"
        async with (
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{one}") as first,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{two}") as second,
        ):
            for _ in range(4):
                assert (await second.get(me, headers=bearer(worker.token))).status_code == 200
            revoked = await first.delete(
                f"/api/v1/t/{tenant.slug}/tokens/{worker.info.id}", headers=bearer(admin.token)
            )
            assert revoked.status_code == 200, revoked.text
            for _ in range(4):  # new connections: whichever of the two processes takes each
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{two}") as fresh:
                    r = await fresh.get(me, headers=bearer(worker.token))
                assert r.status_code == 401 and r.json()["code"] == "token_revoked"
            assert (await second.get(me, headers=bearer(admin.token))).status_code == 200
            # A tenant disabled through one process: refused by the next request to another, which
            # checks the token it has seen against the tenant as it is now (service.enter).
            for _ in range(4):
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{two}") as fresh:
                    assert (await fresh.get(me, headers=bearer(admin.token))).status_code == 200
            platform = await service.create_token(TokenIn(role="platform_admin"))
            off = await first.delete(f"/api/v1/platform/tenants/{tenant.slug}", headers=bearer(platform.token))
            assert off.status_code == 200, off.text
            for _ in range(4):
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{two}") as fresh:
                    r = await fresh.get(me, headers=bearer(admin.token))
                assert r.status_code == 404 and r.json()["code"] == "tenant_not_found", r.text
    finally:
        await service.update_tenant(tenant.slug, service.TenantPatch(active=True))
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
