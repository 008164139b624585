"""The bank batch-file channel (银行代发文件): export a payment file, import the bank's result.

Layout (UTF-8, comma-separated, RFC 4180 quoting, first line a header):

The channel's state is in the tenant's schema (`bank_file`, `bank_export`, `bank_result`), so
every worker of an installation shares it. An operator writes the payment files out with
`saishang welfare bank-files --tenant SLUG --out DIR` and hands the bank's result files in with
`saishang welfare bank-import FILE`.

Payment file `PAY_<tenant>_<yyyymmddHHMMSS>_<n>.csv`, one line per payment order::

    reference,account,name,amount_yuan,memo
    WF3F9C2A...,6222020200112233445,张伟,500.00,2017两节送温暖
    TOTAL,2,1000.00,,

- `reference`: the payout's payment reference, 1-40 letters/digits; the bank
  must refuse a reference it has already paid (it is the idempotency key).
- `account`: the beneficiary's bank card number; `name`: the account holder.
- `amount_yuan`: yuan with exactly two decimals (fen / 100), never a float.
- The last line is the trailer `TOTAL,<count>,<sum of amount_yuan>,,`.

Result file (any name), written by the bank, one line per order it processed::

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
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import msgspec

from server.errors import FieldError, InvalidInput, NotFound
from server.infra.tenancy import conn, tenant_scope
from server.modules.welfare import accounts
from server.modules.welfare import messages as msg
from server.modules.welfare.channels.base import Outcome, PaymentOrder, PaymentResult, StatementLine

PAYMENT_HEADER = ["reference", "account", "name", "amount_yuan", "memo"]
RESULT_HEADER = ["reference", "status", "amount_yuan", "bank_txn", "reason"]
REFERENCE_RE = re.compile(r"^[A-Za-z0-9]{1,40}$")


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
    """Payment orders become bank files in the tenant's schema (`bank_file`, `bank_export`); the
    bank's result files, imported by an operator, become `bank_result` rows. Every worker of the
    installation sees the same outbox: a reference is exported once (a unique key), whichever
    worker, home or host exports it."""

    name = "bank_file"

    def __init__(self, tenant: str):
        self.tenant = tenant

    async def pay(self, orders: Sequence[PaymentOrder]) -> list[PaymentResult]:
        if orders:
            async with tenant_scope(self.tenant):
                await _export(self.tenant, orders)
        return await self.query([o.reference for o in orders])

    async def query(self, references: Sequence[str]) -> list[PaymentResult]:
        async with tenant_scope(self.tenant):
            rows = await conn().fetch(
                """SELECT e.reference, e.amount_fen, r.outcome, r.amount_fen AS paid_fen, r.bank_txn, r.reason
                     FROM bank_export e LEFT JOIN bank_result r ON r.reference = e.reference
                    WHERE e.reference = ANY($1::text[])""",
                list(references),
            )
        known = {r["reference"]: r for r in rows}
        out = []
        for ref in references:
            r = known.get(ref)
            if r is None:
                out.append(PaymentResult(ref, Outcome.not_found))
            elif r["outcome"] is None:
                out.append(PaymentResult(ref, Outcome.processing, amount_fen=int(r["amount_fen"])))
            else:
                out.append(
                    PaymentResult(
                        ref,
                        Outcome(r["outcome"]),
                        channel_txn=r["bank_txn"] or None,
                        amount_fen=int(r["paid_fen"]),
                        reason=r["reason"],
                    )
                )
        return out

    async def statement(self, references: Sequence[str] | None = None) -> list[StatementLine]:
        async with tenant_scope(self.tenant):
            rows = await conn().fetch(
                """SELECT r.reference, r.amount_fen, r.bank_txn, e.account
                     FROM bank_result r LEFT JOIN bank_export e ON e.reference = r.reference
                    WHERE r.outcome = 'applied' AND ($1::text[] IS NULL OR r.reference = ANY($1::text[]))
                    ORDER BY r.id""",
                None if references is None else list(references),
            )
        return [
            StatementLine(
                r["reference"],
                int(r["amount_fen"]),
                r["bank_txn"],
                accounts.open_account(r["account"]) if r["account"] else "",
            )
            for r in rows
        ]

    async def aclose(self) -> None:
        return None


async def _export(tenant: str, orders: Sequence[PaymentOrder]) -> int:
    """Put the orders not exported yet into a new bank file, in the open tenant scope; the unique
    reference makes a concurrent export of the same order wait and then skip it."""
    c = conn()
    file_id = await c.fetchval("INSERT INTO bank_file (name, created_at) VALUES ('', now()) RETURNING id")
    added = await c.fetch(
        """INSERT INTO bank_export (reference, file, account, name, amount_fen, memo)
           SELECT o.reference, $1, o.account, o.name, o.amount_fen, o.memo
             FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
                  AS o(reference, account, name, amount_fen, memo)
            ORDER BY o.reference  -- one lock order: two workers exporting the same orders never deadlock
           ON CONFLICT (reference) DO NOTHING
           RETURNING amount_fen""",
        file_id,
        [o.reference for o in orders],
        accounts.seal_accounts([o.account for o in orders]),
        [o.name for o in orders],
        [o.amount_fen for o in orders],
        [o.memo for o in orders],
    )
    if not added:
        await c.execute("DELETE FROM bank_file WHERE id = $1", file_id)
        return 0
    await c.execute(
        """UPDATE bank_file SET orders = $2, total_fen = $3,
                  name = 'PAY_' || $4 || '_' || to_char(created_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS') || '_' || id || '.csv'
            WHERE id = $1""",
        file_id,
        len(added),
        sum(int(r["amount_fen"]) for r in added),
        tenant,
    )
    return len(added)


class FileOut(msgspec.Struct):
    name: str
    orders: int
    total_fen: int
    created_at: dt.datetime
    fetched_at: dt.datetime | None


async def bank_files(*, unfetched_only: bool = True) -> list[FileOut]:
    """The tenant's payment files (in the open scope), oldest first."""
    rows = await conn().fetch(
        "SELECT name, orders, total_fen, created_at, fetched_at FROM bank_file "
        "WHERE orders > 0 AND (NOT $1 OR fetched_at IS NULL) ORDER BY id",
        unfetched_only,
    )
    return [FileOut(**dict(r)) for r in rows]


async def file_text(name: str) -> str:
    """The payment file's text (the layout above), from its orders (in the open scope)."""
    c = conn()
    file_id = await c.fetchval("SELECT id FROM bank_file WHERE name = $1", name)
    if file_id is None:
        raise NotFound(msg.BANK_FILE_NOT_FOUND, name=name)
    rows = await c.fetch(
        "SELECT reference, account, name, amount_fen, memo FROM bank_export WHERE file = $1 ORDER BY id", file_id
    )
    return payment_file(
        [
            PaymentOrder(
                r["reference"], accounts.open_account(r["account"]), r["name"], int(r["amount_fen"]), r["memo"]
            )
            for r in rows
        ]
    )


async def mark_fetched(names: Sequence[str]) -> None:
    """The files an operator has written out (after they are on disk: a failed write leaves
    them to the next `bank-files`)."""
    await conn().execute("UPDATE bank_file SET fetched_at = now() WHERE name = ANY($1::text[])", list(names))


async def import_results(results: Sequence[PaymentResult], source: str) -> int:
    """Record the bank's answers for the references this tenant exported (in the open scope);
    how many were this tenant's. A later answer for a reference replaces the earlier one."""
    n = await conn().fetchval(
        """WITH got AS (
             INSERT INTO bank_result (reference, outcome, amount_fen, bank_txn, reason, source, imported_at)
             SELECT r.reference, r.outcome, r.amount_fen, r.bank_txn, r.reason, $6, now()
               FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[])
                    AS r(reference, outcome, amount_fen, bank_txn, reason)
              WHERE r.reference IN (SELECT reference FROM bank_export)
             ON CONFLICT (reference) DO UPDATE
                SET outcome = excluded.outcome, amount_fen = excluded.amount_fen, bank_txn = excluded.bank_txn,
                    reason = excluded.reason, source = excluded.source, imported_at = excluded.imported_at
             RETURNING 1)
           SELECT count(*) FROM got""",
        [r.reference for r in results],
        [r.outcome.value for r in results],
        [r.amount_fen or 0 for r in results],
        [r.channel_txn or "" for r in results],
        [r.reason for r in results],
        source,
    )
    return int(n)
