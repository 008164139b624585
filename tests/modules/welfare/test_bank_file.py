"""The bank batch-file channel: export a payment file, import the bank's result file."""

from __future__ import annotations

import pytest

from server.errors import InvalidInput
from server.infra.tenancy import tenant_scope
from server.modules.welfare import disbursement as engine
from server.modules.welfare.channels.bank_file import (
    BankFileChannel,
    parse_payment_file,
    parse_result_file,
    result_file,
)


async def test_payouts_go_out_as_a_file_and_settle_from_the_result_file(tenant, tmp_path):
    channel = BankFileChannel(tmp_path / "bank")
    items = [engine.PayoutItem(f"member:{i}", f"职工{i}", f"6228{i:012d}", 50_000 + i) for i in range(5)]
    async with tenant_scope(tenant.slug):
        batch = await engine.create_batch("test.bank:1", "bank file", items, budget_fen=10**9)
    await engine.drain(tenant.slug, batch.id, channel, chunk=100, time_budget=2, wait_for_doubt=0)
    files = list(channel.outbox.glob("PAY_*.csv"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    orders = parse_payment_file(text)
    assert [o.amount_fen for o in orders] == [i.amount_fen for i in items]
    assert text.splitlines()[-1] == f"TOTAL,5,{sum(i.amount_fen for i in items) / 100:.2f},,"
    async with tenant_scope(tenant.slug):
        assert (await engine.progress(batch.id)).unknown == 5  # sent, not yet known: settled only by asking

    (channel.inbox / "RESULT_1.csv").write_text(
        result_file(
            [(o.reference, "SUCCESS", o.amount_fen, f"B{n:06d}", "") for n, o in enumerate(orders[:4])]
            + [(orders[4].reference, "FAILED", orders[4].amount_fen, "", "account closed")]
        ),
        encoding="utf-8",
    )
    async with tenant_scope(tenant.slug):
        await engine.conn().execute("UPDATE payout SET next_check_at = now()")
    p = await engine.pay_until_settled(tenant.slug, batch.id, channel, timeout=10)
    assert (p.paid, p.failed, p.done) == (4, 1, True)
    assert len(list(channel.outbox.glob("PAY_*.csv"))) == 1  # never exported twice
    rec = await engine.reconcile(tenant.slug, batch.id, channel)
    assert rec.ok and rec.ledger_paid_fen == sum(o.amount_fen for o in orders[:4])


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
