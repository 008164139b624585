"""`saishang welfare pay` pays a campaign with a live progress bar; `saishang report welfare` reads it back."""

from __future__ import annotations

import asyncio
import json

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from server.modules.welfare.channels.simulated import SimulatedChannelServer
from tests.cli_helpers import cli_env, saishang
from tests.modules.welfare.conftest import admin, build_world, holiday


async def test_cli_pays_with_progress_and_reports(tenant, settings, tmp_path):
    world = await build_world(tenant.slug, n=5)
    async with tenant_scope(tenant.slug):
        c = await service.approve_campaign(
            (await service.create_campaign(holiday(), admin(tenant.slug))).id, admin(tenant.slug)
        )
    sim = SimulatedChannelServer()
    url = await sim.start()
    try:
        env = cli_env(settings, tmp_path, SAISHANG_PAYMENT_CHANNEL_URL=url)
        r = await asyncio.to_thread(saishang, "welfare", "pay", str(c.id), "--tenant", tenant.slug, env=env)
        assert r.returncode == 0, r.stderr
        assert "已发放 5 笔" in r.stdout and "¥2,500.00" in r.stdout
        r = await asyncio.to_thread(
            saishang, "report", "welfare", "--tenant", tenant.slug, "--year", "2017", "--json", env=env
        )
        figures = json.loads(r.stdout)["figures"]
        assert figures["holiday_relief_households"] == 5 and figures["holiday_relief_fen"] == 250_000
        assert figures["duplicated_payouts"] == 0
        r = await asyncio.to_thread(saishang, "welfare", "reconcile", str(c.id), "--tenant", tenant.slug, env=env)
        assert r.returncode == 0 and "账实一致" in r.stdout, r.stdout + r.stderr
    finally:
        await sim.stop()
    assert len(sim.state.lines) == 5 and world.members
