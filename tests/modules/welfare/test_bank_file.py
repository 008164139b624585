"""The bank batch-file channel: its outbox is in the database, so every worker shares it; an
operator writes the payment files out and hands the bank's result file in, from the CLI."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid

import pytest

from server.errors import InvalidInput
from server.infra.tenancy import conn, tenant_scope
from server.modules.welfare import disbursement as engine
from server.modules.welfare.channels import bank_file
from server.modules.welfare.channels.bank_file import (
    BankFileChannel,
    parse_payment_file,
    parse_result_file,
    result_file,
)
from tests.cli_helpers import cli_env, saishang


async def test_payouts_go_out_as_a_file_and_settle_from_the_result_file(settings, tenant, tmp_path):
    channel = BankFileChannel(tenant.slug)
    items = [engine.PayoutItem(f"member:{i}", f"职工{i}", f"6228{i:012d}", 50_000 + i) for i in range(5)]
    async with tenant_scope(tenant.slug):
        batch = await engine.create_batch("test.bank:1", "bank file", items, budget_fen=10**9)
    await engine.drain(tenant.slug, batch.id, channel, chunk=100, time_budget=2, wait_for_doubt=0)
    async with tenant_scope(tenant.slug):
        assert (await engine.progress(batch.id)).unknown == 5  # sent, not yet known: settled only by asking

    # The operator writes the file out (from a process with a home of its own).
    out = tmp_path / "out"
    env = cli_env(settings, tmp_path / "operator-home", SAISHANG_LANG="en")
    wrote = await asyncio.to_thread(
        saishang, "welfare", "bank-files", "--tenant", tenant.slug, "--out", str(out), env=env
    )
    assert wrote.returncode == 0 and "1 payment file(s) written" in wrote.stdout, wrote.stderr
    files = list(out.glob(f"PAY_{tenant.slug}_*.csv"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    orders = parse_payment_file(text)
    assert sorted((o.account, o.amount_fen) for o in orders) == [(i.account, i.amount_fen) for i in items]
    assert text.splitlines()[-1] == f"TOTAL,5,{sum(i.amount_fen for i in items) / 100:.2f},,"
    async with tenant_scope(tenant.slug):  # the numbers are sealed in the outbox too
        assert all(a.startswith("sealed:") for a in await conn().fetchval("SELECT array_agg(account) FROM bank_export"))

    # The bank's result file comes back through the CLI, from yet another home.
    result = tmp_path / "RESULT_1.csv"
    result.write_text(
        result_file(
            [(o.reference, "SUCCESS", o.amount_fen, f"B{n:06d}", "") for n, o in enumerate(orders[:4])]
            + [(orders[4].reference, "FAILED", orders[4].amount_fen, "", "account closed")]
            + [("WFNEVEREXPORTED", "SUCCESS", 100, "B9", "")]
        ),
        encoding="utf-8",
    )
    other = cli_env(settings, tmp_path / "another-home")
    imported = await asyncio.to_thread(saishang, "welfare", "bank-import", str(result), env=other)
    assert imported.returncode == 0, imported.stderr
    # in the CLI's language (zh-CN by default; the operator above reads English)
    assert "成功 5 笔，失败 1 笔；已登记 5/6 个付款流水号" in imported.stdout, imported.stdout
    assert "1 个付款流水号并非本系统导出" in imported.stdout, imported.stdout

    async with tenant_scope(tenant.slug):
        await engine.conn().execute("UPDATE payout SET next_check_at = now()")
    p = await engine.pay_until_settled(tenant.slug, batch.id, channel, timeout=10)
    assert (p.paid, p.failed, p.done) == (4, 1, True)
    again = await asyncio.to_thread(
        saishang, "welfare", "bank-files", "--tenant", tenant.slug, "--out", str(out), env=env
    )
    assert "0 payment file(s) written" in again.stdout, again.stderr  # never exported twice
    every = await asyncio.to_thread(
        saishang, "welfare", "bank-files", "--tenant", tenant.slug, "--out", str(tmp_path / "all"), "--all", env=env
    )
    assert "1 payment file(s) written" in every.stdout
    assert (tmp_path / "all" / files[0].name).read_text(encoding="utf-8") == text  # the same file, again
    rec = await engine.reconcile(tenant.slug, batch.id, channel)
    assert rec.ok and rec.ledger_paid_fen == sum(o.amount_fen for o in orders[:4])


EXPORTER = """
import asyncio, sys
from server.infra import db
from server.modules.welfare.channels.base import PaymentOrder
from server.modules.welfare.channels.bank_file import BankFileChannel
from server.settings import Settings

async def main(tenant, prefix, n, backwards):
    await db.connect(Settings.from_env().database_url, max_size=2)
    orders = [PaymentOrder(f"{prefix}{i:05d}", f"6228{i:012d}", f"职工{i}", 100 + i) for i in range(n)]
    if backwards:
        orders.reverse()
    channel = BankFileChannel(tenant)
    for i in range(0, n, 20):  # a worker's rounds: 20 orders a time
        answers = await channel.pay(orders[i : i + 20])
        assert all(a.outcome.value == "processing" for a in answers), answers
    await db.disconnect()

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"))
"""


async def test_two_workers_with_their_own_homes_export_each_reference_once(settings, tenant, tmp_path):
    prefix, n = "WF" + uuid.uuid4().hex[:8].upper(), 400
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", EXPORTER, tenant.slug, prefix, str(n), backwards],
            env=cli_env(settings, tmp_path / f"home-{backwards}"),
            stderr=subprocess.PIPE,
            text=True,
        )
        for backwards in ("0", "1")
    ]
    for p in procs:
        _, err = await asyncio.to_thread(p.communicate, timeout=120)
        assert p.returncode == 0, err
    async with tenant_scope(tenant.slug):
        c = conn()
        exported = await c.fetchval("SELECT count(*) FROM bank_export WHERE reference LIKE $1", prefix + "%")
        in_files = await c.fetchval(
            "SELECT sum(f.orders) FROM bank_file f WHERE f.id IN (SELECT file FROM bank_export WHERE reference LIKE $1)",
            prefix + "%",
        )
        texts = [await bank_file.file_text(f.name) for f in await bank_file.bank_files(unfetched_only=False)]
    assert exported == n and in_files == n
    refs = [o.reference for t in texts for o in parse_payment_file(t) if o.reference.startswith(prefix)]
    assert len(refs) == n and len(set(refs)) == n  # every reference in exactly one file, once


def test_a_bad_result_file_is_refused_with_row_errors():
    bad = "reference,status,amount_yuan,bank_txn,reason\nWF1,SUCCESS,10.005,B1,\nWF1,MAYBE,5.00,,\nWF-2,SUCCESS,-1,,\n"
    with pytest.raises(InvalidInput) as exc:
        parse_result_file(bad)
    errs = {(e.field, e.row) for e in exc.value.errors}
    assert {
        ("amount_yuan", 2),
        ("reference", 3),
        ("status", 3),
        ("reference", 4),
        ("amount_yuan", 4),
        ("bank_txn", 4),
    } <= errs
