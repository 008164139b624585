"""The bank batch-file channel (银行代发文件): export a payment file, import the bank's result.

Layout (UTF-8, comma-separated, RFC 4180 quoting, first line a header):

Payment file `outbox/PAY_<yyyymmddHHMMSS>_<n>.csv`, one line per payment order::

    reference,account,name,amount_yuan,memo
    WF3F9C2A...,6222020200112233445,张伟,500.00,2017两节送温暖
    TOTAL,2,1000.00,,

- `reference`: the payout's payment reference, 1-40 letters/digits; the bank
  must refuse a reference it has already paid (it is the idempotency key).
- `account`: the beneficiary's bank card number; `name`: the account holder.
- `amount_yuan`: yuan with exactly two decimals (fen / 100), never a float.
- The last line is the trailer `TOTAL,<count>,<sum of amount_yuan>,,`.

Result file `inbox/*.csv`, written by the bank, one line per order it processed::

    reference,status,amount_yuan,bank_txn,reason
    WF3F9C2A...,SUCCESS,500.00,B2017123100001,
    WF77D01B...,FAILED,500.00,,account closed

- `status`: SUCCESS (money moved) or FAILED (nothing moved; `reason` says why).
- A reference exported but absent from every result file is still processing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from server.errors import FieldError, InvalidInput
from server.modules.welfare import messages as msg
from server.modules.welfare.channels.base import Outcome, PaymentOrder, PaymentResult, StatementLine

PAYMENT_HEADER = ["reference", "account", "name", "amount_yuan", "memo"]
RESULT_HEADER = ["reference", "status", "amount_yuan", "bank_txn", "reason"]
REFERENCE_RE = re.compile(r"^[A-Za-z0-9]{1,40}$")
_seq = itertools.count(1)


def yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def fen_of(text: str) -> int:
    value = Decimal(text.strip())
    if value != value.quantize(Decimal("0.01")):
        raise InvalidOperation
    return int(value * 100)


def payment_file(orders: Sequence[PaymentOrder]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(PAYMENT_HEADER)
    for o in orders:
        w.writerow([o.reference, o.account, o.name, yuan(o.amount_fen), o.memo])
    w.writerow(["TOTAL", len(orders), yuan(sum(o.amount_fen for o in orders)), "", ""])
    return buf.getvalue()


def parse_payment_file(text: str) -> list[PaymentOrder]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or rows[0] != PAYMENT_HEADER:
        raise InvalidInput(FieldError("file", msg.FILE_HEADER, row=1, header=",".join(PAYMENT_HEADER)))
    orders = [PaymentOrder(r[0], r[1], r[2], fen_of(r[3]), r[4]) for r in rows[1:] if r and r[0] != "TOTAL"]
    return orders


def result_file(results: Sequence[tuple[str, str, int, str, str]]) -> str:
    """(reference, SUCCESS|FAILED, amount_fen, bank_txn, reason) -> the bank's result file text."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(RESULT_HEADER)
    for ref, status, fen, txn, reason in results:
        w.writerow([ref, status, yuan(fen), txn, reason])
    return buf.getvalue()


def parse_result_file(text: str) -> list[PaymentResult]:
    """Read a result file; every bad line is a row-level error and nothing is accepted."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    errors: list[FieldError] = []
    if not rows or [c.strip() for c in rows[0]] != RESULT_HEADER:
        raise InvalidInput(FieldError("file", msg.FILE_HEADER, row=1, header=",".join(RESULT_HEADER)))
    results: list[PaymentResult] = []
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(RESULT_HEADER):
            errors.append(FieldError("file", msg.FILE_COLUMNS, row=n, expected=len(RESULT_HEADER), got=len(row)))
            continue
        ref, status, amount, txn, reason = (c.strip() for c in row)
        if not REFERENCE_RE.fullmatch(ref):
            errors.append(FieldError("reference", msg.FILE_REFERENCE, row=n))
        elif ref in seen:
            errors.append(FieldError("reference", msg.FILE_REFERENCE_TWICE, row=n))
        seen.add(ref)
        if status not in ("SUCCESS", "FAILED"):
            errors.append(FieldError("status", msg.FILE_STATUS, row=n))
        try:
            fen = fen_of(amount)
            if fen <= 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append(FieldError("amount_yuan", msg.FILE_AMOUNT, row=n))
            fen = 0
        if status == "SUCCESS" and not txn:
            errors.append(FieldError("bank_txn", msg.FILE_BANK_TXN, row=n))
        outcome = Outcome.applied if status == "SUCCESS" else Outcome.rejected
        results.append(PaymentResult(ref, outcome, channel_txn=txn or None, amount_fen=fen, reason=reason))
    if errors:
        raise InvalidInput(errors)
    return results


class BankFileChannel:
    """Payment orders become files in `outbox/`; the bank's result files land in `inbox/`."""

    name = "bank_file"

    def __init__(self, directory: Path):
        self.outbox = directory / "outbox"
        self.inbox = directory / "inbox"
        self.outbox.mkdir(parents=True, exist_ok=True)
        self.inbox.mkdir(parents=True, exist_ok=True)

    def _exported(self) -> dict[str, PaymentOrder]:
        out: dict[str, PaymentOrder] = {}
        for path in sorted(self.outbox.glob("PAY_*.csv")):
            for o in parse_payment_file(path.read_text(encoding="utf-8")):
                out[o.reference] = o
        return out

    def _results(self) -> dict[str, PaymentResult]:
        out: dict[str, PaymentResult] = {}
        for path in sorted(self.inbox.glob("*.csv")):
            for r in parse_result_file(path.read_text(encoding="utf-8")):
                out[r.reference] = r
        return out

    async def pay(self, orders: Sequence[PaymentOrder]) -> list[PaymentResult]:
        exported = self._exported()
        new = [o for o in orders if o.reference not in exported]  # the file is the dedupe record
        if new:
            stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
            path = self.outbox / f"PAY_{stamp}_{os.getpid()}_{next(_seq)}.csv"
            tmp = path.with_suffix(".tmp")
            tmp.write_text(payment_file(new), encoding="utf-8")
            tmp.rename(path)
        return await self.query([o.reference for o in orders])

    async def query(self, references: Sequence[str]) -> list[PaymentResult]:
        exported, results = self._exported(), self._results()
        out = []
        for ref in references:
            if ref in results:
                out.append(results[ref])
            elif ref in exported:
                out.append(PaymentResult(ref, Outcome.processing, amount_fen=exported[ref].amount_fen))
            else:
                out.append(PaymentResult(ref, Outcome.not_found))
        return out

    async def statement(self, references: Sequence[str] | None = None) -> list[StatementLine]:
        exported = self._exported()
        wanted = set(references) if references is not None else None
        return [
            StatementLine(
                r.reference,
                r.amount_fen or 0,
                r.channel_txn or "",
                exported[r.reference].account if r.reference in exported else "",
            )
            for r in self._results().values()
            if r.outcome == Outcome.applied and (wanted is None or r.reference in wanted)
        ]

    async def aclose(self) -> None:
        return None
