"""Issue 13: a CLI run next to `make up` did not know the simulated bank `up` started, fell back
to bank files, stored false differences and exited 0.

- `up` records what it started in `$SAISHANG_HOME/run.json`; every command (through `Settings`)
  and the TUI read it; an explicit environment still wins, and a file left by a dead `up` is ignored
  (the file a real `up` writes, and removes on the way out: tests/test_up.py);
- a reconciliation that finds differences exits non-zero;
- the simulated bank keeps its record on disk, so a restart does not forget what it paid.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from server.modules.welfare.channels.base import PaymentOrder
from server.modules.welfare.channels.http import HttpChannel
from server.modules.welfare.channels.simulated import SimulatedChannelServer
from server.settings import RunInfo, Settings, clear_run, read_run, write_run
from tests.cli_helpers import cli_env, saishang
from tests.modules.welfare.conftest import admin, build_world, holiday


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_settings_and_the_tui_read_what_up_started(tmp_path):
    from tui.config import TuiConfig

    info = RunInfo(
        api_url="http://127.0.0.1:8123",
        payment_channel_url="http://127.0.0.1:8701",
        telegram_api_base="http://127.0.0.1:8702",
        pid=os.getpid(),
    )
    write_run(tmp_path, info)
    assert read_run(tmp_path) == info
    s = Settings.from_env({"SAISHANG_HOME": str(tmp_path)})
    assert s.payment_channel_url == "http://127.0.0.1:8701" and s.telegram_api_base == "http://127.0.0.1:8702"
    assert s.base_url == "http://127.0.0.1:8123"
    env = {"SAISHANG_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    assert TuiConfig.load(env=env).url == "http://127.0.0.1:8123"
    # the environment says otherwise: it wins
    s = Settings.from_env({"SAISHANG_HOME": str(tmp_path), "SAISHANG_PAYMENT_CHANNEL_URL": "http://bank:1"})
    assert s.payment_channel_url == "http://bank:1"
    # a file left behind by an `up` that died is not believed
    write_run(tmp_path, RunInfo(api_url="http://x:1", payment_channel_url="http://x:2", pid=_dead_pid()))
    assert (
        read_run(tmp_path) is None and Settings.from_env({"SAISHANG_HOME": str(tmp_path)}).payment_channel_url is None
    )
    clear_run(tmp_path)
    assert not (tmp_path / "run.json").exists()


async def test_a_cli_reconcile_next_to_up_uses_its_bank_and_differences_exit_non_zero(tenant, settings, tmp_path):
    await build_world(tenant.slug, n=3)
    async with tenant_scope(tenant.slug):
        c = await service.approve_campaign(
            (await service.create_campaign(holiday(), admin(tenant.slug))).id, admin(tenant.slug)
        )
    assert c.batch_id is not None
    sim = SimulatedChannelServer()
    url = await sim.start()
    try:
        channel = HttpChannel(url, timeout=5)
        from server.modules.welfare import disbursement as engine

        await engine.pay_until_settled(tenant.slug, c.batch_id, channel, timeout=30)
        await channel.aclose()
        # `up` is running (this process stands for it) with this bank: the CLI finds it by itself.
        home = tmp_path / "home"
        write_run(home, RunInfo(api_url="http://127.0.0.1:1", payment_channel_url=url, pid=os.getpid()))
        env = cli_env(settings, home)
        r = await asyncio.to_thread(saishang, "welfare", "reconcile", str(c.id), "--tenant", tenant.slug, env=env)
        assert r.returncode == 0 and "账实一致" in r.stdout, r.stdout + r.stderr
        # another bank that never heard of these payments: differences, and a non-zero exit
        other = SimulatedChannelServer()
        try:
            env = cli_env(settings, home, SAISHANG_PAYMENT_CHANNEL_URL=await other.start())
            r = await asyncio.to_thread(saishang, "welfare", "reconcile", str(c.id), "--tenant", tenant.slug, env=env)
            env["SAISHANG_LANG"] = "en"
            en = await asyncio.to_thread(saishang, "welfare", "reconcile", str(c.id), "--tenant", tenant.slug, env=env)
        finally:
            await other.stop()
        # the line and the table in the CLI's language (zh-CN by default, SAISHANG_LANG=en)
        assert r.returncode != 0 and all(w in r.stdout for w in ("存在差异", "差异", "已发放")), r.stdout + r.stderr
        assert "missing" not in r.stdout, r.stdout
        assert en.returncode != 0 and all(w in en.stdout for w in ("DIFFERENCES", "ledger", "paid")), en.stdout
        assert "差异" not in en.stdout, en.stdout
    finally:
        await sim.stop()


async def test_the_simulated_bank_remembers_what_it_paid_across_a_restart(tmp_path):
    journal = tmp_path / "bank-sim" / "journal.jsonl"
    order = PaymentOrder("WFREMEMBER000000000000001", "6222000012345678", "张伟", 50_000, "送温暖")
    sim = SimulatedChannelServer(journal=journal)
    channel = HttpChannel(await sim.start(), timeout=5)
    try:
        assert [r.outcome.value for r in await channel.pay([order])] == ["applied"]
    finally:
        await channel.aclose()
        await sim.stop()
    again = SimulatedChannelServer(journal=journal)
    channel = HttpChannel(await again.start(), timeout=5)
    try:
        assert [r.outcome.value for r in await channel.query([order.reference])] == ["applied"]
        assert [r.outcome.value for r in await channel.pay([order])] == ["applied"]  # answered from the record
        lines = await channel.statement([order.reference])
        assert [(ln.reference, ln.amount_fen) for ln in lines] == [(order.reference, 50_000)]
        assert again.state.counters["applications"] == 0  # nothing applied twice
    finally:
        await channel.aclose()
        await again.stop()


async def test_a_batch_is_not_reconciled_against_a_channel_that_did_not_pay_it(tenant, tmp_path):
    import pytest

    from server.errors import Conflict
    from server.infra.tenancy import conn
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare.channels.bank_file import BankFileChannel
    from tests.modules.welfare.conftest import pay_with_simulated_bank

    await build_world(tenant.slug, n=2)
    async with tenant_scope(tenant.slug):
        c = await service.approve_campaign(
            (await service.create_campaign(holiday(), admin(tenant.slug))).id, admin(tenant.slug)
        )
    assert c.batch_id is not None
    await pay_with_simulated_bank(tenant.slug, c.batch_id)
    with pytest.raises(Conflict) as refused:
        await engine.reconcile(tenant.slug, c.batch_id, BankFileChannel(tenant.slug))
    assert refused.value.code == "wrong_channel"
    async with tenant_scope(tenant.slug):
        assert await conn().fetchval("SELECT count(*) FROM payout_reconciliation WHERE batch = $1", c.batch_id) == 0
