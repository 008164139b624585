"""`saishang skills reward-run`: a preview table, approval with payment and a progress bar, and a
second run that finds nothing; `saishang report skills` reads the rewards back."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from server.infra.tenancy import tenant_scope
from server.modules.skills import service
from server.modules.welfare.channels.simulated import SimulatedChannelServer
from tests.cli_helpers import cli_env, saishang
from tests.modules.skills.conftest import admin
from tests.modules.skills.test_rewards import add_rules, cert


async def test_reward_run_from_the_cli(world, settings, tmp_path):
    async with tenant_scope(world.tenant):
        await add_rules(world.tenant)
        await service.record_certificates(
            [
                cert("YC-C1", world.members[0], 2, dt.date(2017, 7, 1)),
                cert("YC-C2", world.members[1], 2, dt.date(2017, 8, 1)),
            ],
            admin(world.tenant),
        )
    bank = SimulatedChannelServer()
    url = await bank.start()
    try:
        env = cli_env(settings, tmp_path, SAISHANG_PAYMENT_CHANNEL_URL=url, SAISHANG_LANG="en")
        args = ("skills", "reward-run", "--tenant", world.tenant)
        r = await asyncio.to_thread(saishang, *args, "--year", "2017", env=env)
        assert r.returncode == 0, r.stderr
        assert (
            "waiting for approval, 2 lines, ¥3,000.00" in r.stdout
            and "2017-08-01" in r.stdout
            and "2014-01-01" in r.stdout
        )
        assert all(w in r.stdout for w in ("kind", "certificate", "technician", "lines")), r.stdout
        zh = await asyncio.to_thread(saishang, *args, "--run", "1", env={**env, "SAISHANG_LANG": "zh-CN"})
        assert (
            all(w in zh.stdout for w in ("类型", "笔数", "证书", "技师", "待审批，2 笔"))
            and "certificate" not in zh.stdout
        ), zh.stdout
        r = await asyncio.to_thread(saishang, *args, "--run", "1", "--approve", "--pay", env=env)
        assert r.returncode == 0, r.stderr
        assert "paid 2 (¥3,000.00), failed 0, open 0" in r.stdout
        r = await asyncio.to_thread(saishang, *args, "--year", "2017", "--approve", "--pay", env=env)
        assert r.returncode == 0 and "0 lines" in r.stdout and "nothing to pay" in r.stdout, r.stdout + r.stderr
        r = await asyncio.to_thread(saishang, *args, "--run", "1", "--approve", env=env)
        assert r.returncode == 1 and "only a run in preview" in r.stderr
        r = await asyncio.to_thread(saishang, *args, "--year", "2017", "--up-to", "someday", env=env)
        assert r.returncode == 1 and "--up-to: 'someday' is not a date" in r.stderr, r.stderr
        r = await asyncio.to_thread(saishang, *args, env={**env, "SAISHANG_LANG": "zh-CN"})
        assert r.returncode == 1 and "新测算请给出 --year" in r.stderr, r.stderr
        r = await asyncio.to_thread(
            saishang, "report", "skills", "--tenant", world.tenant, "--year", "2017", "--json", env=env
        )
        figures = json.loads(r.stdout)["figures"]
        assert figures["rewards_paid_fen"] == 300_000 and figures["rewarded_certificates"] == 2
    finally:
        await bank.stop()
    assert len(bank.state.lines) == 2
